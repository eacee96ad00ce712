// `pnpm --filter @metadata-semantics/bench bench`: times every contender in fresh processes,
// measures bundle sizes (and served PATCH throughput when available), writes docs/benchmarks.{md,svg}.
import { bundleForNode } from './bundleForNode.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SCHEMAS_END, SCHEMAS_START } from './schemasSection.js';
import { COMMITS_END, COMMITS_START } from './renderCommitComparison.js';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkContender } from './checkContender.js';
import { contenders, contendersFor } from './contenders.js';
import { createWorkloads, DEFAULT_SEED } from './createWorkloads.js';
import { BUNDLE_ENTRIES, CORE_REDUCERS_TARGET_BYTES, measureBundleSize } from './measureBundleSize.js';
import { profileContender } from './profileContender.js';
import { renderChart } from './renderChart.js';
import { checkKey, renderReport, type BenchmarkReport, type SizeRow } from './renderReport.js';
import type { PassResult } from './runBenchmarkPass.js';
import { summarizePasses } from './summarizePasses.js';
import { FLOOR_TARGET } from './evaluateTargets.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const docsDir = path.resolve(packageDir, '../../docs');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** The last run's measurements: `--render-only` renders the report from them again, measuring nothing. */
const REPORT_FILE = path.join(packageDir, 'temp/report.json');
if (process.argv.includes('--render-only')) {
  writeReport(JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as BenchmarkReport);
  process.exit(0);
}

const quick = process.argv.includes('--quick');
const passes = option('passes', 5);
const minCpuMs = option('min-cpu-ms', quick ? 25 : 250);
const seed = option('seed', DEFAULT_SEED);
const skipServer = process.argv.includes('--skip-server') || quick;
const started = performance.now();
const loadBefore = os.loadavg();

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function bundleWorker(directory: string): Promise<string> {
  return bundleForNode(path.join(packageDir, 'src/benchWorker.ts'), path.join(directory, 'benchWorker.mjs'));
}

function readVersion(name: string): string {
  const manifest = path.join(packageDir, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

const workloads = createWorkloads(seed);
const checks: Record<string, ReturnType<typeof checkContender>> = {};
for (const workload of workloads) {
  for (const contender of contendersFor(workload.kind)) checks[checkKey(workload.id, contender.id)] = checkContender(contender, workload);
}

const temporary = mkdtempSync(path.join(os.tmpdir(), 'metadata-bench-'));
const passResults: PassResult[] = [];
try {
  const worker = await bundleWorker(temporary);
  for (let pass = 0; pass < passes; pass++) {
    log(`run ${pass + 1}/${passes} (${minCpuMs} ms per contender)…`);
    const output = execFileSync(process.execPath, ['--expose-gc', worker, String(pass), String(seed), String(minCpuMs)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    passResults.push(JSON.parse(output) as PassResult);
  }
} finally {
  rmSync(temporary, { recursive: true, force: true });
}

log('bundle sizes…');
const sizes: SizeRow[] = [];
let coreSizeBreakdown: { path: string; bytes: number }[] = [];
for (const entry of BUNDLE_ENTRIES) {
  const size = await measureBundleSize(entry.source);
  sizes.push({ id: entry.id, label: entry.label, minified: size.minified, gzipped: size.gzipped });
  if (entry.id === 'core') coreSizeBreakdown = [...size.inputs];
}

let server: BenchmarkReport['server'] = { skipped: 'run without --skip-server once packages/server exists.' };
if (!skipServer) {
  try {
    const { measureServerThroughput } = await import('./measureServerThroughput.js');
    log('server throughput…');
    server = await measureServerThroughput();
  } catch (error) {
    server = { skipped: `the server benchmark could not run (${error instanceof Error ? error.message : String(error)}).` };
  }
}

const coreIds = contenders.filter((contender) => contender.group === 'core').map((contender) => contender.id);
const summaries = summarizePasses(passResults, coreIds);
const byId = new Map(contenders.map((contender) => [contender.id, contender]));

const profiles: BenchmarkReport['profiles'][number][] = [];
for (const summary of summaries) {
  const floor = summary.contenders.find((entry) => byId.get(entry.contenderId)?.group === 'floor');
  // Profiled where the core misses the floor target in any run.
  if (floor === undefined || 1 / floor.timeVsCore.min <= FLOOR_TARGET) continue;
  log(`profiling workload ${summary.id} (core ${(1 / floor.timeVsCore.median).toFixed(2)}× the floor)…`);
  const seconds = quick ? 1 : 3;
  profiles.push({
    core: await profileContender(summary.id, summary.coreId, seconds),
    floor: await profileContender(summary.id, floor.contenderId, seconds),
  });
}
const packageNames = [...new Set(contenders.flatMap((contender) => (contender.packageName ? [contender.packageName] : [])))];
let lists: BenchmarkReport['lists'] = { skipped: 'run without --skip-server.' };
if (!skipServer) {
  const { measureListLatency } = await import('./measureListLatency.js');
  log('list and count latency at 100,000 users…');
  lists = await measureListLatency(100_000, 9, log);
}
let opening: BenchmarkReport['opening'] = { skipped: 'run without --skip-server.' };
if (!skipServer) {
  const { measureOpening } = await import('./measureOpening.js');
  log('opening data folders of 100,000, 400,000 and 1,000,000 users…');
  opening = await measureOpening(undefined, log);
}
const report: BenchmarkReport = {
  generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  durationSeconds: (performance.now() - started) / 1000,
  machine: {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadBefore,
    loadAfter: os.loadavg(),
  },
  settings: { passes, minCpuMs, seed },
  versions: [
    ...packageNames.map((name) => ({
      name,
      version: name === '@metadata-semantics/core' ? `${readVersion(name)} (source)` : readVersion(name),
    })),
    { name: 'mitata (timer)', version: readVersion('mitata') },
    { name: 'esbuild (bundler)', version: readVersion('esbuild') },
  ],
  workloads: workloads.map(({ id, name, description }) => ({ id, name, description })),
  contenders,
  summaries,
  checks,
  sizes,
  reducersBudgetBytes: CORE_REDUCERS_TARGET_BYTES,
  coreSizeBreakdown,
  server,
  lists,
  opening,
  profiles,
};

writeReport(report);

/** Writes docs/benchmarks.{md,svg}, and the measurements to temp/report.json (which `--render-only` renders again). */
function writeReport(report: BenchmarkReport): void {
  const workloadsById = new Map(createWorkloads(report.settings.seed).map((workload) => [workload.id, workload]));
  const contendersById = new Map(contenders.map((contender) => [contender.id, contender]));
  const chart = renderChart(
    report.summaries.map((summary) => {
      const workload = workloadsById.get(summary.id)!;
      return {
        title: `${workload.id}. ${workload.name}`,
        bars: summary.contenders.map((entry) => {
          const contender = contendersById.get(entry.contenderId)!;
          return { label: contender.label, group: contender.group, ...entry.timeVsCore };
        }),
      };
    }),
    `@metadata-semantics/core vs alternatives: time per call relative to the core (${report.machine.cpu}, Node ${report.machine.node})`,
  );
  mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  writeFileSync(REPORT_FILE, JSON.stringify(report));
  writeFileSync(path.join(docsDir, 'benchmarks.svg'), chart);
  // The sections measured on their own (bench:schemas, bench:commits): kept.
  const previous = readFileSync(path.join(docsDir, 'benchmarks.md'), 'utf8');
  const kept = [
    [SCHEMAS_START, SCHEMAS_END],
    [COMMITS_START, COMMITS_END],
  ].flatMap(([start, end]) => (previous.includes(start!) && previous.includes(end!) ? [previous.slice(previous.indexOf(start!), previous.indexOf(end!) + end!.length)] : []));
  const rendered = renderReport(report, 'benchmarks.svg');
  writeFileSync(path.join(docsDir, 'benchmarks.md'), [rendered.trimEnd(), ...kept].join('\n\n') + '\n');
  log(`wrote docs/benchmarks.md and docs/benchmarks.svg (measured in ${report.durationSeconds.toFixed(0)} s)`);
}
