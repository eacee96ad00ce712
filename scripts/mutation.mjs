#!/usr/bin/env node
// pnpm mutation: StrykerJS over core and optimistic, in place, against the
// committed incremental baseline (packages/<name>/mutation/), failing on any
// surviving mutant that is not marked equivalent.
//
//   pnpm mutation                          both packages, incremental
//   pnpm mutation --package core           one package
//   pnpm mutation --package core --mutate src/metadataOperations.ts   one file (while iterating)
//   pnpm mutation --force                  re-test every mutant
//   pnpm mutation --ci                     what CI runs (same, and says when the baseline is stale)
//
// Stryker re-tests a mutant when its code or the tests that covered it
// changed. It cannot see other inputs (the test kit, the conformance vectors
// and runner, configuration, core under optimistic's tests), so their hash is
// kept beside the baseline: when it differs, every mutant is re-tested.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What each package's mutation results depend on besides its own mutated sources and test files. */
const packages = {
  core: {
    inputs: ['packages/core/src/__tests__', 'packages/test-kit/src', 'packages/test-kit/package.json', 'packages/conformance/src', 'packages/conformance/cases'],
  },
  optimistic: {
    // The test kit's schema grammar, which optimistic's laws import, builds schemas with the conformance runner too.
    inputs: ['packages/optimistic/src/__tests__', 'packages/core/src', 'packages/test-kit/src', 'packages/test-kit/package.json', 'packages/conformance/src'],
  },
};
// The Stryker and Vitest configuration (this script only decides what to run, so it is not an input).
const sharedInputs = ['scripts/mutation'];
const configFiles = ['package.json', 'vitest.config.ts', 'vitest.mutation.config.mjs', 'stryker.config.mjs'];

function filesUnder(path) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/**
 * The hash of every input Stryker's incremental mode cannot see. It sees the mutated files and
 * the package's own *.test.ts; other packages' tests never run in this package's mutation run.
 */
export function inputsHash(name) {
  const named = new Set(packages[name].inputs);
  const files = [...packages[name].inputs, ...sharedInputs, ...configFiles.map((file) => `packages/${name}/${file}`)]
    .flatMap(filesUnder)
    .filter(
      (file) =>
        named.has(file) ||
        (!file.endsWith('.test.ts') && !file.endsWith('.test-d.ts') && !(file.includes('/__tests__/') && !file.startsWith(`packages/${name}/`))),
    )
    .sort();
  const unique = [...new Set(files)];
  const hash = createHash('sha256');
  for (const file of unique) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

function parseArgs(argv) {
  const options = { ci: false, force: false, only: undefined, passThrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--ci') options.ci = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--package') options.only = argv[++i];
    else options.passThrough.push(arg);
  }
  if (options.only !== undefined && !(options.only in packages)) {
    throw new Error(`--package must be one of ${Object.keys(packages).join(', ')}`);
  }
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const partial = options.passThrough.includes('--mutate') || options.passThrough.some((arg) => arg.startsWith('--mutate='));
  let failed = false;
  for (const name of options.only === undefined ? Object.keys(packages) : [options.only]) {
    const directory = join(root, 'packages', name);
    const hashFile = join(directory, 'mutation', 'inputs.sha256');
    const hash = inputsHash(name);
    const recorded = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : undefined;
    const stale = recorded !== hash;
    if (stale) {
      console.log(
        `\n${name}: tests, vectors or configuration changed since the committed baseline: every mutant is re-tested.` +
          (options.ci ? ' Run `pnpm mutation` and commit packages/*/mutation/ to make this run incremental again.' : ''),
      );
    }
    const args = ['exec', 'stryker', 'run', 'stryker.config.mjs', ...(options.force || stale ? ['--force'] : []), ...options.passThrough];
    console.log(`\n== mutation testing: ${name} (pnpm ${args.join(' ')})`);
    const started = Date.now();
    const run = spawnSync('pnpm', args, { cwd: directory, stdio: 'inherit' });
    // A run that got to its report left a baseline matching today's inputs, whatever its score.
    const report = join(directory, 'reports', 'mutation', 'suite.json');
    const completed = existsSync(report) && statSync(report).mtimeMs >= started;
    if (!partial && completed) writeFileSync(hashFile, `${hash}\n`);
    if (run.status !== 0) failed = true;
  }
  return failed ? 1 : 0;
}

// Imported (for inputsHash), it runs nothing.
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
