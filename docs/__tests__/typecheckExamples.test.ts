import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { createScratchDirectory, type CodeExample } from './docExamples.js';
import { typecheckExamples } from './typecheckExamples.js';

const scratch = createScratchDirectory('typecheck');
const scratchDirectory = scratch.path;
const tsconfigPath = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

function exampleOf(file: string, ...lines: string[]): CodeExample {
  return { file, line: 10, lines: lines.map((text, index) => ({ text, line: 11 + index })) };
}

afterAll(() => {
  scratch.remove();
});

test('reports a type error at its line in the docs, and nothing for a correct example', () => {
  // Arrange
  const correct = exampleOf(
    'good.md',
    "import { deepMergeWithNullDeletion, type JsonObject } from '@metadata-semantics/core';",
    'const stored: JsonObject = { a: 1 };',
    'deepMergeWithNullDeletion(stored, { b: 2 }); // => { a: 1, b: 2 }',
  );
  const wrong = exampleOf('bad.md', 'const count: number = 1;', "const name: number = 'ada';", 'count + name; // => 1');
  const implicit = exampleOf('implicit.ts', 'const patch: MergePatch<{ a?: number }> = { a: null };');

  // Act
  const errors = typecheckExamples(
    [
      { example: correct },
      { example: wrong },
      { example: implicit, implicitImport: { from: '@metadata-semantics/core', names: [], typeNames: ['MergePatch'] } },
    ],
    scratchDirectory,
    tsconfigPath,
  );

  // Assert
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^bad\.md:12: Type 'string' is not assignable to type 'number'/);
});
