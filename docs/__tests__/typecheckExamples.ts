// Type-checks docs examples with the TypeScript compiler, against the
// packages' sources, reporting each error at its line in the docs.
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { writeExampleModule, type CodeExample, type ImplicitImport } from './docExamples.js';

/** An example to check, with the implicit import it runs with. */
export interface ExampleToCheck {
  readonly example: CodeExample;
  readonly implicitImport?: ImplicitImport;
}

/**
 * Writes the examples as modules into `directory` and type-checks them with
 * the compiler options of `tsconfigPath`.
 *
 * @returns one message per error, starting with `<file>:<line>` of the docs;
 *   empty when every example type-checks
 */
export function typecheckExamples(examples: readonly ExampleToCheck[], directory: string, tsconfigPath: string): string[] {
  const modules = new Map<string, CodeExample>();
  for (const { example, implicitImport } of examples) {
    modules.set(resolve(writeExampleModule(example, directory, implicitImport)), example);
  }
  const config = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  if (config.error !== undefined) return [ts.flattenDiagnosticMessageText(config.error.messageText, ' ')];
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfigPath));
  const program = ts.createProgram([...modules.keys()], { ...parsed.options, noEmit: true });

  const messages: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file === undefined) {
      messages.push(text);
      continue;
    }
    const example = modules.get(resolve(diagnostic.file.fileName));
    // Errors inside the packages belong to their own type-check, not to the docs.
    if (example === undefined) continue;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    messages.push(`${example.file}:${example.lines[line]?.line ?? example.line}: ${text}`);
  }
  return messages;
}
