import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = resolve(srcDir, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports, side-effect imports, dynamic import, require. */
function specifiers(text: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

describe('@metadata-semantics/core stays dependency-free', () => {
  it('declares no dependencies, peer dependencies or optional dependencies', () => {
    // Arrange
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    // Assert
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
      expect(Object.keys((manifest[field] as object | undefined) ?? {}), field).toEqual([]);
    }
  });

  it('imports nothing from outside src (no packages, no node: modules)', () => {
    // Arrange
    const files = sourceFiles(srcDir);
    expect(files.length).toBeGreaterThan(5);
    // Assert
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const specifier of specifiers(text)) {
        const where = `${relative(packageDir, file)} imports ${specifier}`;
        expect(specifier.startsWith('./') || specifier.startsWith('../'), where).toBe(true);
        const target = resolve(dirname(file), specifier);
        expect(target.startsWith(srcDir + sep), where).toBe(true);
        expect(target.includes(`${sep}__tests__${sep}`), where).toBe(false);
      }
    }
  });

  it('finds the imports it scans for', () => {
    // the scanner itself must see each form, or the test above could pass by seeing nothing
    expect(
      specifiers(`import { a } from './a.js';\nimport type { B } from "../b.js";\nexport { c } from './c.js';\nimport 'x';\nconst d = import('d');\nrequire('e');`),
    ).toEqual(['./a.js', '../b.js', './c.js', 'x', 'd', 'e']);
  });
});
