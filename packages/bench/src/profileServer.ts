import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type LoadKind, type LoadOptions } from './benchServer.js';

/** Where a profiled server spends its CPU: one share per category, of the time it was not idle. */
export interface ServerProfile {
  readonly kind: string;
  readonly requestsPerSecond: number;
  readonly shares: readonly { readonly category: string; readonly share: number }[];
}

interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const SOCKET_WRITES = new Set(['writev', 'writevGeneric', 'writeUtf8String', 'writeLatin1String', 'writeBuffer']);

/**
 * The category of a profile node's self time. Builtins such as `JSON.stringify` count as their
 * caller's self time, so the answer's serialisation shows under the function that calls it.
 */
export function categoryOf(functionName: string, url: string, bundleName: string): string | undefined {
  if (functionName === '(idle)' || functionName === '(program)') return undefined;
  if (SOCKET_WRITES.has(functionName)) return 'socket writes (the kernel sending the answer)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (url.includes('@electric-sql/pglite') || url.startsWith('wasm')) return 'PGlite (its JavaScript and WebAssembly)';
  if (url.endsWith(bundleName)) {
    return functionName === 'jsonAnswer' ? 'JSON.stringify of the answer' : 'this library: routes, core operation, store';
  }
  if (url.startsWith('node:')) return 'Node: HTTP parsing, streams, events (JavaScript)';
  return 'other native code';
}

/** Self time by category, as shares of the non-idle time, largest first. */
export function summarizeServerProfile(profile: CpuProfile, bundleName: string): ServerProfile['shares'] {
  const selfTime = new Map<number, number>();
  profile.samples.forEach((node, index) => selfTime.set(node, (selfTime.get(node) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byCategory = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const category = categoryOf(node.callFrame.functionName, node.callFrame.url, bundleName);
    const time = selfTime.get(node.id) ?? 0;
    if (category === undefined || time === 0) continue;
    byCategory.set(category, (byCategory.get(category) ?? 0) + time);
    busy += time;
  }
  return [...byCategory]
    .map(([category, time]) => ({ category, share: busy === 0 ? 0 : time / busy }))
    .sort((a, b) => b.share - a.share);
}

/**
 * Runs one benchmark server under the same autocannon load with V8's CPU profiler on
 * (from the end of the warm-up), then summarises where its CPU went.
 *
 * @param script - the bundled `serveForBenchmark` script
 * @param server - the server kind and its arguments (`memory`, `pglite`, …)
 * @param loadKind - what the load sends
 * @param body - the PATCH body
 * @param options - the load
 * @returns requests per second under the profiler, and the CPU shares
 */
export async function profileServer(
  script: string,
  server: readonly string[],
  loadKind: LoadKind,
  body: string,
  options: LoadOptions,
): Promise<ServerProfile> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'metadata-server-profile-'));
  const profileFile = path.join(directory, 'server.cpuprofile');
  try {
    const running = await startServer(script, server, body, { BENCH_CPU_PROFILE: profileFile });
    // SIGUSR2 starts the profiler once warm; SIGTERM (stop) writes the profile as the server exits.
    const load = await running.load(options, loadKind, () => running.signal('SIGUSR2')).finally(() => running.stop());
    const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
    return { kind: server.join(' '), requestsPerSecond: load.requestsPerSecond, shares: summarizeServerProfile(profile, path.basename(script)) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
