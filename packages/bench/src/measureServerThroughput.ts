import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type Load, type LoadKind, type LoadOptions, type RunningServer } from './benchServer.js';
import { bundleForNode } from './bundleForNode.js';
import { createWorkloads } from './createWorkloads.js';
import { profileServer, type ServerProfile } from './profileServer.js';
import type { ServerRow } from './renderReport.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The load each server gets: bounded in time, loopback only; servers take turns, round after round. */
export interface ThroughputOptions extends LoadOptions {
  /** Rounds of (bare, handler, …) loads: each ratio is taken within a round, so a slow spell of the machine cancels out. */
  readonly rounds: number;
}

const DEFAULT_OPTIONS: ThroughputOptions = { seconds: 3, warmupSeconds: 1, connections: 64, rounds: 7 };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One measured row: a server process (`serveForBenchmark`'s kind and arguments) under one kind of load. */
interface Measurement {
  readonly label: string;
  readonly role: ServerRow['role'];
  readonly server: readonly string[];
  readonly load: LoadKind;
  /** A target row: its name in the targets table and the ratio it must reach. */
  readonly target?: { readonly name: string; readonly ratio: number };
}

const EXCLUSIVE = 'exclusivePostgresStore on PGlite';

/** Loaded in turns, round after round (the first is the baseline every ratio divides by). */
const IN_ROUNDS: readonly Measurement[] = [
  { label: 'bare node:http (parse + re-serialise)', role: 'baseline', server: ['bare'], load: 'patch' },
  { label: 'PATCH: createMetadataHandler + memoryStore (serveNodeHttp)', role: 'target', server: ['memory'], load: 'patch', target: { name: 'PATCH, memoryStore', ratio: 0.7 } },
  { label: "reference: bare node:http padding its answer to the handler's size", role: 'reference', server: ['bare', 'padded'], load: 'patch' },
  { label: 'reference: PATCH, memoryStore behind a wrapper (serveNodeHttp of `(request) => handler(request)`)', role: 'reference', server: ['memory-fetch'], load: 'patch' },
  { label: `PATCH: createMetadataHandler + ${EXCLUSIVE} (as \`pnpm start\`)`, role: 'target', server: ['pglite'], load: 'patch', target: { name: `PATCH, ${EXCLUSIVE}`, ratio: 0.2 } },
  { label: `PUT: createMetadataHandler + ${EXCLUSIVE}`, role: 'target', server: ['pglite'], load: 'put', target: { name: `PUT, ${EXCLUSIVE}`, ratio: 0.2 } },
  { label: `mixed, 3 GET to 1 PATCH: createMetadataHandler + ${EXCLUSIVE}`, role: 'target', server: ['pglite'], load: 'mixed', target: { name: `mixed reads and writes, ${EXCLUSIVE}`, ratio: 0.2 } },
];

/** Loaded once each, after the rounds, against the median bare. */
const ONCE: readonly Measurement[] = [
  { label: `reference: PATCH to each of 1,000 users in turn, ${EXCLUSIVE}`, role: 'reference', server: ['pglite'], load: 'patch-spread' },
  { label: 'reference: PATCH to each of 1,000 users in turn, memoryStore', role: 'reference', server: ['memory'], load: 'patch-spread' },
  { label: 'reference: PATCH, postgresStore on PGlite (compare-and-set; the store before this one)', role: 'reference', server: ['pglite-shared'], load: 'patch' },
  { label: 'reference: bare node:http + PGlite running the two statements of a compare-and-set change', role: 'reference', server: ['bare-pglite'], load: 'patch' },
];

function row(measurement: Measurement, answerBytes: number, loads: readonly Load[], bares: readonly Load[]): ServerRow {
  // Ratios within a round (the bare server loaded just before); a server loaded once, against the median bare.
  const medianBare = median(bares.map((bare) => bare.requestsPerSecond));
  const bareOf = (round: number): number => (loads.length === bares.length ? bares[round]!.requestsPerSecond : medianBare);
  const ratios = loads.map((load, round) => load.requestsPerSecond / bareOf(round));
  return {
    label: measurement.label,
    role: measurement.role,
    ...(measurement.target === undefined ? {} : { store: measurement.target.name, targetRatio: measurement.target.ratio }),
    requestsPerSecond: median(loads.map((load) => load.requestsPerSecond)),
    cpuMicrosPerRequest: median(loads.map((load) => load.cpuMicrosPerRequest)),
    latencyP50Ms: median(loads.map((load) => load.latencyP50Ms)),
    latencyP99Ms: median(loads.map((load) => load.latencyP99Ms)),
    answerBytes,
    ratio: median(ratios),
    ratioRange: { min: Math.min(...ratios), max: Math.max(...ratios) },
  };
}

/**
 * Measures the throughput of the served metadata handler (memory store, and PGlite as the command-line
 * server runs it) against a bare `node:http` server that parses and re-serialises the same PATCH body. Each
 * server runs in its own process on 127.0.0.1, from an esbuild bundle; autocannon drives it from this one
 * for a bounded time. The bare server, the targets and two references take turns for `rounds` rounds; the
 * other references (PATCHes spread over many users, the compare-and-set store, a bare server running the
 * two PGlite statements of a compare-and-set change) are loaded once each.
 *
 * @param options - duration, warm-up, connections and rounds
 * @returns one row per measurement, ratios to the bare server (median over rounds, with their range), and
 * a CPU profile of each target that missed
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
  const running = new Map<string, RunningServer>();
  const serverFor = async (args: readonly string[]): Promise<RunningServer> => {
    const name = args.join(' ');
    let server = running.get(name);
    if (server === undefined) {
      // The padded bare server answers as many bytes as the memory store's handler does.
      const resolved = args[1] === 'padded' ? ['bare', String((await serverFor(['memory'])).answerBytes)] : args;
      server = await startServer(script, resolved, body);
      running.set(name, server);
    }
    return server;
  };
  const stopAll = async (): Promise<void> => {
    const servers = [...running.values()];
    running.clear();
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    const inRounds: Load[][] = IN_ROUNDS.map(() => []);
    for (const measurement of IN_ROUNDS) await serverFor(measurement.server);
    for (let round = 0; round < options.rounds; round++) {
      for (const [index, measurement] of IN_ROUNDS.entries()) {
        inRounds[index]!.push(await (await serverFor(measurement.server)).load(options, measurement.load));
      }
    }
    const bares = inRounds[0]!;
    const rows = IN_ROUNDS.map((measurement, index) => row(measurement, running.get(measurement.server.join(' '))!.answerBytes, inRounds[index]!, bares));
    // Loaded once, one server at a time: a longer load each.
    const onceOptions = { ...options, seconds: 2 * options.seconds };
    for (const measurement of ONCE) {
      if (!running.has(measurement.server.join(' '))) await stopAll();
      const server = await serverFor(measurement.server);
      rows.push(row(measurement, server.answerBytes, [await server.load(onceOptions, measurement.load)], bares));
    }
    await stopAll();
    // Where a target is missed, say where its server's CPU goes.
    const profiles: ServerProfile[] = [];
    for (const [index, measurement] of IN_ROUNDS.entries()) {
      const measured = rows[index]!;
      if (measurement.target !== undefined && measured.ratio < measurement.target.ratio) {
        profiles.push({ ...(await profileServer(script, measurement.server, measurement.load, body, options)), kind: measurement.target.name });
      }
    }
    return {
      rows,
      profiles,
      note:
        `autocannon, ${options.connections} connections, from this process; each server in its own process on 127.0.0.1, ` +
        `from an esbuild bundle (NODE_ENV=production), started once. ${options.rounds} rounds in turn of the first ${IN_ROUNDS.length} rows, ` +
        `each load ${options.warmupSeconds} s of warm-up then ${options.seconds} s measured; each ratio is taken within its round, and the ` +
        `table shows the median with the range over rounds; the other rows: one ${onceOptions.seconds} s load each, against the median bare. ` +
        `Latency is autocannon's, per request (p50 and p99 over the load). Server CPU is the server process's user + system time per ` +
        `request served. PGlite keeps its data in a folder, as \`pnpm start\` does. The body is workload 1's patch as \`public_metadata\` ` +
        `(${body.length} bytes), sent to \`PATCH /v1/users/{id}/metadata\` (PUT: the same body to the same path) of one of 1,000 users ` +
        `created with workload 1's metadata; "mixed" sends \`GET /v1/users/{id}\` three times for each PATCH. Every ratio divides by ` +
        `the bare server's PATCH throughput.`,
    };
  } finally {
    await stopAll();
  }
}
