// The runner itself: it must find exactly the runnable blocks, and a wrong
// `// =>` must fail, so the docs tests cannot pass silently.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createScratchDirectory,
  findMarkdownExamples,
  findTsDocExamples,
  runExample,
  transformExample,
  typeExportsOf,
  type CodeExample,
} from './docExamples.js';

const fixturePath = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const fixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');
const scratch = createScratchDirectory('runner');
const scratchDirectory = scratch.path;

/** A one-block example from source lines, numbered from line 2 (after a fence on line 1). */
function exampleOf(...lines: string[]): CodeExample {
  return { file: 'inline.md', line: 1, lines: lines.map((text, index) => ({ text, line: index + 2 })) };
}

afterAll(() => {
  scratch.remove();
});

describe('findMarkdownExamples', () => {
  test('finds only blocks whose info string is exactly ts, including blocks in list items', () => {
    // Arrange
    const text = fixture('right-result.md');

    // Act
    const examples = findMarkdownExamples('right-result.md', text);

    // Assert: the first block and the list item's block; tsx, sh and the block nested in a ```` fence are skipped
    expect(examples.map((example) => example.line)).toEqual([3, 27]);
    expect(examples[1]!.lines.map((entry) => entry.text)).toEqual([
      'const total = [1, 2, 3].reduce((sum, n) => sum + n, 0);',
      'total; // => 6',
    ]);
    expect(examples[1]!.lines[1]!.line).toBe(29);
  });

  test('rejects an unclosed ts block instead of skipping it', () => {
    // Arrange
    const text = '# Title\n\n```ts\nconst a = 1;\n';

    // Act / Assert
    expect(() => findMarkdownExamples('open.md', text)).toThrow('open.md:3');
  });
});

describe('findTsDocExamples', () => {
  test('finds the ts block of an @example tag and not blocks under other tags', () => {
    // Arrange
    const text = fixture('tsDocExample.ts');

    // Act
    const examples = findTsDocExamples('tsDocExample.ts', text);

    // Assert
    expect(examples).toEqual([
      {
        file: 'tsDocExample.ts',
        line: 8,
        lines: [
          { text: 'addOne(1);', line: 9 },
          { text: '// => 2', line: 10 },
        ],
      },
    ]);
  });
});

describe('transformExample', () => {
  test('rewrites `expr; // => expected` into a strict deep-equality assertion on the same line', () => {
    // Arrange
    const example = exampleOf('const a = [1];', 'a.concat(2); // => [1, 2]', 'a;');

    // Act
    const lines = transformExample(example).split('\n');

    // Assert: lines stay aligned with the block, and the assertion names its source line
    expect(lines[0]).toMatch(/^import .* const a = \[1\];$/);
    expect(lines[1]).toBe('__docsExpect((a.concat(2)), "inline.md:3").toStrictEqual(([1, 2]));');
    expect(lines[2]).toBe('a;');
  });

  test('rewrites the two-line TSDoc form onto the expression line', () => {
    // Arrange
    const example = exampleOf('f(1);', '// => 2');

    // Act
    const lines = transformExample(example).split('\n');

    // Assert
    expect(lines[0]).toMatch(/__docsExpect\(\(f\(1\)\), "inline\.md:2"\)\.toStrictEqual\(\(2\)\);$/);
    expect(lines[1]).toBe('// => 2');
  });

  test.each([
    ['a declaration', ['const a = 1; // => 1']],
    ['a missing semicolon', ['f(1) // => 2']],
    ['a missing expected value', ['f(1); // =>']],
    ['a result line with no expression before it', ['// => 2']],
    ['a result line after a declaration', ['const a = 1;', '// => 1']],
  ])('refuses %s rather than skip the assertion', (_case, lines) => {
    // Arrange
    const example = exampleOf(...lines);

    // Act / Assert
    expect(() => transformExample(example)).toThrow(/inline\.md:\d+/);
  });

  test('imports the implicit module names the block uses, and only when the block imports nothing', () => {
    // Arrange
    const implicit = { from: 'some-module', names: ['used', 'unused', 'alsoUsed'] };

    // Act
    const withoutImports = transformExample(exampleOf('used(alsoUsed);'), implicit);
    const withImports = transformExample(exampleOf("import { used } from 'elsewhere';", 'used();'), implicit);

    // Assert
    expect(withoutImports).toContain('import { used, alsoUsed } from "some-module";');
    expect(withImports).not.toContain('some-module');
  });
});

describe('typeExportsOf', () => {
  test('lists the names of every export type list, renamed ones by their exported name', () => {
    // Arrange
    const entry = [
      "export { value } from './value.js';",
      "export type { A, B } from './a.js';",
      'export type {',
      '  C,',
      '  D as E,',
      "} from './c.js';",
    ].join('\n');

    // Act
    const names = typeExportsOf(entry);

    // Assert
    expect(names).toEqual(['A', 'B', 'C', 'E']);
  });
});

describe('runExample', () => {
  test('FAILS a Markdown block whose `// =>` states a wrong result', async () => {
    // Arrange
    const [example] = findMarkdownExamples('fixtures/wrong-result.md', fixture('wrong-result.md'));

    // Act / Assert: the failure names the line of the wrong assertion
    await expect(runExample(example!, scratchDirectory)).rejects.toThrow('fixtures/wrong-result.md:8');
  });

  test('passes the Markdown blocks whose results are right', async () => {
    // Arrange
    const examples = findMarkdownExamples('fixtures/right-result.md', fixture('right-result.md'));

    // Act / Assert
    for (const example of examples) await expect(runExample(example, scratchDirectory)).resolves.toBeUndefined();
  });

  test('fails a block that throws', async () => {
    // Arrange
    const example = exampleOf("throw new Error('boom');");

    // Act / Assert
    await expect(runExample(example, scratchDirectory)).rejects.toThrow('boom');
  });

  test('distinguishes an undefined-valued key and a class instance from a plain object (toStrictEqual)', async () => {
    // Arrange
    const undefinedKey = exampleOf('({ a: 1, b: undefined }); // => { a: 1 }');
    const instance = exampleOf('class Point { x = 1; }', 'new Point(); // => { x: 1 }');

    // Act / Assert
    await expect(runExample(undefinedKey, scratchDirectory)).rejects.toThrow('inline.md:2');
    await expect(runExample(instance, scratchDirectory)).rejects.toThrow('inline.md:3');
  });

  test('runs a TSDoc example with its implicit import, and fails it when its result is wrong', async () => {
    // Arrange
    const text = fixture('tsDocExample.ts');
    const implicit = { from: fixturePath('tsDocExample.ts'), names: ['addOne', 'nothing'] };
    const [right] = findTsDocExamples('fixtures/tsDocExample.ts', text);
    const [wrong] = findTsDocExamples('fixtures/tsDocExample.ts', text.replace('// => 2', '// => 3'));

    // Act / Assert
    await expect(runExample(right!, scratchDirectory, implicit)).resolves.toBeUndefined();
    await expect(runExample(wrong!, scratchDirectory, implicit)).rejects.toThrow('fixtures/tsDocExample.ts:9');
  });
});
