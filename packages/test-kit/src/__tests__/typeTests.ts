import ts from 'typescript';

/** One `test` or `it` block of a `.test-d.ts` file, and the type errors reported inside it. */
export interface TypeTest {
  /** The file, as given. */
  readonly file: string;
  /** Its `describe` names and its own, joined by ` > `. */
  readonly name: string;
  /** `line: message` of each type error inside the block (an unused `@ts-expect-error` included). */
  readonly errors: readonly string[];
}

interface Block {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const callName = (call: ts.CallExpression): string | undefined => {
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : call.expression;
  return ts.isIdentifier(callee) ? callee.text : undefined;
};

/** The `test`/`it` blocks of a file with their `describe` path, from its syntax (as Vitest's typecheck finds them). */
function blocksOf(source: ts.SourceFile): Block[] {
  const blocks: Block[] = [];
  const visit = (node: ts.Node, path: readonly string[]): void => {
    if (ts.isCallExpression(node)) {
      const kind = callName(node);
      const [title] = node.arguments;
      if ((kind === 'describe' || kind === 'test' || kind === 'it') && title !== undefined && ts.isStringLiteralLike(title)) {
        const names = [...path, title.text];
        if (kind !== 'describe') blocks.push({ name: names.join(' > '), start: node.getStart(source), end: node.end });
        node.arguments.slice(1).forEach((argument) => visit(argument, names));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, path));
  };
  visit(source, []);
  return blocks;
}

const describeDiagnostic = (source: ts.SourceFile, diagnostic: ts.Diagnostic): string =>
  `${source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;

/**
 * Type-checks `.test-d.ts` files in one TypeScript program with a tsconfig's compiler options, and gives each
 * of their `test`/`it` blocks the type errors inside it: Vitest's type tests, without its experimental
 * typecheck mode (which warns on every run) and with one program for every package instead of one each.
 * `outside` holds the errors of those files that no block holds (an import that does not resolve, say).
 */
export function runTypeTests(files: readonly string[], tsconfigPath: string): { tests: TypeTest[]; outside: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  })!;
  const program = ts.createProgram({ rootNames: [...files], options: { ...config.options, noEmit: true } });
  const tests: TypeTest[] = [];
  const outside = program.getOptionsDiagnostics().map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const blocks = blocksOf(source);
    const errors = blocks.map((): string[] => []);
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const position = diagnostic.start ?? -1;
      // The innermost block holding it: blocks are in source order, so the last one that contains it.
      let index = -1;
      blocks.forEach((block, candidate) => {
        if (block.start <= position && position < block.end) index = candidate;
      });
      (index === -1 ? outside : errors[index]!).push(`${file}:${describeDiagnostic(source, diagnostic)}`);
    }
    blocks.forEach((block, index) => tests.push({ file, name: block.name, errors: errors[index]! }));
  }
  return { tests, outside };
}
