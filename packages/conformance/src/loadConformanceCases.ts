import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceCase } from './conformanceCase.js';

/**
 * Options of {@link loadConformanceCases}.
 *
 * @public
 */
export interface LoadConformanceCasesOptions {
  /**
   * Case ids or topics to keep (`merge/rfc7396-a01`, `limits`); default all.
   * Each entry must match at least one case.
   */
  readonly filter?: string | readonly string[];
  /** The folder of case files. Default: the `cases/` folder shipped with this package. */
  readonly directory?: string | URL;
}

/**
 * The folder of case files shipped with this package.
 *
 * @returns the URL of the package's `cases/` folder
 *
 * @public
 */
export function conformanceCasesDirectory(): URL {
  // Both src/ and dist/ sit one level below the package root.
  return new URL('../cases/', import.meta.url);
}

/** The topic of a case: the part of its id before the slash. */
export function topicOf(id: string): string {
  const slash = id.indexOf('/');
  return slash === -1 ? id : id.slice(0, slash);
}

function asList(filter: string | readonly string[] | undefined): readonly string[] {
  if (filter === undefined) return [];
  return typeof filter === 'string' ? [filter] : filter;
}

/**
 * Reads the conformance vectors: every `*.json` case file of the folder, in
 * file-name order, each parsed with `JSON.parse`.
 *
 * @param options - a filter by id or topic, and the folder to read
 * @returns fresh case objects (callers may keep or change them)
 *
 * @remarks
 * `JSON.parse` keeps keys such as `__proto__` as ordinary own keys, which the
 * vectors rely on. A file whose `topic` differs from its name, a case whose id
 * does not start with `<topic>/`, a repeated id, or a filter entry that
 * matches no case throws an `Error` naming the problem.
 *
 * @example
 * ```ts
 * import { loadConformanceCases } from '@metadata-semantics/conformance';
 *
 * const cases = loadConformanceCases({ filter: 'merge/rfc7396-a03' });
 * cases.map((c) => c.id); // => ['merge/rfc7396-a03']
 * ```
 *
 * @public
 */
export function loadConformanceCases(options: LoadConformanceCasesOptions = {}): ConformanceCase[] {
  const directory = options.directory ?? conformanceCasesDirectory();
  const folder = typeof directory === 'string' ? directory : fileURLToPath(directory);
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const cases: ConformanceCase[] = [];
  const seen = new Set<string>();
  for (const name of files) {
    const file = JSON.parse(readFileSync(join(folder, name), 'utf8')) as { topic?: unknown; cases?: unknown };
    const topic = name.slice(0, -'.json'.length);
    if (file.topic !== topic || !Array.isArray(file.cases)) {
      throw new Error(`Case file ${name} must have "topic": ${JSON.stringify(topic)} and a "cases" array`);
    }
    for (const entry of file.cases as ConformanceCase[]) {
      if (typeof entry?.id !== 'string' || topicOf(entry.id) !== topic || entry.id === topic) {
        throw new Error(`Case file ${name} holds a case whose id does not start with "${topic}/": ${JSON.stringify(entry?.id)}`);
      }
      if (seen.has(entry.id)) throw new Error(`Case id ${entry.id} appears twice`);
      seen.add(entry.id);
      cases.push(entry);
    }
  }
  const wanted = asList(options.filter);
  if (wanted.length === 0) return cases;
  for (const term of wanted) {
    if (!cases.some((c) => c.id === term || topicOf(c.id) === term)) {
      throw new Error(`No conformance case has the id or topic ${JSON.stringify(term)}`);
    }
  }
  return cases.filter((c) => wanted.includes(c.id) || wanted.includes(topicOf(c.id)));
}
