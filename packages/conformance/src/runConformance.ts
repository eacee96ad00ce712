import type { JsonObject, JsonValue } from '@metadata-semantics/core';
import type {
  ConformanceCase,
  MergeConformanceCase,
  MetadataConformanceCase,
  ReplaceConformanceCase,
} from './conformanceCase.js';
import type { ConformanceImplementation } from './conformanceImplementation.js';
import { toReport, type ConformanceReport, type ConformanceResult } from './conformanceReport.js';
import { checkMetadataOutcome } from './internal/checkMetadataOutcome.js';
import { containers, copyJson, deepFreeze, jsonDifference, sharedContainer, show } from './internal/json.js';
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

function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))
    .join('|');
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return show(error);
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** Calls a reducer on frozen copies and checks purity, no aliasing and the expected result. */
async function runReducer(
  call: (first: JsonValue, second: JsonValue) => unknown,
  inputs: readonly [JsonValue, JsonValue],
  expect: { readonly result: JsonValue } | { readonly error: { readonly code: string } },
): Promise<Verdict> {
  const pristine = copyJson(inputs);
  const [first, second] = deepFreeze(copyJson(inputs));
  let result: unknown;
  try {
    result = await call(first, second);
  } catch (error) {
    if ('error' in expect) {
      const code = errorCode(error);
      return code === expect.error.code
        ? { outcome: 'passed' }
        : failed(`expected an error with code ${expect.error.code}, got ${describeThrown(error)} (code ${show(code)})`);
    }
    return failed(`threw ${describeThrown(error)}`);
  }
  if ('error' in expect) return failed(`expected an error with code ${expect.error.code}, got the result ${show(result)}`);
  const difference = jsonDifference(result, expect.result);
  if (difference !== undefined) return failed(`result differs at ${difference}`);
  const changed = jsonDifference([first, second], pristine);
  if (changed !== undefined) return failed(`an argument was modified at ${changed}`);
  // The result may share parts of the first argument (the stored value) but nothing of the second.
  const aliased = sharedContainer(result, containers(second));
  if (aliased !== undefined) return failed(`the result shares an object with the patch at ${aliased}`);
  return { outcome: 'passed' };
}

async function runMetadata(implementation: ConformanceImplementation, testCase: MetadataConformanceCase): Promise<Verdict> {
  const metadata = implementation.metadata?.bind(implementation);
  if (metadata === undefined) return skipped('the implementation has no metadata operation');
  const requestBody = testCase.request.body;
  if (requestBody === undefined) return skipped('a raw request body needs an HTTP runner');
  const pristine = copyJson([testCase.stored, requestBody] as const);
  const [stored, body] = deepFreeze(copyJson(pristine));
  let outcome;
  try {
    outcome = await metadata({
      resource: testCase.resource,
      api: testCase.request.api,
      method: testCase.request.method,
      stored: stored as { [field: string]: JsonValue },
      body,
    });
  } catch (error) {
    return failed(`threw ${describeThrown(error)}`);
  }
  if (typeof outcome !== 'object' || outcome === null || typeof outcome.status !== 'number') {
    return failed(`returned ${show(outcome)}, not an outcome with a status`);
  }
  const changed = jsonDifference([stored, body], pristine);
  if (changed !== undefined) return failed(`an argument was modified at ${changed}`);
  const message =
    'stored' in outcome
      ? checkMetadataOutcome(testCase, { status: outcome.status, response: outcome.response, errors: [], storedAfter: outcome.stored })
      : checkMetadataOutcome(testCase, {
          status: outcome.status,
          response: undefined,
          errors: 'errors' in outcome && Array.isArray(outcome.errors) ? outcome.errors : [],
          storedAfter: undefined,
        });
  return message === undefined ? { outcome: 'passed' } : failed(message);
}

async function runCase(implementation: ConformanceImplementation, testCase: ConformanceCase): Promise<Verdict> {
  if ('operation' in testCase) {
    if (testCase.operation === 'merge') {
      const merge = implementation.merge?.bind(implementation);
      if (merge === undefined) return skipped('the implementation has no merge operation');
      const c = testCase as MergeConformanceCase;
      return runReducer(merge, [c.target, c.patch], c.expect);
    }
    const replace = implementation.replace?.bind(implementation);
    if (replace === undefined) return skipped('the implementation has no replace operation');
    const c = testCase as ReplaceConformanceCase;
    return runReducer((stored, provided) => replace(stored as JsonObject, provided), [c.stored, c.provided], c.expect);
  }
  return runMetadata(implementation, testCase);
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
 * argument (the patch), or when a built-in prototype gained or lost a property.
 * Metadata errors are compared by status, `errors[].code` and
 * `errors[].meta.param_name`. Cases with a raw HTTP body are skipped.
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
