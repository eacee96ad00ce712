// Rehearses a release without publishing anything. In a throwaway copy of the
// repository (its files and the packages' built dist/), `changeset version` turns the
// waiting changesets into versions and CHANGELOG.md files; then every public package
// is packed with `pnpm pack`, as `pnpm publish` packs it (scripts/packPackages.mjs), and
// checked as it would be published (scripts/lint-packages.mjs --release),
// and the server's tarball is installed into an empty project as a user would: it must
// bring no database driver, its entries must load, and its command must start.
// Run after `pnpm build`.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const copy = mkdtempSync(join(tmpdir(), 'metadata-semantics-release-'));

function step(text) {
  console.log(`-- ${text} (${Math.round(performance.now() / 1000)} s)`);
}

/** The repository's files (tracked or new, not ignored) and each package's dist/, into `target`. */
function copyRepository(target) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  for (const file of files.split('\0').filter((name) => name !== '' && existsSync(join(root, name)))) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
  for (const name of readdirSync(join(root, 'packages'))) {
    const dist = join(root, 'packages', name, 'dist');
    if (existsSync(dist)) cpSync(dist, join(target, 'packages', name, 'dist'), { recursive: true });
  }
}

/** Each changeset's packages and the first line of its summary. */
function readChangesets(directory) {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => {
      const [, frontMatter, summary] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(join(directory, file), 'utf8'));
      const packages = [...frontMatter.matchAll(/^["']?([^"':]+)["']?\s*:/gm)].map((match) => match[1].trim());
      return { file, packages, firstLine: summary.trim().split('\n')[0] };
    });
}

function packageDirectories(base) {
  const directories = new Map();
  for (const name of readdirSync(join(base, 'packages'))) {
    const manifestPath = join(base, 'packages', name, 'package.json');
    if (existsSync(manifestPath)) directories.set(JSON.parse(readFileSync(manifestPath, 'utf8')).name, join(base, 'packages', name));
  }
  return directories;
}

/** Problems with the versioned copy: every changeset must have landed in the CHANGELOG of each package it names. */
function changelogProblems(changesets) {
  const directories = packageDirectories(copy);
  const problems = [];
  for (const { file, packages, firstLine } of changesets) {
    for (const name of packages) {
      const changelog = join(directories.get(name) ?? '', 'CHANGELOG.md');
      if (!existsSync(changelog) || !readFileSync(changelog, 'utf8').includes(firstLine)) problems.push(`${file}: not in ${name}'s CHANGELOG.md`);
    }
  }
  if (readChangesets(join(copy, '.changeset')).length > 0) problems.push('changesets left after versioning');
  return problems;
}

/** Starts the installed command and resolves with what it printed once it listens, or when it exits. */
function runCommand(project, env) {
  return new Promise((resolve) => {
    const child = spawn(join(project, 'node_modules/.bin/metadata-semantics-server'), [], { cwd: project, env: { ...process.env, ...env } });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const collect = (chunk) => {
      output += chunk;
      if (/^listening on /m.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Problems a user installing only the server (and the core it needs) would meet. */
async function serverInstallProblems(tarballs) {
  const project = join(copy, 'user-project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  const tarball = (prefix) => join(tarballs, readdirSync(tarballs).find((file) => file.startsWith(prefix)));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball('metadata-semantics-core-'), tarball('metadata-semantics-server-')], {
    cwd: project,
    stdio: 'inherit',
  });
  const problems = [];
  const installed = readdirSync(join(project, 'node_modules'))
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(project, 'node_modules', name)).map((inner) => `${name}/${inner}`) : [name]));
  if (installed.join(' ') !== '@metadata-semantics/core @metadata-semantics/server') problems.push(`installed more than core and server: ${installed.join(', ')}`);

  const use = `
    import { createMetadataHandler, memoryStore } from '@metadata-semantics/server';
    import { serveNodeHttp } from '@metadata-semantics/server/node';
    const handler = createMetadataHandler({ secretKey: 'sk_test_user', store: memoryStore() });
    const server = await serveNodeHttp(handler);
    const response = await fetch(server.url + '/v1/users', { method: 'POST', headers: { authorization: 'Bearer sk_test_user' }, body: '{}' });
    console.log((await response.json()).object);
    await server.close();`;
  const used = execFileSync(process.execPath, ['--input-type=module', '-e', use], { cwd: project, encoding: 'utf8', timeout: 60_000 }).trim();
  if (used !== 'user') problems.push(`the installed entries did not serve a user: ${used}`);

  const memory = await runCommand(project, { STORE: 'memory', PORT: '0', SECRET_KEY: 'sk_test_user' });
  if (!/^listening on http:\/\/127\.0\.0\.1:\d+$/m.test(memory.output)) problems.push(`metadata-semantics-server with STORE=memory did not start:\n${memory.output}`);
  // The console's files ship in the server's dist/console/: without them it would say `console: not built`.
  if (!/^console sign-in \(one-time URL, .*\): http:\/\/127\.0\.0\.1:\d+\/console\/sign-in\?token=/m.test(memory.output)) {
    problems.push(`the installed metadata-semantics-server does not serve the console:\n${memory.output}`);
  }
  // Without the optional PGlite, the default store must say what to install, not crash obscurely.
  const pglite = await runCommand(project, { PORT: '0', SECRET_KEY: 'sk_test_user', DATA_DIR: join(project, 'data') });
  if (pglite.code !== 1 || !pglite.output.includes('STORE=pglite: needs the package @electric-sql/pglite')) {
    problems.push(`the default store without PGlite did not say what to install:\n${pglite.output}`);
  }
  return problems;
}

let problems = [];
try {
  step(`copying the repository to ${copy}`);
  copyRepository(copy);
  const changesets = readChangesets(join(copy, '.changeset'));

  step('pnpm install (offline, from the store this checkout filled)');
  execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile', '--ignore-scripts', '--reporter=silent'], { cwd: copy, stdio: 'inherit' });

  step(`changeset version (${changesets.length} changesets)`);
  execFileSync('pnpm', ['exec', 'changeset', 'version'], { cwd: copy, stdio: 'inherit' });
  for (const [name, directory] of packageDirectories(copy)) {
    const { version, private: isPrivate } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    if (!isPrivate) console.log(`${name}@${version}`);
  }
  problems.push(...changelogProblems(changesets));

  step('packing and checking the versioned packages');
  const tarballs = join(copy, 'tarballs');
  mkdirSync(tarballs);
  try {
    execFileSync(process.execPath, [join(copy, 'scripts/lint-packages.mjs'), '--root', copy, '--release', '--pack-destination', tarballs], { stdio: 'inherit' });
  } catch {
    problems.push('the versioned packages are not ready to publish (above)');
  }

  step('installing the server alone into an empty project');
  problems.push(...(await serverInstallProblems(tarballs)));
} catch (error) {
  problems.push(String(error?.stack ?? error));
} finally {
  if (!process.env.KEEP_RELEASE_COPY) rmSync(copy, { recursive: true, force: true });
}
for (const problem of problems) console.error(`release dry run: ${problem}`);
if (problems.length === 0) console.log('release dry run: versioned, packed, checked and installed');
process.exit(problems.length === 0 ? 0 : 1);
