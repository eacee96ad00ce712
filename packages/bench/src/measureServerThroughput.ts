import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type Load, type LoadOptions, type RunningServer } from './benchServer.js';
import { bundleForNode } from './bundleForNode.js';
import { createWorkloads } from './createWorkloads.js';
import { profileServer, type ServerProfile } from './profileServer.js';
import { SERVER_TARGET_RATIO } from './evaluateTargets.js';
import type { ServerRow } from './renderReport.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The load each server gets: bounded in time, loopback only; servers take turns, round after round. */
export interface ThroughputOptions extends LoadOptions {
  /** Rounds of (bare, handler, …) loads: each ratio is taken within a round, so a slow spell of the machine cancels out. */
  readonly rounds: number;
}

const DEFAULT_OPTIONS: ThroughputOptions = { seconds: 3, warmupSeconds: 1, connections: 16, rounds: 7 };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function row(
  label: string,
  role: ServerRow['role'],
  answerBytes: number,
  loads: readonly Load[],
  bares: readonly Load[],
  store?: string,
): ServerRow {
  // Ratios within a round (the bare server loaded just before); a server loaded once, against the median bare.
  const medianBare = median(bares.map((bare) => bare.requestsPerSecond));
  const bareOf = (round: number): number => (loads.length === bares.length ? bares[round]!.requestsPerSecond : medianBare);
  const ratios = loads.map((load, round) => load.requestsPerSecond / bareOf(round));
  return {
    label,
    role,
    ...(store === undefined ? {} : { store }),
    requestsPerSecond: median(loads.map((load) => load.requestsPerSecond)),
    cpuMicrosPerRequest: median(loads.map((load) => load.cpuMicrosPerRequest)),
    answerBytes,
    ratio: median(ratios),
    ratioRange: { min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}

/** Loads each running server in turn, `rounds` times over. */
async function loadInTurns(servers: readonly RunningServer[], options: ThroughputOptions): Promise<Load[][]> {
  const loads: Load[][] = servers.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, server] of servers.entries()) loads[index]!.push(await server.load(options));
  }
  return loads;
}

/**
 * Measures PATCH throughput of the served metadata handler (memory store and
 * PGlite) against a bare `node:http` server that parses and re-serialises the
 * same body. Each server runs in its own process on 127.0.0.1, from an esbuild
 * bundle; autocannon drives it from this one for a bounded time. The bare
 * server, the memory-store handler and two references (the bare server padding
 * its answer to the handler's size; the handler through `Request`/`Response`)
 * take turns for `rounds` rounds; PGlite, slow to start, is loaded once, and so
 * is a bare server running the same two PGlite statements a change needs.
 *
 * @param options - duration, warm-up, connections and rounds
 * @returns one row per server, ratios to the bare server (median over rounds, with their range)
 */
export async function measureServerThroughput(
  options: ThroughputOptions = DEFAULT_OPTIONS,
): Promise<{ rows: ServerRow[]; note: string; profiles: ServerProfile[] }> {
  const body = JSON.stringify({ public_metadata: createWorkloads()[0]!.patch });
  // Compiled JavaScript, as users run it (not tsx's transform); PGlite loads its WebAssembly beside its own module.
  const script = await bundleForNode(
    path.join(packageDir, 'src/serveForBenchmark.ts'),
    path.join(packageDir, 'temp/serveForBenchmark.mjs'),
    ['@electric-sql/pglite'],
  );
  const running: RunningServer[] = [];
  const start = async (...args: string[]): Promise<RunningServer> => {
    const server = await startServer(script, args, body);
    running.push(server);
    return server;
  };
  const stopAll = (): Promise<unknown> => Promise.all(running.splice(0).map((server) => server.stop()));
  try {
    const memoryServer = await start('memory');
    // The padded bare server answers as many bytes as the handler does.
    const bareServer = await start('bare');
    const paddedServer = await start('bare', String(memoryServer.answerBytes));
    const fetchServer = await start('memory-fetch');
    const [bare, memory, padded, throughFetch] = await loadInTurns([bareServer, memoryServer, paddedServer, fetchServer], options);
    await stopAll();
    // PGlite takes seconds to start and serves a few thousand requests a second: one longer load each, one at a time.
    const pgliteOptions = { ...options, rounds: 1, seconds: 2 * options.seconds };
    const pgliteServer = await start('pglite');
    const [pglite] = await loadInTurns([pgliteServer], pgliteOptions);
    await stopAll();
    const barePgliteServer = await start('bare-pglite');
    const [barePglite] = await loadInTurns([barePgliteServer], pgliteOptions);
    await stopAll();
    const rows = [
      row('bare node:http (parse + re-serialise)', 'baseline', bareServer.answerBytes, bare!, bare!),
      row('createMetadataHandler + memoryStore (serveNodeHttp)', 'target', memoryServer.answerBytes, memory!, bare!, 'memoryStore'),
      row(
        'createMetadataHandler + postgresStore(PGlite) (serveNodeHttp)',
        'target',
        pgliteServer.answerBytes,
        pglite!,
        bare!,
        'postgresStore on PGlite',
      ),
      row("reference: bare node:http padding its answer to the handler's size", 'reference', paddedServer.answerBytes, padded!, bare!),
      row(
        'reference: bare node:http + PGlite running the two statements of a compare-and-set change',
        'reference',
        barePgliteServer.answerBytes,
        barePglite!,
        bare!,
      ),
      row(
        'reference: createMetadataHandler + memoryStore through Request/Response (serveNodeHttp of a wrapper)',
        'reference',
        fetchServer.answerBytes,
        throughFetch!,
        bare!,
      ),
    ];
    // Where a served store misses the target, say where its CPU goes.
    const profiles: ServerProfile[] = [];
    for (const [kind, store] of [['memory', 'memoryStore'], ['pglite', 'postgresStore on PGlite']] as const) {
      if (rows.some((entry) => entry.store === store && entry.ratio < SERVER_TARGET_RATIO)) {
        profiles.push({ ...(await profileServer(script, kind, body, options)), kind: store });
      }
    }
    return {
      rows,
      profiles,
      note:
        `autocannon, ${options.connections} connections, from this process; each server in its own process on 127.0.0.1, ` +
        `from an esbuild bundle (NODE_ENV=production), started once. ${options.rounds} rounds in turn (bare, memoryStore, padded bare, ` +
        `through Request/Response), each load ${options.warmupSeconds} s of warm-up then ${options.seconds} s measured; each ratio is ` +
        `taken within its round, and the table shows the median with the range over rounds. The PGlite servers: one ` +
        `${pgliteOptions.seconds} s load each, against the median bare. Server CPU is the server process's user + system time per ` +
        `request served. The body is workload 1's patch as \`public_metadata\` (${body.length} bytes), sent to ` +
        `\`PATCH /v1/users/{id}/metadata\` of a user created with workload 1's metadata.`,
    };
  } finally {
    await stopAll();
  }
}
