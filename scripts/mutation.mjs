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
// changed. It cannot see other inputs (the test-kit modules, conformance vectors
// and runner the tests import, configuration, core under optimistic's tests), so
// their hash is kept beside the baseline: when it differs, every mutant is re-tested.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * What a package's mutation results depend on besides its own mutated sources and test files: every file its
 * test files import, transitively (relative imports and the workspace's packages, by their exports), found
 * from the import graph, so a file a test starts to import counts at once; the data files a reached module
 * reads; and the Stryker and Vitest configuration.
 */
const testFiles = /^src\/.*\.test\.ts$/; // the packages' Vitest `include`
/** Folders a module reads at run time (not imports), by the module. */
const dataRead = { 'packages/conformance/src/loadConformanceCases.ts': ['packages/conformance/cases'] };
const packages = { core: {}, optimistic: {} };
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

const isFile = (path) => existsSync(join(root, path)) && statSync(join(root, path)).isFile();

/** The repository file `specifier` names from `from`, or undefined for a module outside the workspace. */
function resolveImport(from, specifier) {
  if (specifier.startsWith('.')) {
    const base = join(dirname(from), specifier);
    const stem = base.replace(/\.(m?js|tsx?)$/, '');
    return [`${stem}.ts`, `${stem}.tsx`, base, `${base}.ts`, join(base, 'index.ts')].find(isFile);
  }
  const match = /^@metadata-semantics\/([^/]+)(\/.+)?$/.exec(specifier);
  if (match === null) return undefined;
  const folder = `packages/${match[1]}`;
  if (!isFile(`${folder}/package.json`)) return undefined;
  const { exports } = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
  const target = exports?.[`.${match[2] ?? ''}`];
  const path = typeof target === 'string' ? target : (target?.['@metadata-semantics/source'] ?? target?.default);
  return typeof path === 'string' ? join(folder, path) : undefined;
}

/** Every repository file `start` imports, transitively, with the package.json files that resolved them. */
function importClosure(start) {
  const seen = new Set();
  const pending = [...start];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.(m?js|tsx?)$/.test(file)) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      const target = resolveImport(file, fileName);
      if (target === undefined) continue;
      pending.push(target);
      const owner = /^@metadata-semantics\/([^/]+)/.exec(fileName);
      if (owner !== null) pending.push(`packages/${owner[1]}/package.json`);
    }
  }
  return seen;
}

/** Files Stryker sees itself in a package's run: its mutated sources and its test files. */
function seenByStryker(name, file) {
  const prefix = `packages/${name}/`;
  if (!file.startsWith(`${prefix}src/`)) return false;
  const inPackage = file.slice(prefix.length);
  return testFiles.test(inPackage) || (!inPackage.includes('/__tests__/') && inPackage !== 'src/index.ts' && inPackage.endsWith('.ts'));
}

/** The files {@link inputsHash} hashes for a package, sorted. */
export function inputFiles(name) {
  if (!(name in packages)) throw new Error(`no mutation run for ${name}`);
  const tests = filesUnder(`packages/${name}/src`).filter((file) => testFiles.test(file.slice(`packages/${name}/`.length)));
  const imported = [...importClosure(tests)].filter((file) => !seenByStryker(name, file));
  const read = imported.flatMap((file) => dataRead[file] ?? []);
  const files = [...imported, ...read, ...sharedInputs, ...configFiles.map((file) => `packages/${name}/${file}`)].flatMap(filesUnder);
  return [...new Set(files)].sort();
}

/** The hash of `files`, each by its path and its contents as `read` gives them. */
export function hashOf(files, read = (file) => readFileSync(join(root, file))) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(read(file)).update('\0');
  return hash.digest('hex');
}

/**
 * The hash of every input Stryker's incremental mode cannot see ({@link inputFiles}). It sees the mutated files
 * and the package's own *.test.ts; other packages' tests never run in this package's mutation run.
 */
export function inputsHash(name) {
  return hashOf(inputFiles(name));
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
