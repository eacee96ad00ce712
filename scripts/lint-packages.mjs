// Packs every publishable package as users would receive it (scripts/packPackages.mjs: pnpm pack,
// as the release does), then checks the tarball: LICENSE (the repository's, which pnpm pack adds) and README.md inside, publint (strict) and
// arethetypeswrong (ESM-only profile).
//
//   node scripts/lint-packages.mjs [--root <dir>] [--release] [--pack-destination <dir>]
//
// --root: the repository to pack (default: this one); --release: the tarballs must be
// ready to publish (a CHANGELOG.md, a version other than 0.0.0, no `workspace:` range);
// --pack-destination: keep the tarballs there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packPackage, publicPackages } from './packPackages.mjs';

const tools = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { root: { type: 'string' }, release: { type: 'boolean' }, 'pack-destination': { type: 'string' } },
});
const root = resolve(values.root ?? tools);
const packDir = values['pack-destination'] === undefined ? mkdtempSync(join(tmpdir(), 'metadata-semantics-pack-')) : resolve(values['pack-destination']);
const license = existsSync(join(root, 'LICENSE')) ? readFileSync(join(root, 'LICENSE'), 'utf8') : undefined;

/** The text of one file inside a tarball (its files sit under `package/`). */
function fileInTarball(tarball, file) {
  try {
    return execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** What a user would miss in this tarball: the files every package ships, and for a release its changelog and real ranges. */
function contentProblems(tarball) {
  const problems = [];
  const packedLicense = fileInTarball(tarball, 'LICENSE');
  if (packedLicense === undefined || packedLicense !== license) problems.push('no LICENSE, or not the repository’s');
  if (!fileInTarball(tarball, 'README.md')?.trim()) problems.push('no README.md');
  if (values.release) {
    const manifest = JSON.parse(fileInTarball(tarball, 'package.json'));
    if (!fileInTarball(tarball, 'CHANGELOG.md')?.includes(`## ${manifest.version}`)) problems.push(`no CHANGELOG.md entry for ${manifest.version}`);
    if (manifest.version === '0.0.0') problems.push('version 0.0.0');
    const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.values(manifest[field] ?? {}));
    if (ranges.some((range) => range.startsWith('workspace:'))) problems.push('a workspace: range');
  }
  return problems;
}

let failures = 0;
try {
  for (const manifest of publicPackages(root)) {
    let tarball;
    try {
      tarball = packPackage(manifest.directory, packDir);
    } catch (error) {
      failures++;
      console.error(`${manifest.name}: pnpm pack failed\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      continue;
    }
    const problems = contentProblems(tarball);
    if (problems.length === 0) console.log(`${manifest.name}: contents complete`);
    else {
      failures++;
      console.error(`${manifest.name}: ${problems.join('; ')}`);
    }
    for (const [tool, args] of [
      ['publint', ['--strict', tarball]],
      ['attw', ['--profile', 'esm-only', tarball]],
    ]) {
      try {
        execFileSync('pnpm', ['exec', tool, ...args], { cwd: tools, stdio: 'pipe' });
        console.log(`${manifest.name}: ${tool} clean`);
      } catch (error) {
        failures++;
        console.error(`${manifest.name}: ${tool} found problems`);
        console.error(String(error.stdout ?? ''), String(error.stderr ?? ''));
      }
    }
  }
} finally {
  if (values['pack-destination'] === undefined) rmSync(packDir, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);
