// `pnpm --filter @metadata-semantics/bench bench:schemas [-- --base <git ref>] [--write]`: the metadata
// operations without a schema, today against the core before schemas (issue 15), in one process, rounds
// interleaved; and what a schema costs. With --write it rewrites that section of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { measure } from 'mitata';
import { z } from 'zod';
import { DEFAULT_SEED, createWorkloads } from './createWorkloads.js';
import { SCHEMAS_END, SCHEMAS_START } from './schemasSection.js';
import { writeReportSection } from './writeReportSection.js';

type Operation = (stored: object, params: object, options?: object) => unknown;
interface Core {
  readonly updateMetadata: Operation;
  readonly replaceMetadata: Operation;
}

const repository = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const report = path.join(repository, 'docs/benchmarks.md');
const ROUNDS = 11;
const MIN_CPU_MS = 150;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** Bundles core's operations from a source folder into an ES module, as an app would, and imports it. */
async function loadCore(sourceIndex: string, scratch: string, name: string): Promise<Core> {
  const outfile = path.join(scratch, `${name}.mjs`);
  await build({
    stdin: { contents: `export { updateMetadata, replaceMetadata } from ${JSON.stringify(sourceIndex)};`, resolveDir: scratch, loader: 'ts' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)) as Core;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const base = argument('--base') ?? execFileSync('git', ['merge-base', 'HEAD', 'main'], { cwd: repository, encoding: 'utf8' }).trim();
const baseCommit = execFileSync('git', ['rev-parse', '--short', base], { cwd: repository, encoding: 'utf8' }).trim();
const scratch = mkdtempSync(path.join(tmpdir(), 'schema-bench-'));
try {
  // The core before schemas, from git; today's from the working tree. Both bundled the same way.
  execFileSync('sh', ['-c', `git archive ${baseCommit} packages/core/src | tar -x -C ${JSON.stringify(scratch)}`], { cwd: repository });
  const before = await loadCore(path.join(scratch, 'packages/core/src/index.ts'), scratch, 'before');
  const now = await loadCore(path.join(repository, 'packages/core/src/index.ts'), scratch, 'now');

  const workloads = createWorkloads(DEFAULT_SEED);
  const realistic = workloads.find((workload) => workload.id === 1)!;
  const replaceOne = workloads.find((workload) => workload.id === 5)!;
  // A permissive schema (any object): the cost of validating itself, not of a particular schema's rules.
  const anyObject = { publicMetadata: z.looseObject({}) };
  const cases = [
    { name: 'update, realistic metadata (workload 1)', run: (core: Core, options?: object) => () => core.updateMetadata({ publicMetadata: realistic.target }, { publicMetadata: realistic.patch }, options) },
    { name: 'replace one field (workload 5)', run: (core: Core, options?: object) => () => core.replaceMetadata(replaceOne.target, replaceOne.patch, options) },
  ];
  const contenders = [
    { id: 'before', label: 'core before schemas', call: (run: (core: Core, options?: object) => () => unknown) => run(before) },
    { id: 'now', label: 'core now, no schema', call: (run: (core: Core, options?: object) => () => unknown) => run(now) },
    { id: 'empty', label: 'core now, `schemas: {}`', call: (run: (core: Core, options?: object) => () => unknown) => run(now, { schemas: {} }) },
    { id: 'zod', label: 'core now, a zod schema on the field', call: (run: (core: Core, options?: object) => () => unknown) => run(now, { schemas: anyObject }) },
  ];

  const loadBefore = loadavg()[0]!;
  const rows: string[] = [];
  for (const { name, run } of cases) {
    const perRound = new Map<string, number[]>(contenders.map((contender) => [contender.id, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const rotation = round % contenders.length;
      for (const contender of [...contenders.slice(rotation), ...contenders.slice(0, rotation)]) {
        const stats = await measure(contender.call(run), { min_cpu_time: MIN_CPU_MS * 1e6, min_samples: 8 });
        perRound.get(contender.id)!.push(stats.p50);
      }
    }
    const baseline = perRound.get('before')!;
    for (const contender of contenders) {
      const times = perRound.get(contender.id)!;
      const ratios = times.map((time, round) => time / baseline[round]!);
      rows.push(
        `| ${name} | ${contender.label} | ${median(times).toFixed(0)} | ${median(ratios).toFixed(2)}× | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} |`,
      );
    }
  }
  const loadAfter = loadavg()[0]!;

  const section = [
    SCHEMAS_START,
    '## Schemas: operations without a schema are unchanged',
    '',
    `\`pnpm --filter @metadata-semantics/bench bench:schemas\`: \`updateMetadata\` and \`replaceMetadata\` today against the core before schemas (commit \`${baseCommit}\`, from git), both bundled from source by esbuild into one Node ${process.version} process; ${ROUNDS} interleaved rounds, at least ${MIN_CPU_MS} ms of CPU per contender per round. The ratio is to the core before schemas in the same round: median, and the range over rounds. The rows with a zod schema (one that accepts any object) show what validating costs: the result's JSON text parsed into the validator's own copy, then the validator. The other rows show that without a schema nothing changed: their ratios stay around 1, within the spread the machine's load gives. Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on a machine shared by other work.`,
    '',
    '| workload | contender | ns per call (median) | ratio to before | range |',
    '| --- | --- | ---: | ---: | --- |',
    ...rows,
    SCHEMAS_END,
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (process.argv.includes('--write')) {
    writeReportSection(report, SCHEMAS_START, SCHEMAS_END, section);
    process.stderr.write(`[bench] wrote the schemas section of ${report}\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
