// `pnpm --filter @metadata-semantics/bench bench:webhooks`: PATCH throughput of the command-line server's store
// (exclusivePostgresStore over PGlite) with one webhook endpoint against the same without, in one run (rounds in
// turn, each ratio within its round), then how the outbox drained; rewrites that section of docs/benchmarks.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type Load, type RunningServer } from './benchServer.js';
import { bundleForNode } from './bundleForNode.js';
import { createWorkloads } from './createWorkloads.js';
import { writeReportSection } from './writeReportSection.js';

export const WEBHOOKS_START = '<!-- webhooks:start -->';
export const WEBHOOKS_END = '<!-- webhooks:end -->';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const report = path.resolve(packageDir, '../../docs/benchmarks.md');
const options = { seconds: 3, warmupSeconds: 1, connections: 64 };
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
const say = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Drained {
  /** Messages recorded but not delivered when the load ended, and when the wait ended. */
  readonly backlog: number;
  readonly pending: number;
  readonly waitedMs: number;
}

/** Waits (at most 120 s) until every message the server recorded is delivered: the backlog, and how long it took. */
async function drain(server: RunningServer): Promise<Drained> {
  const started = Date.now();
  const first = (await server.stats()).webhooks!;
  for (;;) {
    const { recorded, delivered } = (await server.stats()).webhooks!;
    if (delivered >= recorded || Date.now() - started > 120_000) {
      return { backlog: first.recorded - first.delivered, pending: recorded - delivered, waitedMs: Date.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const body = JSON.stringify({ public_metadata: createWorkloads()[0]!.patch });
const script = await bundleForNode(path.join(packageDir, 'src/serveForBenchmark.ts'), path.join(packageDir, 'temp/serveForBenchmark.mjs'), ['@electric-sql/pglite']);
say('starting the servers (1,000 users each)…');
const without: RunningServer = await startServer(script, ['pglite'], body);
const withWebhook: RunningServer = await startServer(script, ['pglite-webhooks'], body);
const loads: { without: Load; with: Load }[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const bare = await without.load(options, 'patch');
    const hooked = await withWebhook.load(options, 'patch');
    loads.push({ without: bare, with: hooked });
    say(`round ${round + 1}: ${Math.round(bare.requestsPerSecond)} req/s without, ${Math.round(hooked.requestsPerSecond)} with one endpoint`);
  }
} finally {
  await without.stop();
}
const ratios = loads.map((load) => load.with.requestsPerSecond / load.without.requestsPerSecond);
const drained = await drain(withWebhook);
await withWebhook.stop();
const ratio = median(ratios);
const cpuRatio = median(loads.map((load) => load.without.cpuMicrosPerRequest / load.with.cpuMicrosPerRequest));
const perSecond = (count: (load: Load) => number): number => Math.round(median(loads.map((load) => count(load.with) / options.seconds)));
const recordedPerSecond = perSecond((load) => load.webhooks?.recorded ?? 0);
const deliveredPerSecond = perSecond((load) => load.webhooks?.delivered ?? 0);
const drainRate = drained.waitedMs === 0 ? 0 : Math.round((drained.backlog - drained.pending) / (drained.waitedMs / 1000));
const lines = [
  WEBHOOKS_START,
  '## Server: PATCH with a webhook endpoint',
  '',
  `PATCH on ${'`exclusivePostgresStore`'} over PGlite (the command-line server's store) with one webhook endpoint configured, against the same`,
  'without, in one run: autocannon, 64 connections, each load 1 s of warm-up then 3 s measured, the two servers in turn for',
  `${rounds} rounds, each ratio taken within its round (median, with the range). The endpoint is a sink in a process of its own`,
  'answering 204 without verifying (verifying is the app\'s cost). Every PATCH records one `user.updated` in the outbox, in its',
  'batch statement; delivery writes the attempts\' outcomes with a later batch (several at once). Every PATCH goes to one user, so',
  'every message is in one line, delivered one at a time in order. Target: at least 0.8×.',
  '',
  '| server | requests/s | p50 ms | p99 ms | CPU µs/request |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...(['without', 'with'] as const).map((which) => {
    const of = loads.map((load) => load[which]);
    return `| ${which === 'without' ? 'no webhook' : 'one webhook endpoint'} | ${Math.round(median(of.map((load) => load.requestsPerSecond)))} | ${median(of.map((load) => load.latencyP50Ms)).toFixed(1)} | ${median(of.map((load) => load.latencyP99Ms)).toFixed(1)} | ${Math.round(median(of.map((load) => load.cpuMicrosPerRequest)))} |`;
  }),
  '',
  `Ratio with / without: **${ratio.toFixed(2)}×** (range ${Math.min(...ratios).toFixed(2)}×–${Math.max(...ratios).toFixed(2)}×); target 0.8×: ${ratio >= 0.8 ? 'met' : 'missed'}.`,
  `Server CPU per request, without / with (what a busy machine disturbs least): ${cpuRatio.toFixed(2)}×.`,
  `Delivery during the measured loads (median): ${recordedPerSecond} messages recorded/s, ${deliveredPerSecond} delivered/s (delivery yields to the requests: see docs/webhooks.md).`,
  drained.pending === 0
    ? `After the last load the outbox drained: ${drained.backlog} messages delivered in ${(drained.waitedMs / 1000).toFixed(1)} s (${drainRate}/s).`
    : `After the last load the outbox had not drained in ${(drained.waitedMs / 1000).toFixed(1)} s: ${drained.backlog - drained.pending} of ${drained.backlog} delivered (${drainRate}/s), ${drained.pending} pending.`,
  '',
  WEBHOOKS_END,
];
writeReportSection(report, WEBHOOKS_START, WEBHOOKS_END, lines.join('\n'));
say(`wrote the webhooks section of ${report}: ${ratio.toFixed(2)}×`);
