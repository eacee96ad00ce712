// The public packages as a user first meets them: packed as the release packs them
// (scripts/packPackages.mjs), installed with npm into an empty project. What arrives must stand on
// its own: version ranges npm understands, the LICENSE, and a README with no link out of the package
// (no repository URL exists yet, and a registry page or node_modules holds nothing beside it).
// Packing is slow: everything is packed and installed once, then checked.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packPackage, publicPackages } from '../../scripts/packPackages.mjs';
import { brokenLinks } from './markdownLinks.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const packages = publicPackages(repositoryRoot);
const project = mkdtempSync(join(tmpdir(), 'metadata-semantics-user-'));
const installed = (name: string): string => join(project, 'node_modules', name);

beforeAll(() => {
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  const packed = packages.map(({ directory }) => packPackage(directory, tarballs));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  // Offline: the packages depend only on each other, and their tarballs are all given.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...packed], { cwd: project, stdio: 'pipe' });
}, 180_000);

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

test('every public package is packed', () => {
  expect(packages.map(({ name }) => name)).toEqual(expect.arrayContaining(['@metadata-semantics/core', '@metadata-semantics/server']));
});

describe.each(packages.map(({ name }) => [name]))('%s, packed and installed with npm', (name) => {
  test('depends on versions, not on workspace: ranges', () => {
    const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'].flatMap((field) =>
      Object.entries(manifest[field] ?? {}).map(([dependency, range]) => `${field}: ${dependency}@${range}`),
    );
    expect(ranges.filter((range) => range.includes('@workspace:'))).toEqual([]);
  });

  test('ships the repository\'s LICENSE', () => {
    expect(readFileSync(join(installed(name), 'LICENSE'), 'utf8')).toBe(readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8'));
  });

  test('has a README whose links all stay inside the package', () => {
    expect(brokenLinks(project, join(installed(name), 'README.md'), installed(name))).toEqual([]);
  });
});
