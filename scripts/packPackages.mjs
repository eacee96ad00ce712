// How a public package becomes the tarball users install: `pnpm pack` in its folder, the packing
// `pnpm publish` does at release. pnpm turns `workspace:` ranges into the versions they name and
// adds the repository's LICENSE; `npm pack` does neither. scripts/lint-packages.mjs (and through
// it the release dry run) and docs/__tests__/packedPackages.test.ts pack with this module.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The publishable packages under `<root>/packages`, by folder name.
 *
 * @param {string} root - the repository
 * @returns {{ name: string, directory: string }[]}
 */
export function publicPackages(root) {
  const found = [];
  for (const folder of readdirSync(join(root, 'packages')).sort()) {
    const directory = join(root, 'packages', folder);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!manifest.private) found.push({ name: manifest.name, directory });
  }
  return found;
}

/**
 * Packs one package as the release does; throws the pnpm error when it cannot.
 *
 * @param {string} directory - the package's folder
 * @param {string} destination - where the tarball goes
 * @returns {string} the tarball's path
 */
export function packPackage(directory, destination) {
  const before = new Set(readdirSync(destination));
  execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: directory, stdio: 'pipe' });
  return join(destination, readdirSync(destination).find((file) => !before.has(file)));
}
