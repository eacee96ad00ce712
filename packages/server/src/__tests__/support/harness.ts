import { expect } from 'vitest';
import { createClerkClient } from '@clerk/backend';
import { createMetadataHandler, type MetadataHandlerOptions } from '../../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../../node.js';

export const secretKey = 'sk_test_harness_key';

/** The handler served on 127.0.0.1 with node:http, and the official SDK pointed at it. */
export async function startServer(options: Partial<MetadataHandlerOptions> = {}) {
  const handler = createMetadataHandler({ secretKey, ...options });
  const server: NodeHttpServer = await serveNodeHttp(handler, { host: '127.0.0.1', port: 0 });
  const clerk = createClerkClient({ secretKey, apiUrl: server.url });
  return { handler, server, clerk };
}

/** Calls a handler in-process with a backend request. */
export function backendRequest(
  handler: (request: Request) => Promise<Response>,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return handler(
    new Request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    }),
  );
}

/** Reads a resource as the API returns it (raw JSON), to compare before and after a failed request. */
export async function readRaw(handler: (request: Request) => Promise<Response>, path: string): Promise<unknown> {
  const response = await backendRequest(handler, 'GET', path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return response.json();
}

/** The code and status of a Clerk error response. */
export async function errorOf(response: Response): Promise<{ status: number; code: string; paramName?: string }> {
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as {
    errors: { code: string; message: string; long_message: string; meta?: { param_name?: string } }[];
    clerk_trace_id?: unknown;
  };
  expect(body.errors).toHaveLength(1);
  // Every error body carries a trace id, as Clerk's do.
  expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
  const [error] = body.errors;
  expect(typeof error!.message).toBe('string');
  expect(typeof error!.long_message).toBe('string');
  const result: { status: number; code: string; paramName?: string } = { status: response.status, code: error!.code };
  if (error!.meta?.param_name !== undefined) result.paramName = error!.meta.param_name;
  return result;
}
