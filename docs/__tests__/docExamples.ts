// The docs examples runner: finds ```ts blocks in Markdown and in TSDoc
// `@example` tags, turns `expr; // => expected` lines into assertions, and runs
// each block as its own ES module through vitest (so TypeScript and the
// `@metadata-semantics/*` aliases of docs/vitest.config.ts apply).
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One runnable code block and where it came from. */
export interface CodeExample {
  /** Where the block lives, relative to the repository root (for test names and messages). */
  readonly file: string;
  /** 1-based line of the opening fence in `file`. */
  readonly line: number;
  /** The block's lines, each with its 1-based line number in `file`. */
  readonly lines: readonly { readonly text: string; readonly line: number }[];
}

/** Names a module the runner imports for a block that has no imports of its own (TSDoc examples). */
export interface ImplicitImport {
  readonly from: string;
  /** The runtime exports of `from`; those the block mentions are imported. */
  readonly names: readonly string[];
  /** The type-only exports of `from`; those the block mentions are imported with `import type`. */
  readonly typeNames?: readonly string[];
}

/** The names a module's hand-written entry exports with `export type { … }`. */
export function typeExportsOf(entrySource: string): string[] {
  const names: string[] = [];
  for (const match of entrySource.matchAll(/export\s+type\s*\{([^}]*)\}/g)) {
    for (const name of match[1]!.split(',')) {
      const trimmed = name.trim().split(/\s+as\s+/).pop()!.trim();
      if (trimmed !== '') names.push(trimmed);
    }
  }
  return names;
}

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;

/**
 * Finds every fenced block whose info string is exactly `info` in a Markdown
 * text: by default `ts`, the blocks that run. Other languages (`tsx`,
 * `typescript`, `sh`, `text`, …) never run.
 */
export function findMarkdownExamples(file: string, text: string, info = 'ts'): CodeExample[] {
  return findFencedBlocks(
    file,
    text.split(/\r?\n/).map((content, index) => ({ text: content, line: index + 1 })),
    info,
  );
}

function findFencedBlocks(file: string, lines: readonly { text: string; line: number }[], wanted = 'ts'): CodeExample[] {
  const examples: CodeExample[] = [];
  let open: { indent: number; marker: string; runnable: boolean; line: number; body: { text: string; line: number }[] } | undefined;
  for (const entry of lines) {
    const fence = FENCE.exec(entry.text);
    if (open === undefined) {
      if (fence === null) continue;
      const [, indent = '', marker = '', info = ''] = fence;
      // A backtick fence's info string may not contain a backtick (CommonMark): that is inline code.
      if (marker.startsWith('`') && info.includes('`')) continue;
      open = { indent: indent.length, marker, runnable: info.trim() === wanted, line: entry.line, body: [] };
      continue;
    }
    if (fence !== null && fence[2]![0] === open.marker[0] && fence[2]!.length >= open.marker.length && fence[3]!.trim() === '') {
      if (open.runnable) examples.push({ file, line: open.line, lines: open.body });
      open = undefined;
      continue;
    }
    // Content lines lose at most the fence's own indentation (blocks inside list items).
    const strip = Math.min(open.indent, /^ */.exec(entry.text)![0].length);
    open.body.push({ text: entry.text.slice(strip), line: entry.line });
  }
  if (open !== undefined && open.runnable) {
    throw new Error(`${file}:${open.line}: the \`\`\`${wanted} block is never closed`);
  }
  return examples;
}

/**
 * Finds the ```ts blocks of every `@example` tag in the TSDoc comments of a
 * TypeScript source text. Comment decoration (` * `) is removed; line numbers
 * are those of the source file.
 */
export function findTsDocExamples(file: string, text: string): CodeExample[] {
  const examples: CodeExample[] = [];
  const lines = text.split(/\r?\n/);
  let comment: { text: string; line: number }[] | undefined;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (comment === undefined) {
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw)) comment = [];
      return;
    }
    if (/^\s*\*\//.test(raw)) {
      examples.push(...examplesOfComment(file, comment));
      comment = undefined;
      return;
    }
    comment.push({ text: raw.replace(/^\s*\* ?/, ''), line });
  });
  return examples;
}

function examplesOfComment(file: string, comment: readonly { text: string; line: number }[]): CodeExample[] {
  const examples: CodeExample[] = [];
  let section: { text: string; line: number }[] | undefined;
  const flush = (): void => {
    if (section !== undefined) examples.push(...findFencedBlocks(file, section));
  };
  for (const entry of comment) {
    // A block tag ends the previous section; only @example sections hold examples.
    const tag = /^@(\w+)/.exec(entry.text);
    if (tag !== null) {
      flush();
      section = tag[1] === 'example' ? [] : undefined;
      continue;
    }
    section?.push(entry);
  }
  flush();
  return examples;
}

const ASSERTION = /^(\s*)(.*?);\s*\/\/\s*=>\s*(.*?)\s*$/;
const RESULT_ONLY = /^(\s*)\/\/\s*=>\s*(.*?)\s*$/;
const STATEMENT_KEYWORD = /^(?:const|let|var|using|import|export|return|throw|if|else|for|while|do|switch|try|function|async\s+function|class|interface|type|enum|declare)\b/;
const ASSERT = '__docsExpect';

function location(example: CodeExample, line: number): string {
  return `${example.file}:${line}`;
}

function assertionFor(example: CodeExample, line: number, indent: string, expression: string, expected: string): string {
  if (expression.trim() === '' || STATEMENT_KEYWORD.test(expression.trim())) {
    throw new Error(`${location(example, line)}: \`// =>\` must follow an expression statement, found \`${expression.trim()}\``);
  }
  if (expected === '') throw new Error(`${location(example, line)}: \`// =>\` has no expected value`);
  return `${indent}${ASSERT}((${expression}), ${JSON.stringify(location(example, line))}).toStrictEqual((${expected}));`;
}

/**
 * Turns a block into the source of an ES module that asserts its results.
 *
 * - `expr; // => expected` on one line becomes
 *   `expect(expr).toStrictEqual(expected)`: `expected` is a JavaScript
 *   expression on that line only.
 * - The form the TSDoc examples use is accepted too: a line `expr;` followed
 *   by a line holding only `// => expected`.
 * - Any other `// =>` is an error, so no intended assertion is silently skipped.
 *
 * Line numbers are kept: line `n` of the module is line `n` of the block, and
 * the added imports share the first line.
 *
 * @param implicitImport - imports added when the block has no import of its own
 */
export function transformExample(example: CodeExample, implicitImport?: ImplicitImport): string {
  const output = example.lines.map((entry) => entry.text);
  example.lines.forEach((entry, index) => {
    const resultOnly = RESULT_ONLY.exec(entry.text);
    if (resultOnly !== null) {
      const previousIndex = findPreviousCodeLine(output, index);
      const previous = previousIndex === undefined ? undefined : /^(\s*)(.*);\s*$/.exec(output[previousIndex]!);
      if (previousIndex === undefined || previous === null || previous === undefined || output[previousIndex]!.includes(ASSERT)) {
        throw new Error(`${location(example, entry.line)}: a \`// =>\` line must follow a line \`expression;\``);
      }
      output[previousIndex] = assertionFor(example, example.lines[previousIndex]!.line, previous[1]!, previous[2]!, resultOnly[2]!);
      return;
    }
    const inline = ASSERTION.exec(entry.text);
    if (inline !== null) {
      output[index] = assertionFor(example, entry.line, inline[1]!, inline[2]!, inline[3]!);
      return;
    }
    if (/\/\/\s*=>/.test(entry.text)) {
      throw new Error(`${location(example, entry.line)}: cannot read this \`// =>\`; write \`expression; // => expected\``);
    }
  });
  const header = [`import { expect as ${ASSERT} } from 'vitest';`];
  const code = output.join('\n');
  if (implicitImport !== undefined && !/^\s*import\b/m.test(code)) {
    const mentioned = (name: string): boolean => new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?![\\w$])`).test(code);
    const used = implicitImport.names.filter(mentioned);
    const usedTypes = (implicitImport.typeNames ?? []).filter(mentioned);
    if (used.length > 0) header.push(`import { ${used.join(', ')} } from ${JSON.stringify(implicitImport.from)};`);
    if (usedTypes.length > 0) header.push(`import type { ${usedTypes.join(', ')} } from ${JSON.stringify(implicitImport.from)};`);
  }
  return `${header.join(' ')} ${code}\n`;
}

function findPreviousCodeLine(lines: readonly string[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) {
    if (lines[i]!.trim() !== '') return i;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Writes the transformed block into `directory` as a `.ts` module and returns its path. */
export function writeExampleModule(example: CodeExample, directory: string, implicitImport?: ImplicitImport): string {
  const code = transformExample(example, implicitImport);
  const hash = createHash('sha256').update(example.file).update(String(example.line)).update(code).digest('hex').slice(0, 12);
  const name = `${example.file.replace(/[^\w.-]+/g, '_')}_${example.line}_${hash}.ts`;
  mkdirSync(directory, { recursive: true });
  const path = join(directory, name);
  writeFileSync(path, code);
  return path;
}

/**
 * Writes the transformed block to `directory` and imports it, so it runs as
 * its own ES module; a failed assertion or a thrown error rejects.
 */
export async function runExample(example: CodeExample, directory: string, implicitImport?: ImplicitImport): Promise<void> {
  const path = writeExampleModule(example, directory, implicitImport);
  await import(/* @vite-ignore */ pathToFileURL(path).href);
}

/** Inside docs/ so that example modules resolve 'vitest' and the aliases like any test file. */
function docsScratchRoot(): string {
  // Read when called: in a DOM environment import.meta.url is no file URL, and such tests give their own root.
  return fileURLToPath(new URL('../.examples-tmp/', import.meta.url));
}

/**
 * A fresh directory for one test file's example modules (several vitest
 * processes may run at once) under `root`, and a function that removes it
 * again, with `root` once no run has a directory there.
 */
export function createScratchDirectory(label: string, root = docsScratchRoot()): { path: string; remove: () => void } {
  const path = join(root, `${label}-${process.pid}-${Date.now()}`);
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true });
      try {
        rmdirSync(root);
      } catch {
        // another run still has its directory there
      }
    },
  };
}
