// Runs every ```ts block of README.md, docs/*.md and packages/*/README.md, and every ```ts block of
// the TSDoc `@example` tags in packages/core/src/*.ts, each as its own ES
// module: one test per block, named `<file>:<line>` (the line of its fence).
// One more test type-checks all of them, and another the ```tsx embedding blocks of docs/server.md.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import * as core from '@metadata-semantics/core';
import {
  createScratchDirectory,
  findMarkdownExamples,
  findTsDocExamples,
  runExample,
  typeExportsOf,
  type CodeExample,
  type ImplicitImport,
} from './docExamples.js';
import { typecheckExamples } from './typecheckExamples.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const scratch = createScratchDirectory('examples');
const scratchDirectory = scratch.path;

function read(relativePath: string): string {
  return readFileSync(join(repositoryRoot, relativePath), 'utf8');
}

function filesIn(relativeDirectory: string, extension: string): string[] {
  const directory = join(repositoryRoot, relativeDirectory);
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => `${relativeDirectory}/${entry.name}`)
    .sort();
}

// docs/api/ is generated and holds no runnable examples: only the top level of docs/.
const packageReadmes = readdirSync(join(repositoryRoot, 'packages'))
  .map((name) => `packages/${name}/README.md`)
  .filter((file) => existsSync(join(repositoryRoot, file)))
  .sort();
const markdownFiles = [...(existsSync(join(repositoryRoot, 'README.md')) ? ['README.md'] : []), ...filesIn('docs', '.md'), ...packageReadmes];
const markdownExamples: CodeExample[] = markdownFiles.flatMap((file) => findMarkdownExamples(file, read(file)));

// TSDoc examples use the package's exports without importing them.
const coreImport: ImplicitImport = {
  from: '@metadata-semantics/core',
  names: Object.keys(core),
  typeNames: typeExportsOf(read('packages/core/src/index.ts')),
};
const coreSourceFiles = filesIn('packages/core/src', '.ts');
const tsDocExamples: CodeExample[] = coreSourceFiles.flatMap((file) => findTsDocExamples(file, read(file)));

afterAll(() => {
  scratch.remove();
});

describe('markdown examples', () => {
  test.each(markdownExamples.map((example) => [`${example.file}:${example.line}`, example] as const))('%s', async (_name, example) => {
    await runExample(example, scratchDirectory);
  });
});

describe('TSDoc @example blocks of @metadata-semantics/core', () => {
  test.each(tsDocExamples.map((example) => [`${example.file}:${example.line}`, example] as const))('%s', async (_name, example) => {
    await runExample(example, scratchDirectory, coreImport);
  });
});

// Opt-in for now: some examples outside docs/*.md do not type-check yet.
test('every example type-checks', () => {
  // Arrange
  const examples = [...markdownExamples.map((example) => ({ example })), ...tsDocExamples.map((example) => ({ example, implicitImport: coreImport }))];

  // Act
  const errors = typecheckExamples(examples, join(scratchDirectory, 'typecheck'), join(repositoryRoot, 'docs/tsconfig.json'));

  // Assert
  expect(errors).toEqual([]);
});

// docs/server.md's embedding blocks (```tsx) listen on a port or need a database, so they are shown, not
// run. They are type-checked from inside packages/server, whose dependencies (hono, pg, @clerk/backend,
// PGlite) they import; express is no dependency of this repository, so its block is only shown.
test('the embedding blocks of docs/server.md type-check against the packages and the libraries they use', () => {
  // Arrange
  const blocks = findMarkdownExamples('docs/server.md', read('docs/server.md'), 'tsx');
  const importsExpress = (example: CodeExample) => example.lines.some((line) => /from '(express)'/.test(line.text));
  const checked = blocks.filter((example) => !importsExpress(example));
  expect([blocks.length, checked.length]).toEqual([7, 6]);
  const directory = createScratchDirectory('server-md', join(repositoryRoot, 'packages/server/.examples-tmp'));

  // Act
  let errors: string[];
  try {
    errors = typecheckExamples(
      checked.map((example) => ({ example })),
      directory.path,
      join(repositoryRoot, 'docs/tsconfig.json'),
    );
  } finally {
    directory.remove();
  }

  // Assert
  expect(errors).toEqual([]);
});
