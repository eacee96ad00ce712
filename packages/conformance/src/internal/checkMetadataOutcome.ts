import type { MetadataConformanceCase } from '../conformanceCase.js';
import { jsonDifference, show } from './json.js';
import { completeFields, pickFields } from './resourceFields.js';

/** What a runner saw for one metadata case, however it got there. */
export interface ObservedOutcome {
  readonly status: number;
  /** The object the response carried (a resource JSON object or its fields); undefined when there was none. */
  readonly response: unknown;
  /** `errors` of Clerk's error body, when the response had one. */
  readonly errors: readonly unknown[];
  /** The resource's fields after the request, as read back; undefined when the runner cannot read them. */
  readonly storedAfter: unknown;
}

function describeErrors(errors: readonly unknown[]): string {
  if (errors.length === 0) return '';
  const parts = errors.map((error) => {
    const record = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; meta?: { param_name?: unknown } };
    const param = record.meta?.param_name;
    const path = (record.meta as { path?: unknown } | undefined)?.path;
    const message = (record as { long_message?: unknown }).long_message;
    return `${String(record.code)}${param === undefined ? '' : ` (param_name ${String(param)})`}${path === undefined ? '' : ` at ${JSON.stringify(path)}`}${
      message === undefined ? '' : ` saying ${JSON.stringify(message)}`
    }`;
  });
  return ` ${parts.join(', ')}`;
}

type ExpectedError = { readonly code?: string; readonly paramName?: string; readonly path?: string; readonly message?: string };

function matchesError(error: unknown, expected: ExpectedError): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as { code?: unknown; long_message?: unknown; meta?: { param_name?: unknown; path?: unknown } };
  if (expected.message !== undefined && record.long_message !== expected.message) return false;
  if (expected.code !== undefined && record.code !== expected.code) return false;
  if (expected.paramName !== undefined && record.meta?.param_name !== expected.paramName) return false;
  if (expected.path !== undefined && record.meta?.path !== expected.path) return false;
  return true;
}

/** Compares an observed outcome with a metadata case's expectation: a failure message, or undefined when it conforms. */
export function checkMetadataOutcome(
  testCase: MetadataConformanceCase,
  observed: ObservedOutcome,
  ignoreErrorCodes = false,
): string | undefined {
  const expect = testCase.expect;
  // Stored values built from nonJson may hold undefined members, which count as absent.
  const undefinedIsAbsent = testCase.nonJson !== undefined;
  if ('stored' in expect) {
    if (observed.status !== 200) return `expected status 200, got ${observed.status}${describeErrors(observed.errors)}`;
    if (observed.storedAfter !== undefined) {
      const difference = jsonDifference(pickFields(observed.storedAfter), expect.stored, '', undefinedIsAbsent);
      if (difference !== undefined) return `stored fields differ at ${difference}`;
    }
    if (testCase.request.api === 'backend') {
      if (observed.response !== undefined) {
        const difference = jsonDifference(pickFields(observed.response), expect.stored, '', undefinedIsAbsent);
        if (difference !== undefined) return `response fields differ at ${difference}`;
      }
      return undefined;
    }
    if (observed.response === undefined) return 'no response object to check what the frontend sees';
    const response = pickFields(observed.response);
    for (const [name, value] of Object.entries(expect.response ?? {})) {
      if (!Object.prototype.hasOwnProperty.call(response, name)) return `the response lacks ${name}`;
      const difference = jsonDifference(response[name], value, `/${name}`, undefinedIsAbsent);
      if (difference !== undefined) return `response fields differ at ${difference}`;
    }
    for (const name of expect.responseOmits ?? []) {
      if (Object.prototype.hasOwnProperty.call(response, name)) {
        return `the response must not carry ${name}, but has ${show(response[name])}`;
      }
    }
    return undefined;
  }
  const wanted = `${expect.status}${expect.error.code === undefined ? '' : ` ${expect.error.code}`}${
    expect.error.paramName === undefined ? '' : ` (param_name ${expect.error.paramName})`
  }${expect.error.path === undefined ? '' : ` at ${JSON.stringify(expect.error.path)}`}${
    expect.error.message === undefined ? '' : ` saying ${JSON.stringify(expect.error.message)}`
  }`;
  if (observed.status !== expect.status) {
    return `expected ${wanted}, got status ${observed.status}${describeErrors(observed.errors)}`;
  }
  if (
    !ignoreErrorCodes &&
    Object.keys(expect.error).length > 0 &&
    !observed.errors.some((error) => matchesError(error, expect.error))
  ) {
    return `expected ${wanted}, got ${observed.status}${describeErrors(observed.errors) || ' without an error body'}`;
  }
  if (observed.storedAfter !== undefined) {
    const difference = jsonDifference(pickFields(observed.storedAfter), completeFields(testCase.resource, testCase.stored));
    if (difference !== undefined) return `a rejected request changed the stored fields at ${difference}`;
  }
  return undefined;
}
