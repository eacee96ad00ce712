import type { JsonObject, JsonValue } from '@metadata-semantics/core';
import type {
  ConformanceCase,
  ConformanceReducerError,
  DiffConformanceCase,
  MergeConformanceCase,
  MetadataConformanceCase,
  ReplaceConformanceCase,
} from './conformanceCase.js';
import type { ConformanceImplementation } from './conformanceImplementation.js';
import { toReport, type ConformanceReport, type ConformanceResult } from './conformanceReport.js';
import { checkMetadataOutcome } from './internal/checkMetadataOutcome.js';
import { containers, copyJson, deepFreeze, jsonDifference, sharedContainer, show } from './internal/json.js';
import { toPointer, valueAt } from './internal/jsonPointer.js';
import { describeExactly, placeNonJson } from './internal/nonJson.js';
import { fieldsOf } from './internal/resourceFields.js';
import { loadConformanceCases, topicOf } from './loadConformanceCases.js';

/**
 * Options of {@link runConformance}.
 *
 * @public
 */
export interface RunConformanceOptions {
  /** Case ids or topics to run; default all. Ignored when `cases` is given. */
  readonly filter?: string | readonly string[];
  /** The cases to run; default {@link loadConformanceCases} with `filter`. */
  readonly cases?: readonly ConformanceCase[];
}

type Verdict = { outcome: 'passed' } | { outcome: 'failed' | 'skipped'; message: string };

const failed = (message: string): Verdict => ({ outcome: 'failed', message });
const skipped = (message: string): Verdict => ({ outcome: 'skipped', message });
const passed: Verdict = { outcome: 'passed' };

function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))
    .join('|');
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return show(error);
}

/** A fresh copy of the case with its `nonJson` values in place. */
function materialize<T extends ConformanceCase>(testCase: T): T {
  const copy = copyJson(testCase);
  if (testCase.nonJson !== undefined) placeNonJson(copy, testCase.nonJson);
  return copy;
}

/** Whether the error a reducer threw is the expected one; a failure message, or undefined. */
function checkThrown(error: unknown, expected: ConformanceReducerError): string | undefined {
  const { code, path, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; path?: unknown; message?: unknown };
  if (code !== expected.code) return `expected an error with code ${expected.code}, got ${describeThrown(error)} (code ${show(code)})`;
  if (expected.message !== undefined && message !== expected.message) {
    return `expected the error to say ${JSON.stringify(expected.message)}, got ${show(message)}`;
  }
  if (expected.path === undefined) return undefined;
  const pointer = Array.isArray(path) ? toPointer(path as (string | number)[]) : undefined;
  return pointer === expected.path
    ? undefined
    : `expected the error at ${JSON.stringify(expected.path)}, got it at ${pointer === undefined ? `path ${show(path)}` : JSON.stringify(pointer)}`;
}

/** Every pointer of `shared` must hold, in the result, the very object at the same pointer of `source`. */
function checkShared(result: unknown, source: unknown, shared: readonly string[] | undefined, what: string): string | undefined {
  for (const pointer of shared ?? []) {
    const own = valueAt(source, pointer);
    if (typeof own !== 'object' || own === null || valueAt(result, pointer) !== own) {
      return `at ${JSON.stringify(pointer)} the result must be ${what}'s own object, not a copy`;
    }
  }
  return undefined;
}

/**
 * Objects the result made itself (not shared from `kept`) must be plain JSON
 * data: an array or a plain object, every member an ordinary writable,
 * enumerable, configurable data property.
 */
function checkPlainData(result: unknown, kept: Set<object>, path = ''): string | undefined {
  if (typeof result !== 'object' || result === null || kept.has(result)) return undefined;
  const prototype: unknown = Object.getPrototypeOf(result);
  if (!Array.isArray(result) && prototype !== Object.prototype && prototype !== null) return `${path || '(root)'}: not a plain object`;
  for (const key of Reflect.ownKeys(result)) {
    if (Array.isArray(result) && key === 'length') continue;
    const member = Object.getOwnPropertyDescriptor(result, key)!;
    const at = `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof key === 'symbol' || !('value' in member) || !member.writable || !member.enumerable || !member.configurable) {
      return `${at}: not an ordinary data member`;
    }
    const inner = checkPlainData(member.value, kept, at);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Calls a reducer on frozen inputs and checks the outcome: the expected result
 * or error, unchanged inputs, a result made of plain data that shares nothing
 * with the inputs in `fresh` and, where the case says so, objects of the first input.
 */
async function runReducer(
  call: (first: JsonValue, second: JsonValue) => unknown,
  build: () => readonly [unknown, unknown],
  expect: { readonly result: JsonValue; readonly shared?: readonly string[] } | { readonly error: ConformanceReducerError },
  fresh: 'second' | 'both',
  what: string,
  undefinedIsAbsent: boolean,
): Promise<Verdict> {
  const inputs = build();
  const pristine = describeExactly(inputs);
  const [first, second] = deepFreeze(inputs);
  let result: unknown;
  try {
    result = await call(first as JsonValue, second as JsonValue);
  } catch (error) {
    if (!('error' in expect)) return failed(`threw ${describeThrown(error)}`);
    const message = checkThrown(error, expect.error);
    return message === undefined ? passed : failed(message);
  }
  if ('error' in expect) return failed(`expected an error with code ${expect.error.code}, got the result ${show(result)}`);
  const difference = jsonDifference(result, expect.result, '', undefinedIsAbsent);
  if (difference !== undefined) return failed(`result differs at ${difference}`);
  if (describeExactly([first, second]) !== pristine) {
    const changed = jsonDifference([first, second], build());
    return failed(`an argument was modified${changed === undefined ? '' : ` at ${changed}`}`);
  }
  // The result may share parts of the first argument (the stored value) but nothing of the second.
  const aliased = sharedContainer(result, containers(second));
  if (aliased !== undefined) return failed(`the result shares an object with the ${fresh === 'both' ? 'after value' : 'patch'} at ${aliased}`);
  if (fresh === 'both') {
    const kept = sharedContainer(result, containers(first));
    if (kept !== undefined) return failed(`the result shares an object with the before value at ${kept}`);
  }
  const message = checkShared(result, first, expect.shared, what) ?? checkPlainData(result, containers(first));
  return message === undefined ? passed : failed(message);
}

/** A diff case: the expected patch, and the round trip through the implementation's merge. */
async function runDiff(implementation: ConformanceImplementation, testCase: DiffConformanceCase): Promise<Verdict> {
  const diff = implementation.diff?.bind(implementation);
  if (diff === undefined) return skipped('the implementation has no diff operation');
  const build = (): readonly [unknown, unknown] => {
    const c = materialize(testCase);
    return [c.before, c.after];
  };
  let patch: unknown;
  const expect = 'error' in testCase.expect ? testCase.expect : { result: testCase.expect.patch };
  const verdict = await runReducer(
    async (before, after) => (patch = await diff(before, after)),
    build,
    expect,
    'both',
    'the before value',
    testCase.nonJson !== undefined,
  );
  const merge = implementation.merge?.bind(implementation);
  if (verdict.outcome !== 'passed' || 'error' in testCase.expect || merge === undefined) return verdict;
  const [before, after] = build();
  let merged: unknown;
  try {
    merged = await merge(deepFreeze(before) as JsonValue, deepFreeze(patch) as JsonValue);
  } catch (error) {
    return failed(`round trip: merging the patch threw ${describeThrown(error)}`);
  }
  const difference = jsonDifference(merged, after, '', true);
  return difference === undefined ? passed : failed(`round trip: merging the patch into before differs from after at ${difference}`);
}

async function runMetadata(implementation: ConformanceImplementation, testCase: MetadataConformanceCase): Promise<Verdict> {
  const metadata = implementation.metadata?.bind(implementation);
  if (metadata === undefined) return skipped('the implementation has no metadata operation');
  if (testCase.request.body === undefined) return skipped('a raw request body needs an HTTP runner');
  const build = (): readonly [unknown, unknown] => {
    const c = materialize(testCase);
    return [c.stored, c.request.body];
  };
  const inputs = build();
  const pristine = describeExactly(inputs);
  const [stored, body] = deepFreeze(inputs);
  const { limits, schemas } = materialize(testCase);
  let outcome;
  try {
    outcome = await metadata({
      resource: testCase.resource,
      api: testCase.request.api,
      method: testCase.request.method,
      stored: stored as { [field: string]: JsonValue },
      body: body as JsonValue,
      ...(limits === undefined ? {} : { limits }),
      ...(schemas === undefined ? {} : { schemas }),
    });
  } catch (error) {
    return failed(`threw ${describeThrown(error)}`);
  }
  if (typeof outcome !== 'object' || outcome === null || typeof outcome.status !== 'number') {
    return failed(`returned ${show(outcome)}, not an outcome with a status`);
  }
  if (describeExactly([stored, body]) !== pristine) {
    const changed = jsonDifference([stored, body], build());
    return failed(`an argument was modified${changed === undefined ? '' : ` at ${changed}`}`);
  }
  const message =
    'stored' in outcome
      ? checkMetadataOutcome(testCase, { status: outcome.status, response: outcome.response, errors: [], storedAfter: outcome.stored })
      : checkMetadataOutcome(testCase, {
          status: outcome.status,
          response: undefined,
          errors: 'errors' in outcome && Array.isArray(outcome.errors) ? outcome.errors : [],
          storedAfter: undefined,
        });
  if (message !== undefined) return failed(message);
  if (!('stored' in outcome) || !('stored' in testCase.expect)) return passed;
  const foreign = Object.keys(outcome.stored).find((key) => !fieldsOf(testCase.resource).includes(key));
  if (foreign !== undefined) return failed(`the stored fields afterwards hold ${JSON.stringify(foreign)}, which is not a field of the resource`);
  const sharing = checkShared(outcome.stored, stored, testCase.expect.shared, 'the stored fields');
  return sharing === undefined ? passed : failed(sharing);
}

async function runCase(implementation: ConformanceImplementation, testCase: ConformanceCase): Promise<Verdict> {
  if (!('operation' in testCase)) return runMetadata(implementation, testCase);
  if (testCase.operation === 'diff') return runDiff(implementation, testCase as DiffConformanceCase);
  if (testCase.operation === 'merge') {
    const merge = implementation.merge?.bind(implementation);
    if (merge === undefined) return skipped('the implementation has no merge operation');
    const c = testCase as MergeConformanceCase;
    const build = (): readonly [unknown, unknown] => {
      const m = materialize(c);
      return [m.target, m.patch];
    };
    return runReducer(merge, build, c.expect, 'second', 'the target', c.nonJson !== undefined);
  }
  const replace = implementation.replace?.bind(implementation);
  if (replace === undefined) return skipped('the implementation has no replace operation');
  const c = testCase as ReplaceConformanceCase;
  const build = (): readonly [unknown, unknown] => {
    const m = materialize(c);
    return [m.stored, m.provided];
  };
  return runReducer((stored, provided) => replace(stored as JsonObject, provided), build, c.expect, 'second', 'the stored value', c.nonJson !== undefined);
}

/**
 * Runs the conformance vectors against a JavaScript implementation, in process.
 *
 * @param implementation - the operations under test; cases of missing operations are skipped
 * @param options - which cases to run
 * @returns a report with one result per case; it never rejects because of a failing case
 * @throws `TypeError` when `implementation` is not an object
 *
 * @remarks
 * Besides comparing results with the expected JSON (key order ignored,
 * `__proto__` and friends compared as own keys), the runner hands the
 * implementation deep-frozen arguments and fails a case when an argument was
 * modified, when a reducer's result shares an object or array with its second
 * argument (the patch; for `diff`, with either argument), when an object the
 * result made is not plain data (an ordinary writable, enumerable,
 * configurable member each), when a place the case lists in `shared` is a
 * copy instead of the target's own object, or when a built-in prototype
 * gained or lost a property. It builds the `nonJson` values a case puts into
 * its inputs. Errors are compared by `code` and, when the case gives one, the
 * path (a reducer's thrown `path`, a metadata error's `meta.path`); metadata
 * errors also by status and `errors[].meta.param_name`. A `diff` result is
 * also merged into `before` with the implementation's `merge`, which must give
 * `after`. Cases with a raw HTTP body are skipped.
 *
 * @example
 * ```ts
 * import { coreImplementation, runConformance } from '@metadata-semantics/conformance';
 * import { deepMergeWithNullDeletion } from '@metadata-semantics/core';
 *
 * // A merge that forgets null deletion stores nulls: the vectors catch it.
 * const storesNulls = { merge: (target: unknown, patch: unknown) => (typeof patch === 'object' && patch !== null && !Array.isArray(patch) ? { ...(target as object), ...patch } : patch) };
 * const report = await runConformance(storesNulls, { filter: 'merge/rfc7396-a03' });
 * report.failed; // => 1
 * (await runConformance({ merge: deepMergeWithNullDeletion }, { filter: 'merge/rfc7396-a03' })).passed; // => 1
 * ```
 *
 * @public
 */
export async function runConformance(
  implementation: ConformanceImplementation,
  options: RunConformanceOptions = {},
): Promise<ConformanceReport> {
  if (typeof implementation !== 'object' || implementation === null) {
    throw new TypeError('runConformance: the implementation must be an object with merge, replace and/or metadata');
  }
  const cases = options.cases ?? loadConformanceCases(options.filter === undefined ? {} : { filter: options.filter });
  const results: ConformanceResult[] = [];
  for (const testCase of cases) {
    const before = prototypeSnapshot();
    let verdict: Verdict;
    try {
      verdict = await runCase(implementation, testCase);
    } catch (error) {
      verdict = failed(`the runner could not check the outcome: ${describeThrown(error)}`);
    }
    if (prototypeSnapshot() !== before) verdict = failed('a built-in prototype was changed (prototype pollution)');
    results.push({ id: testCase.id, topic: topicOf(testCase.id), ...verdict });
  }
  return toReport(results);
}
