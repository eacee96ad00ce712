import { fc, it } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';
import { parseResponse, sendRaw, type RawResponse } from './support/rawHttp.js';
import { secretKey } from './support/harness.js';

// Every request gets an answer in Clerk's shape, whatever its method and request target, sent as raw bytes on a
// real socket to serveNodeHttp's direct path: never a bare 500, never a closed connection without an answer;
// a 405 names what is allowed; nothing unparsed reaches the authenticate hook or the store.
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);

const hookSaw: Request[] = [];
const internalErrors: unknown[] = [];
let server: NodeHttpServer;

beforeAll(async () => {
  const store = memoryStore();
  const times = { createdAt: 1, updatedAt: 1, version: 1 };
  await store.insert({ kind: 'user', key: 'user_a', attributes: {}, metadata: {}, ...times });
  await store.insert({ kind: 'organization', key: 'org_a', attributes: { name: 'Acme' }, metadata: {}, ...times });
  const handler = createMetadataHandler({
    secretKey,
    store,
    authenticate: (request) => {
      hookSaw.push(request);
      return request.headers.get('x-user');
    },
    onError: (error) => internalErrors.push(error),
  });
  server = await serveNodeHttp(handler);
});
afterAll(async () => {
  await server.close();
});

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'QUERY', 'FOO', 'get'];
const targets = [
  '/v1/users',
  '/v1/users/user_a',
  '/v1/users/user_a/metadata',
  '/v1/me/metadata',
  '/v1/organizations/org_a/memberships',
  'http://127.0.0.1/v1/users/user_a',
  'http://%zz/v1/users',
  'http://u:p@x/v1/me/metadata',
  'http://u:p@x/v1/users/user_a',
  'http://[::1/v1/users',
  'ftp://x/v1/users',
  '*',
  '//x/v1/users',
  '/v1/%zz',
  '/v1/users/%00',
  '/%',
  '/v1/users?%zz',
  'x:1',
  `/${'a'.repeat(20_000)}`,
];
/** Targets that name no URL of this server, whatever the method and key. */
const unusableTargets = new Set(['http://%zz/v1/users', 'http://u:p@x/v1/me/metadata', 'http://u:p@x/v1/users/user_a', 'http://[::1/v1/users', 'ftp://x/v1/users']);

function rawRequest(method: string, target: string, headers: Record<string, string>): string {
  const lines = Object.entries({ host: '127.0.0.1', connection: 'close', 'content-length': '0', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** What every answer must be: a status this server gives, Clerk's error body, `Allow` on a 405. */
function expectClerkShaped(method: string, response: RawResponse, label: string): void {
  expect([200, 400, 401, 404, 405, 408, 413, 422, 431, 501], label).toContain(response.status);
  expect(response.headers['content-type'], label).toBe('application/json');
  if (response.status === 405) expect(response.headers['allow'], label).toMatch(/^[A-Z]+(?:, [A-Z]+)*$/);
  if (method === 'HEAD') return expect(response.body, label).toBe('');
  const body = JSON.parse(response.body) as { errors?: { code: string; message: string; long_message: string }[] };
  // A resource, a list or a page of one: never an error body.
  if (response.status === 200) return expect(body.errors, label).toBeUndefined();
  expect(body.errors, label).toHaveLength(1);
  expect(body.errors![0], label).toMatchObject({ code: expect.any(String), message: expect.any(String), long_message: expect.any(String) });
}

const credentials: { name: string; headers: Record<string, string> }[] = [
  { name: 'no key', headers: {} },
  { name: 'the key', headers: { authorization: `Bearer ${secretKey}` } },
  { name: 'a signed-in user', headers: { 'x-user': 'user_a' } },
];

describe('raw requests on a socket (serveNodeHttp, the direct path)', () => {
  it.each(credentials)('every method on every target gets a Clerk-shaped answer, with $name', async ({ headers }) => {
    for (const method of methods) {
      for (const target of targets) {
        // Arrange
        const label = `${method} ${target.slice(0, 40)}`;
        hookSaw.length = 0;

        // Act
        const response = parseResponse(await sendRaw(server.port, rawRequest(method, target, headers)));

        // Assert
        expectClerkShaped(method, response, label);
        if (unusableTargets.has(target) && method !== 'CONNECT') {
          expect(response.status, label).toBe(400);
          expect(hookSaw, label).toEqual([]);
        }
        if (!('authorization' in headers) && !(target.includes('/me/') && 'x-user' in headers)) {
          expect(response.status, label).not.toBe(200);
        }
      }
    }
    expect(internalErrors).toEqual([]);
  });

  it('answers TRACE with 405 and the route’s Allow, on backend and frontend routes, without asking the hook', async () => {
    // Act
    const backend = parseResponse(await sendRaw(server.port, rawRequest('TRACE', '/v1/users', { authorization: `Bearer ${secretKey}` })));
    hookSaw.length = 0;
    const frontend = parseResponse(await sendRaw(server.port, rawRequest('TRACE', '/v1/me/metadata', { 'x-user': 'user_a' })));
    const unauthenticated = parseResponse(await sendRaw(server.port, rawRequest('TRACE', '/v1/users', {})));

    // Assert
    expect([backend.status, backend.headers['allow']]).toEqual([405, 'GET, POST']);
    expect([frontend.status, frontend.headers['allow']]).toEqual([405, 'PATCH']);
    expect(hookSaw).toEqual([]);
    expect(unauthenticated.status).toBe(401);
  });

  it('answers a request line node:http cannot parse, and a request without Host, in Clerk’s shape', async () => {
    // Act
    const unknownMethod = parseResponse(await sendRaw(server.port, 'FOO /v1/users HTTP/1.1\r\nhost: x\r\n\r\n'));
    const noHost = parseResponse(await sendRaw(server.port, 'GET /v1/users HTTP/1.1\r\nconnection: close\r\n\r\n'));
    const connect = parseResponse(await sendRaw(server.port, 'CONNECT x:1 HTTP/1.1\r\nhost: x\r\n\r\n'));

    // Assert
    expect(JSON.parse(unknownMethod.body)).toMatchObject({ errors: [{ code: 'request_invalid' }] });
    expect([unknownMethod.status, noHost.status, connect.status]).toEqual([400, 400, 405]);
    expect(connect.headers['allow']).toBe('DELETE, GET, PATCH, POST, PUT');
  });

  it.prop(
    [
      fc.constantFrom(...methods),
      fc.oneof(fc.stringMatching(/^[!-~]{1,60}$/), fc.stringMatching(/^\/[!-~]{0,60}$/), fc.stringMatching(/^http:\/\/[!-~]{0,60}$/)),
      fc.constantFrom(...credentials),
    ],
    { numRuns },
  )('any method and any request target get a Clerk-shaped answer, never a 500', async (method, target, { headers }) => {
    // Act
    const response = parseResponse(await sendRaw(server.port, rawRequest(method, target, headers)));

    // Assert
    expectClerkShaped(method, response, `${method} ${target}`);
    expect(internalErrors).toEqual([]);
    for (const request of hookSaw) expect(new URL(request.url).username).toBe('');
  });
});
