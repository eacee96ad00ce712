#!/usr/bin/env node
// pnpm mutation:report: measures and writes docs/mutation.md, the mutation
// score of core and optimistic per file, for the whole test suite and for the
// conformance vectors alone.
//
//   pnpm mutation:report                 runs pnpm mutation, then the vectors alone, then writes the page
//   pnpm mutation:report --from-reports  only writes the page from the last runs' reports
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = join(root, 'docs', 'mutation.md');
const reportOf = (name, run) => join(root, 'packages', name, 'reports', 'mutation', `${run}.json`);

// The files whose non-equivalent mutants the vectors must all kill: the reducers and the operations,
// with the internal modules they run (followed through their imports, so a helper only other
// functions use, such as jsonByteLength's, is not counted).
const vectorScopeEntries = ['src/deepMergeWithNullDeletion.ts', 'src/replaceFields.ts', 'src/metadataOperations.ts'];

function internalImportsOf(file) {
  const source = readFileSync(join(root, 'packages', 'core', file), 'utf8');
  const imported = [];
  for (const [, specifier] of source.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)\.js';/gm)) {
    const path = join(dirname(file), `${specifier}.ts`);
    if (path.startsWith('src/internal/')) imported.push(path);
  }
  return imported;
}

function vectorScope() {
  const scope = new Set(vectorScopeEntries);
  const pending = [...vectorScopeEntries];
  while (pending.length > 0) {
    for (const path of internalImportsOf(pending.pop())) {
      if (!scope.has(path)) pending.push(path), scope.add(path);
    }
  }
  return scope;
}

const scope = vectorScope();
const pinnedByVectors = (file) => scope.has(file);

// Lines a vector cannot reach, marked in the source with the reason, like Stryker's equivalence comments:
//   // Vectors: javascript-only next-line: <why>
//   // Vectors: javascript-only start: <why>  …  // Vectors: javascript-only end
const marker = /^\s*\/\/ Vectors: javascript-only (next-line|start|end)(?:: (.+))?$/;

function javascriptOnlyLines(file) {
  const reasons = new Map();
  let open;
  readFileSync(join(root, 'packages', 'core', file), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      const [, kind, why] = marker.exec(text) ?? [];
      if (kind === 'next-line') reasons.set(line + 1, why);
      else if (kind === 'start') open = why;
      else if (kind === 'end') open = undefined;
      else if (open !== undefined) reasons.set(line, open);
      if ((kind === 'next-line' || kind === 'start') && !why) throw new Error(`${file}:${line}: a javascript-only mark needs its reason`);
    });
  if (open !== undefined) throw new Error(`${file}: a javascript-only start has no end`);
  return reasons;
}

if (!process.argv.includes('--from-reports')) {
  spawnSync('node', [join(root, 'scripts', 'mutation.mjs')], { cwd: root, stdio: 'inherit' });
  const vectors = spawnSync('pnpm', ['exec', 'stryker', 'run', 'stryker.vectors.config.mjs'], {
    cwd: join(root, 'packages', 'core'),
    stdio: 'inherit',
  });
  if (vectors.status !== 0) throw new Error('the vectors-alone run failed');
}

const detected = new Set(['Killed', 'Timeout']);

/** Per file: mutants, marked equivalent, detected (killed or timed out), and the keys of the detected and of the killed ones. */
function tally(path) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const files = new Map();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const name = file.replace(/^.*?(src\/)/, '$1');
    const row = { total: mutants.length, equivalent: 0, detected: new Set(), killed: new Set(), survived: 0 };
    for (const mutant of mutants) {
      const { start, end } = mutant.location;
      const key = `${mutant.mutatorName} ${start.line}:${start.column}-${end.line}:${end.column} ${JSON.stringify(mutant.replacement)}`;
      if (mutant.status === 'Ignored') row.equivalent++;
      else if (detected.has(mutant.status)) row.detected.add(key);
      else row.survived++;
      if (mutant.status === 'Killed') row.killed.add(key);
    }
    files.set(name, row);
  }
  return files;
}

const percent = (part, whole) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`);

function sum(rows) {
  const total = { total: 0, equivalent: 0, detected: 0 };
  for (const row of rows) {
    total.total += row.total;
    total.equivalent += row.equivalent;
    total.detected += row.detected.size;
  }
  return total;
}

function table(name, suite, vectors) {
  const lines = [
    `### ${name}`,
    '',
    vectors === undefined
      ? '| file | mutants | equivalent | detected by the suite | score |'
      : '| file | mutants | equivalent | detected by the suite | score | detected by the vectors alone | score |',
    vectors === undefined ? '| --- | ---: | ---: | ---: | ---: |' : '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const row = (label, counted, vectorKills) => {
    const relevant = counted.total - counted.equivalent;
    const cells = [label, counted.total, counted.equivalent, counted.detected, percent(counted.detected, relevant)];
    if (vectorKills !== undefined) cells.push(vectorKills, percent(vectorKills, relevant));
    lines.push(`| ${cells.join(' | ')} |`);
  };
  for (const [file, counted] of [...suite].sort(([a], [b]) => a.localeCompare(b))) {
    row(`\`${file}\``, { ...counted, detected: counted.detected.size }, vectors?.get(file)?.detected.size ?? (vectors && 0));
  }
  const vectorTotal = vectors === undefined ? undefined : sum([...vectors.values()]).detected;
  row(`**all of ${name}**`, sum([...suite.values()]), vectorTotal);
  return lines;
}

const core = tally(reportOf('core', 'suite'));
const coreVectors = tally(reportOf('core', 'vectors'));
const optimistic = tally(reportOf('optimistic', 'suite'));

// The promise: on the pinned files the vectors detect every mutant a test of the suite fails on.
// (A mutant the suite detects only by a timeout makes the code slower, not wrong: see below.)
// Mutants on lines marked javascript-only count as reached by no vector, by the mark's reason.
const missed = [];
const leftToJavaScript = new Map();
let pinnedSuite = 0;
let pinnedVectors = 0;
let timeoutsOnly = 0;
for (const [file, counted] of core) {
  if (!pinnedByVectors(file)) continue;
  const byVectors = coreVectors.get(file)?.detected ?? new Set();
  const marked = javascriptOnlyLines(file);
  pinnedSuite += counted.killed.size;
  timeoutsOnly += counted.detected.size - counted.killed.size;
  for (const key of counted.killed) {
    if (byVectors.has(key)) {
      pinnedVectors++;
      continue;
    }
    const why = marked.get(Number(/ (\d+):/.exec(key)[1]));
    if (why === undefined) missed.push(`\`${file}\` ${key}`);
    else leftToJavaScript.set(why, [...(leftToJavaScript.get(why) ?? []), `\`${file}\` ${key}`]);
  }
}
const leftCount = [...leftToJavaScript.values()].reduce((count, keys) => count + keys.length, 0);

const lines = [
  '# Mutation testing',
  '',
  '<!-- Generated by `pnpm mutation:report` (scripts/mutation-report.mjs) from StrykerJS runs; do not edit. -->',
  '',
  'StrykerJS changes the code of `@metadata-semantics/core` and `@metadata-semantics/optimistic` in small',
  'ways (a mutant: `>=` made `>`, a condition made `true`, a string emptied) and runs the tests against each',
  'change. A mutant the tests notice is *killed*; one they do not notice *survived*. A mutant that cannot',
  'change behaviour (*equivalent*) is marked in the source with `// Stryker disable next-line <mutator>: <why>`',
  'and left out of the score. The score is detected / (mutants − equivalent), where a mutant is detected when a',
  'test fails on it (killed) or it makes the tests run past their time (timed out).',
  '',
  '"The vectors alone" runs only the conformance vectors (`packages/conformance/cases`) against core, through',
  '`coreImplementation`: what an implementation in another language that passes them is pinned to. Property',
  `tests run 100 times from a fixed seed. How to run it: [conformance.md](conformance.md#mutation-testing).`,
  '',
  '## Scores',
  '',
  ...table('core', core, coreVectors),
  '',
  ...table('optimistic', optimistic, undefined),
  '',
  '## The vectors against the whole suite',
  '',
  `On the reducers and the operations (${[...scope].sort().map((file) => `\`${file}\``).join(', ')}: the three files and the internal`,
  `modules they import) a test of the whole suite fails on ${pinnedSuite} mutants;`,
  `the vectors alone detect ${pinnedVectors} of them.` +
    (timeoutsOnly === 0
      ? ''
      : ` The suite detects ${timeoutsOnly} more only by a timeout: each removes a fast path (the result is right, the property tests run too long), which no vector can tell apart.`),
  '',
  `${leftCount} of the rest are on lines marked \`// Vectors: javascript-only\` in the source, each mark with its reason:`,
  'what only a JavaScript caller can do or see, which a vector, being data, cannot give and an HTTP answer does not carry',
  '([conformance.md](conformance.md#what-the-vectors-leave-to-javascript)).',
  '',
  missed.length === 0
    ? `**Missed by the vectors and not marked: none.** The vectors detect ${pinnedVectors} of the ${pinnedSuite - leftCount} mutants they can reach.`
    : `**Missed by the vectors and not marked: ${missed.length}.**`,
  '',
  ...missed.map((entry) => `- ${entry}`),
  ...(missed.length === 0 ? [] : ['']),
  '### Left to JavaScript',
  '',
  ...[...leftToJavaScript].flatMap(([why, keys]) => [`${why[0].toUpperCase()}${why.slice(1)}:`, '', ...keys.map((entry) => `- ${entry}`), '']),
];
writeFileSync(page, lines.join('\n'));
console.log(`wrote ${page}`);
