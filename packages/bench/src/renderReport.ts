import type { ContenderCheck } from './checkContender.js';
import type { ContenderProfile } from './profileContender.js';
import type { Contender, ContenderGroup } from './contenders.js';
import { evaluateTargets, formatTimes, SERVER_TARGET_RATIO, type TargetResult } from './evaluateTargets.js';
import { explainMissedTargets } from './explainMissedTargets.js';
import type { ServerProfile } from './profileServer.js';
import type { ListLatencyReport } from './measureListLatency.js';
import { renderListLatency } from './renderListLatency.js';
import type { OpeningReport } from './measureOpening.js';
import { renderOpening } from './renderOpening.js';
import { CORE_REDUCERS_BUDGET_BYTES, OPTIMISTIC_TARGET_BYTES } from './measureBundleSize.js';
import type { WorkloadSummary } from './summarizePasses.js';

/** One bundle measured for the size table. */
export interface SizeRow {
  readonly id: string;
  readonly label: string;
  readonly minified: number;
  readonly gzipped: number;
}

/** One served-PATCH measurement. */
export interface ServerRow {
  readonly label: string;
  /** `baseline`: the bare server; `target`: checked against the ratio; `reference`: shown only. */
  readonly role: 'baseline' | 'target' | 'reference';
  /** The name of a `target` row in the targets table. */
  readonly store?: string;
  /** The ratio a `target` row must reach. */
  readonly targetRatio?: number;
  /** Median and 99th percentile latency per request, in milliseconds. */
  readonly latencyP50Ms?: number;
  readonly latencyP99Ms?: number;
  readonly requestsPerSecond: number;
  /** Bytes of one answer's body. */
  readonly answerBytes?: number;
  /** The server process's CPU time (user + system) per request served, in microseconds. */
  readonly cpuMicrosPerRequest?: number;
  /** Over the bare node:http baseline; 1 for the baseline itself. */
  readonly ratio: number;
  /** The lowest and highest ratio over the rounds. */
  readonly ratioRange?: { readonly min: number; readonly max: number };
}

/** Everything one `bench` run measured, ready to render. */
export interface BenchmarkReport {
  readonly generatedAt: string;
  readonly durationSeconds: number;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
    readonly os: string;
    readonly loadBefore: readonly number[];
    readonly loadAfter: readonly number[];
  };
  readonly settings: { readonly passes: number; readonly minCpuMs: number; readonly seed: number };
  readonly versions: readonly { readonly name: string; readonly version: string }[];
  readonly workloads: readonly { readonly id: number; readonly name: string; readonly description: string }[];
  readonly contenders: readonly Contender[];
  readonly summaries: readonly WorkloadSummary[];
  readonly checks: Readonly<Record<string, ContenderCheck>>;
  readonly sizes: readonly SizeRow[];
  readonly reducersBudgetBytes: number;
  readonly coreSizeBreakdown: readonly { readonly path: string; readonly bytes: number }[];
  readonly server:
    | { readonly rows: readonly ServerRow[]; readonly note: string; readonly profiles?: readonly ServerProfile[] }
    | { readonly skipped: string };
  /** List and count latency at 100,000 users (absent in reports from before it existed). */
  readonly lists?: ListLatencyReport | { readonly skipped: string };
  /** The command-line server opening data folders of many users (absent in reports from before it existed). */
  readonly opening?: OpeningReport | { readonly skipped: string };
  /** CPU profiles of the core and the floor on each workload where the core missed the floor target. */
  readonly profiles: readonly { readonly core: ContenderProfile; readonly floor: ContenderProfile }[];
}

function profileLines(profile: ContenderProfile): string[] {
  return profile.lines.map((entry) => `${(100 * entry.share).toFixed(1).padStart(5)}%  ${entry.source.slice(0, 100)}`);
}

const GROUP_NAMES: Readonly<Record<ContenderGroup, string>> = {
  core: 'the core',
  floor: 'lower bound',
  immutable: 'same semantics, immutable',
  mutating: 'same semantics, **mutates** (raw)',
  different: '**different semantics**',
};

const STATUS_MARKS: Readonly<Record<TargetResult['status'], string>> = {
  met: '✅ met',
  missed: '❌ missed',
  'not measured': '– not measured',
};

function formatDuration(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The key under which a contender's check on a workload is stored. */
export function checkKey(workloadId: number, contenderId: string): string {
  return `${workloadId}:${contenderId}`;
}

/**
 * Renders the benchmark report as Markdown for docs/benchmarks.md.
 *
 * @param report - the measurements of one run
 * @param chartFile - the chart's file name, relative to the Markdown file
 * @returns the Markdown text
 */
export function renderReport(report: BenchmarkReport, chartFile: string): string {
  const byId = new Map(report.contenders.map((contender) => [contender.id, contender]));
  const reducers = report.sizes.find((row) => row.id === 'core')!;
  const optimistic = report.sizes.find((row) => row.id === 'optimistic');
  const targets = evaluateTargets({
    summaries: report.summaries,
    contenders: report.contenders,
    reducersGzipBytes: reducers.gzipped,
    reducersBudgetBytes: report.reducersBudgetBytes,
    ...(report.lists === undefined || 'skipped' in report.lists
      ? {}
      : {
          listPages: report.lists.stores.map((store) => ({
            store: store.store,
            slowestMs: Math.max(...store.rows.filter((row) => /^(first|last) page|^page at offset/.test(row.label)).map((row) => row.medianMs)),
          })),
        }),
    ...(optimistic === undefined ? {} : { optimisticGzipBytes: optimistic.gzipped, optimisticAimBytes: OPTIMISTIC_TARGET_BYTES }),
    ...('rows' in report.server
      ? {
          serverThroughputRatios: report.server.rows
            .filter((row) => row.role === 'target')
            .map((row) => ({ store: row.store ?? row.label, ratio: row.ratio, target: row.targetRatio ?? SERVER_TARGET_RATIO })),
        }
      : {}),
  });
  const lines: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by `pnpm --filter @metadata-semantics/bench bench` (packages/bench). Do not edit by hand. -->',
    '',
    'Where `@metadata-semantics/core` stands against what users would pick instead, measured side by side in one',
    'process. Every number is a **ratio to the core measured in the same process**; the spread is the lowest and',
    `highest ratio over ${report.settings.passes} runs, each in a fresh process. Ratios above 1× mean slower than the core.`,
    '',
    '```sh',
    'pnpm --filter @metadata-semantics/bench bench   # writes docs/benchmarks.md and docs/benchmarks.svg',
    '```',
    '',
    '## Targets',
    '',
    '| Target | Measured | Status |',
    '| --- | --- | --- |',
    ...targets.map((row) => `| ${cell(row.target)} | ${cell(row.measured)} | ${STATUS_MARKS[row.status]} |`),
    '',
    `![Time per call relative to the core, per workload](${chartFile})`,
    '',
    '## Workloads',
    '',
    `Generated from seed ${report.settings.seed}; every input is passed through \`JSON.parse(JSON.stringify())\`, as stored`,
    'metadata and request bodies are. "Result" compares one call with the core (JSON equality); "inputs" says whether the',
    'shared target and patch were left untouched.',
    '',
  ];
  for (const summary of report.summaries) {
    const workload = report.workloads.find((candidate) => candidate.id === summary.id)!;
    lines.push(`### ${workload.id}. ${workload.name}`, '', `${workload.description}.`, '');
    lines.push('| Contender | Kind | Result | Inputs | Median time per call | Time vs core (runs) |');
    lines.push('| --- | --- | --- | --- | ---: | ---: |');
    for (const entry of summary.contenders) {
      const contender = byId.get(entry.contenderId)!;
      const check = report.checks[checkKey(summary.id, entry.contenderId)];
      const result = check === undefined ? '–' : check.matchesCore ? '= core' : 'differs';
      const inputs = check === undefined ? '–' : check.leavesInputsUntouched ? 'untouched' : 'mutated';
      const spread =
        entry.contenderId === summary.coreId
          ? '1×'
          : `${formatTimes(entry.timeVsCore.median)} (${formatTimes(entry.timeVsCore.min)}–${formatTimes(entry.timeVsCore.max)})`;
      const name = entry.contenderId === summary.coreId ? `**${contender.label}**` : contender.label;
      lines.push(
        `| ${cell(name)} | ${GROUP_NAMES[contender.group]} | ${result} | ${inputs} | ${formatDuration(entry.nsPerCall)} | ${spread} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '## Bundle size',
    '',
    'Each entry bundled alone with esbuild (browser platform, ESM, minified, tree-shaken, `NODE_ENV=production`) and',
    'gzipped at level 9. The core resolves to its TypeScript source.',
    '',
    '| Bundle | Minified | Minified + gzip |',
    '| --- | ---: | ---: |',
    ...report.sizes.map((row) => `| ${cell(row.label)} | ${row.minified.toLocaleString('en-US')} B | ${row.gzipped.toLocaleString('en-US')} B |`),
    '',
    `Target for the two reducers: ${report.reducersBudgetBytes} B gzipped. The size check (\`packages/bench/src/__tests__/coreSize.test.ts\`) fails past ${CORE_REDUCERS_BUDGET_BYTES} B: today's size plus a margin, so growth is caught.`,
    'Minified bytes of the reducers bundle by source file:',
    '',
    '| Source file | Minified bytes |',
    '| --- | ---: |',
    ...report.coreSizeBreakdown.map((input) => `| \`${input.path}\` | ${input.bytes.toLocaleString('en-US')} |`),
    '',
    '## Server throughput',
    '',
  );
  if ('rows' in report.server) {
    lines.push(
      '| Server | Answer bytes | Server CPU per request | Requests/s | Latency p50 / p99 | vs bare node:http | range |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const row of report.server.rows) {
      const bytes = row.answerBytes === undefined ? '–' : row.answerBytes.toLocaleString('en-US');
      const range =
        row.ratioRange === undefined || row.role === 'baseline'
          ? '–'
          : `${formatTimes(row.ratioRange.min)}–${formatTimes(row.ratioRange.max)}`;
      const cpu = row.cpuMicrosPerRequest === undefined ? '–' : `${row.cpuMicrosPerRequest.toFixed(0)} µs`;
      const latency = row.latencyP50Ms === undefined || row.latencyP99Ms === undefined ? '–' : `${row.latencyP50Ms} / ${row.latencyP99Ms} ms`;
      lines.push(
        `| ${cell(row.label)} | ${bytes} | ${cpu} | ${Math.round(row.requestsPerSecond).toLocaleString('en-US')} | ${latency} | ${formatTimes(row.ratio)} | ${range} |`,
      );
    }
    lines.push('', report.server.note, '');
    const serverProfiles = report.server.profiles ?? [];
    if (serverProfiles.length > 0) {
      lines.push(
        '### Where a server that misses its target spends its CPU',
        '',
        'The same load for the same time after a 1 s warm-up, with V8\'s CPU profiler on in the server (`node:inspector`); self time as a share',
        'of the time the server was not idle. Builtins count as their caller\'s time, so `JSON.stringify` of the answer has its own line.',
        '',
      );
      for (const profile of serverProfiles) {
        lines.push(
          '```text',
          `${profile.kind} (${Math.round(profile.requestsPerSecond).toLocaleString('en-US')} requests/s under the profiler):`,
          ...profile.shares.map(({ category, share }) => `${(share * 100).toFixed(1).padStart(6)}%  ${category}`),
          '```',
          '',
        );
      }
    }
  } else {
    lines.push(`Not measured: ${report.server.skipped}`, '');
  }
  if (report.lists !== undefined) lines.push(...renderListLatency(report.lists), '');
  if (report.opening !== undefined) lines.push(...renderOpening(report.opening), '');
  if (report.profiles.length > 0) {
    lines.push(
      '## Profiles where the core misses the floor target',
      '',
      'Each contender called in a loop under V8\'s CPU profiler (`node:inspector`), from an unminified bundle; self time by source line, so',
      'builtins V8 inlines (object spread, `delete`) show on their own line. Reproduce with',
      '`pnpm --filter @metadata-semantics/bench run profile <workload> [contender]`.',
      '',
    );
    for (const { core, floor } of report.profiles) {
      lines.push(
        `### Workload ${core.workloadId}: core ${formatDuration(core.nsPerCall)}, floor ${formatDuration(floor.nsPerCall)} per call in the profiling loop`,
        '',
        '```text',
        `core (${core.contenderId}):`,
        ...profileLines(core),
        '',
        `floor (${floor.contenderId}):`,
        ...profileLines(floor),
        '```',
        '',
      );
    }
  }
  lines.push(...explainMissedTargets(targets));
  lines.push(
    '## Method',
    '',
    `- Timer: [mitata](https://github.com/evanwashere/mitata) \`measure()\`, at least ${report.settings.minCpuMs} ms of CPU time per contender`,
    '  per run; the figure is the median time per call (fast calls are timed in batches). Each run is one fresh',
    '  process (`node --expose-gc`, garbage collected before each contender) timing every contender on every workload;',
    '  the contender order rotates from run to run so no position is favoured.',
    '- **Spine-copy floor**: walks the patch and makes one shallow copy (`{ ...object }`) of each object on the patched',
    '  path, copies patch values plainly, deletes with `delete`: no validation, no sharing of equal values, no `__proto__`',
    '  care. For the replace workload: a shallow copy of the fields plus a plain copy of the provided value.',
    '- **Immutable, fair**: mutating libraries get a fresh `structuredClone` of the target on every call;',
    "  json-merge-patch's raw `apply` is also timed mutating its own private copy (labelled). immer runs with",
    '  `setAutoFreeze(false)` (its fastest setting). `lodash.merge` is called as `merge({}, target, patch)`.',
    '- **Different semantics**: deepmerge, deepmerge-ts, lodash.merge and defu keep a `null` instead of deleting the key',
    '  and concatenate or merge arrays differently; they are timed for reference only.',
    '- Everything runs from one esbuild bundle with `NODE_ENV=production`, so every library runs its production code.',
    '',
    '## Machine and versions',
    '',
    `- CPU: ${report.machine.cpu}, ${report.machine.cores} cores; ${report.machine.memoryGiB} GiB memory; ${report.machine.os}`,
    `- Node.js ${report.machine.node}`,
    `- Load average (1, 5, 15 min) before: ${report.machine.loadBefore.map((load) => load.toFixed(2)).join(', ')}; after: ${report.machine.loadAfter.map((load) => load.toFixed(2)).join(', ')}`,
    `- Generated ${report.generatedAt} in ${report.durationSeconds.toFixed(0)} s (${report.settings.passes} runs, seed ${report.settings.seed})`,
    '',
    '| Package | Version |',
    '| --- | --- |',
    ...report.versions.map((entry) => `| ${cell(entry.name)} | ${entry.version} |`),
    '',
  );
  return lines.join('\n');
}
