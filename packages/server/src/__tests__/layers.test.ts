import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The server's layout, checked: every source file lives in a layer, imports only its own layer or lower ones,
// and no import (type-only ones included) closes a circle. docs/architecture.md draws the same order.

const source = fileURLToPath(new URL('..', import.meta.url));

/**
 * The layers, lowest first: a folder (with its subfolders, unless a later entry names one of them) or the
 * entry files. A file may import a file of its own layer or of a layer listed before it.
 */
const LAYERS: readonly { readonly name: string; readonly holds: (path: string) => boolean }[] = [
  { name: 'shared', holds: (path) => path.startsWith('shared/') },
  { name: 'store', holds: (path) => path.startsWith('store/') && !path.startsWith('store/memory/') && !path.startsWith('store/postgres/') },
  // Webhook events, signing and delivery: the stores' outboxes implement its interface.
  { name: 'webhooks', holds: (path) => path.startsWith('webhooks/') },
  { name: 'store/memory', holds: (path) => path.startsWith('store/memory/') },
  { name: 'store/postgres', holds: (path) => path.startsWith('store/postgres/') },
  { name: 'http', holds: (path) => path.startsWith('http/') },
  { name: 'api', holds: (path) => path.startsWith('api/') },
  { name: 'handler', holds: (path) => path.startsWith('handler/') },
  { name: 'adapter/node', holds: (path) => path.startsWith('adapter/node/') },
  { name: 'cli', holds: (path) => path.startsWith('cli/') },
  // The package's entries: what package.json exports, and the command.
  { name: 'entry', holds: (path) => ['index.ts', 'node.ts', 'cli.ts'].includes(path) },
];

/** Every source file of the package (tests aside), relative to src/. */
function sourceFiles(): string[] {
  return readdirSync(source, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(source, join(entry.parentPath, entry.name)))
    .filter((path) => !path.split('/').includes('__tests__'))
    .sort();
}

/** The files of this package a file imports (static, `export … from`, type-only and dynamic imports alike). */
function importsOf(path: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(source, path), 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => join(dirname(path), specifier).replace(/\.js$/, '.ts'));
}

const layerOf = (path: string): number => LAYERS.findIndex((layer) => layer.holds(path));

const files = sourceFiles();
const graph = new Map(files.map((path) => [path, importsOf(path)]));

/** The import circles: each as the files along it, found by a depth-first walk. */
function circles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (path: string, trail: string[]): void => {
    if (state.get(path) === 'done') return;
    if (state.get(path) === 'open') return void found.push([...trail.slice(trail.indexOf(path)), path]);
    state.set(path, 'open');
    for (const imported of graph.get(path) ?? []) walk(imported, [...trail, path]);
    state.set(path, 'done');
  };
  for (const path of files) walk(path, []);
  return found;
}

describe('the server’s layers', () => {
  it('every source file lives in a layer', () => {
    // Act
    const homeless = files.filter((path) => layerOf(path) === -1);

    // Assert
    expect(homeless).toEqual([]);
  });

  it('every import resolves to a source file of the package', () => {
    // Act
    const unresolved = [...graph].flatMap(([path, imports]) => imports.filter((imported) => !graph.has(imported)).map((imported) => `${path} → ${imported}`));

    // Assert
    expect(unresolved).toEqual([]);
  });

  it('no file imports a file of a higher layer', () => {
    // Act
    const upward = [...graph].flatMap(([path, imports]) =>
      imports
        .filter((imported) => layerOf(imported) > layerOf(path))
        .map((imported) => `${path} (${LAYERS[layerOf(path)]?.name ?? 'no layer'}) → ${imported} (${LAYERS[layerOf(imported)]?.name ?? 'no layer'})`),
    );

    // Assert
    expect(upward).toEqual([]);
  });

  it('no import closes a circle', () => {
    // Act / Assert
    expect(circles().map((circle) => circle.join(' → '))).toEqual([]);
  });
});
