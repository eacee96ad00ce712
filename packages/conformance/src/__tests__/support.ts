// Test support: the project's server, in process, and a way to break it on purpose.
import { createMetadataHandler, memoryStore } from '@metadata-semantics/server';

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
