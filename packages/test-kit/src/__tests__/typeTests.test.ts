import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTypeTests } from './typeTests.js';

// The type tests (`*.test-d.ts`) of every package, each `test`/`it` block a test here, checked in one
// TypeScript program with the packages' compiler options (their tsconfigs differ only in what they include).
const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));
const files = readdirSync(packagesDir)
  .flatMap((name) => {
    const src = join(packagesDir, name, 'src');
    return readdirSync(src, { recursive: true, encoding: 'utf8' }).map((path) => join(src, path));
  })
  .filter((path) => path.endsWith('.test-d.ts'))
  .sort();
const { tests, outside } = runTypeTests(files, fileURLToPath(new URL('../../tsconfig.json', import.meta.url)));

describe.each(files.map((file) => ({ file, name: file.slice(packagesDir.length) })))('$name', ({ file }) => {
  it.each(tests.filter((test) => test.file === file))('$name', ({ errors }) => {
    expect(errors).toEqual([]);
  });
});

it('finds type tests, and no type error outside their blocks', () => {
  expect(tests.length).toBeGreaterThan(0);
  expect(outside).toEqual([]);
});
