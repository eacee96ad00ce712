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
  readonly delivered: number;
  readonly pending: number;
  readonly lastLagMs: number;
  readonly waitedMs: number;
}

/** Waits until the newest 1,000 messages are settled: how many were delivered, and the newest one's lag. */
async function drain(url: string, secretKey: string): Promise<Drained> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`${url}/_webhooks/messages?limit=1000`, { headers: { authorization: `Bearer ${secretKey}` } });
    const { data } = (await response.json()) as { data: { state: string; recorded_at: number; attempts: { at: number }[] }[] };
    const pending = data.filter((entry) => entry.state === 'pending').length;
    if (pending === 0 || Date.now() - started > 120_000) {
      const newest = data[0];
      const lastLagMs = newest === undefined || newest.attempts.length === 0 ? 0 : newest.attempts.at(-1)!.at - newest.recorded_at;
      return { delivered: data.filter((entry) => entry.state === 'delivered').length, pending, lastLagMs, waitedMs: Date.now() - started };
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
const drained = await drain(withWebhook.url, withWebhook.secretKey);
await withWebhook.stop();
const ratio = median(ratios);
const cpuRatio = median(loads.map((load) => load.without.cpuMicrosPerRequest / load.with.cpuMicrosPerRequest));
const lines = [
  WEBHOOKS_START,
  '## Server: PATCH with a webhook endpoint',
  '',
  `PATCH on ${'`exclusivePostgresStore`'} over PGlite (the command-line server's store) with one webhook endpoint configured, against the same`,
  'without, in one run: autocannon, 64 connections, each load 1 s of warm-up then 3 s measured, the two servers in turn for',
  `${rounds} rounds, each ratio taken within its round (median, with the range). The endpoint is a sink in a process of its own`,
  'answering 204 without verifying (verifying is the app\'s cost). Every PATCH records one `user.updated` in the outbox, in its',
  'batch statement; delivery writes each attempt\'s outcome in the next batch. Target: at least 0.8×.',
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
  `After the load the outbox drained in ${(drained.waitedMs / 1000).toFixed(1)} s: of its newest 1,000 messages ${drained.delivered} delivered, ${drained.pending} pending; the newest was delivered ${drained.lastLagMs} ms after it was recorded.`,
  '',
  WEBHOOKS_END,
];
writeReportSection(report, WEBHOOKS_START, WEBHOOKS_END, lines.join('\n'));
say(`wrote the webhooks section of ${report}: ${ratio.toFixed(2)}×`);
