// Test support: the project's server, in process, and a way to break it on purpose.
import { createMetadataHandler, memoryStore } from '@metadata-semantics/server';
import type { ConformanceCase, ReplaceConformanceCase } from '../index.js';

export const secretKey = 'sk_test_conformance';

/** The project's server with a memory store; frontend requests sign in with the X-Test-User header. */
export function projectServer(): (request: Request) => Promise<Response> {
  return createMetadataHandler({
    secretKey,
    store: memoryStore(),
    authenticate: (request) => request.headers.get('x-test-user'),
  });
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== null) copy[key] = withoutNulls(member);
  return copy;
}

/** A deliberately broken server: it drops every null member of a backend PATCH body before handling it. */
export function serverIgnoringNulls(handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'PATCH' || !request.headers.get('content-type')?.startsWith('application/json')) return handler(request);
    const text = await request.text();
    let body: string = text;
    try {
      body = JSON.stringify(withoutNulls(JSON.parse(text)));
    } catch {
      // not JSON: forwarded as is
    }
    return handler(new Request(request.url, { method: 'PATCH', headers: request.headers, body }));
  };
}

const sdkFields = ['publicMetadata', 'privateMetadata', 'unsafeMetadata'];
const userFields = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.entries(value).every(([key, field]) => sdkFields.includes(key) && (field === null || (typeof field === 'object' && !Array.isArray(field))));

/**
 * The cases an HTTP runner skips: replace-reducer cases over keys other than a user's three
 * fields (no PUT can carry them), and what HTTP cannot carry at all (nonJson values, per-case
 * limits, createMergePatch).
 */
export function casesSkippedOverHttp(cases: readonly ConformanceCase[]): { notLiftable: string[]; skippedIds: Set<string> } {
  const notOverHttp = (c: ConformanceCase): boolean =>
    c.nonJson !== undefined ||
    ('limits' in c && c.limits !== undefined) ||
    ('schemas' in c && c.schemas !== undefined) ||
    ('operation' in c ? c.operation === 'diff' : Object.keys(c.stored).some((key) => key === 'unsafe_metadata' ? c.resource !== 'user' : !/^(public|private)_metadata$/.test(key)));
  const notLiftable = cases
    .filter((c): c is ReplaceConformanceCase => 'operation' in c && c.operation === 'replace' && !notOverHttp(c))
    .filter((c) => !(userFields(c.stored) && ('error' in c.expect || (userFields(c.provided) && userFields(c.expect.result)))))
    .map((c) => c.id);
  return { notLiftable, skippedIds: new Set([...notLiftable, ...cases.filter(notOverHttp).map((c) => c.id)]) };
}
