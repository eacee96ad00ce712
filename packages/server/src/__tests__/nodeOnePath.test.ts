import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp, type AnsweredRequest, type NodeHttpServer } from '../node.js';
import { parseResponse, sendRaw } from './support/rawHttp.js';
import { secretKey } from './support/harness.js';

// serveNodeHttp has one path for every handler: createMetadataHandler's, the same behind a wrapper, or any
// other. A wrapper (a logging middleware, one that adds a header by building a new Request, one that reads the
// body itself) gets the same answers, the same request log and the same refusals as the handler alone.

type Handler = (request: Request) => Promise<Response>;

const handler = createMetadataHandler({ secretKey, store: memoryStore(), onError: () => {} });

/** Logs every request and answer it sees, reading their method, URL, headers and status on the way. */
const logging = (inner: Handler, seen: string[]): Handler => async (request) => {
  const response = await inner(request);
  seen.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get('content-type')} → ${response.status} ${response.headers.get('content-type')}`);
  return response;
};

/** Signs every request in with the key, as a gateway might: a new Request built from the one it got. */
const signing: Handler = (request) => {
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${secretKey}`);
  return handler(new Request(request, { headers }));
};

/** Reads the body itself (and the signal), then hands the handler a Request of its own with that body. */
const bodyReading: Handler = async (request) => {
  const text = await request.text();
  return handler(new Request(request.url, { method: request.method, headers: request.headers, body: text === '' ? null : text, signal: request.signal }));
};

const logged: string[] = [];
/** `passesThrough`: the wrapper hands the handler the request it got, and returns its answer. */
const servers: { name: string; handler: Handler; passesThrough: boolean; server?: NodeHttpServer; answered: AnsweredRequest[] }[] = [
  { name: 'the handler', handler, passesThrough: true, answered: [] },
  { name: 'a logging wrapper', handler: logging(handler, logged), passesThrough: true, answered: [] },
  { name: 'a wrapper that signs requests in with new Request(request, init)', handler: signing, passesThrough: false, answered: [] },
  { name: 'a wrapper that reads the body itself', handler: bodyReading, passesThrough: false, answered: [] },
];

beforeAll(async () => {
  for (const entry of servers) entry.server = await serveNodeHttp(entry.handler, { onResponse: (answered) => entry.answered.push(answered) });
});
afterAll(async () => {
  await Promise.all(servers.map(({ server }) => server!.close()));
});

const json = { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' };

describe.each(servers)('serveNodeHttp, given $name', (entry) => {
  it('creates, merges and reads a user: the body reaches the handler whole, the answers are the handler’s', async () => {
    // Arrange
    const url = entry.server!.url;

    // Act
    const created = await fetch(`${url}/v1/users`, { method: 'POST', headers: json, body: JSON.stringify({ first_name: 'Ada', public_metadata: { a: 1 } }) });
    const { id } = (await created.json()) as { id: string };
    const merged = await fetch(`${url}/v1/users/${id}/metadata`, { method: 'PATCH', headers: json, body: JSON.stringify({ public_metadata: { b: { c: 'é😀' } } }) });
    const read = await fetch(`${url}/v1/users/${id}`, { headers: json });

    // Assert
    expect([created.status, merged.status, read.status]).toEqual([200, 200, 200]);
    expect(merged.headers.get('content-type')).toBe('application/json');
    expect(((await read.json()) as { public_metadata: unknown }).public_metadata).toEqual({ a: 1, b: { c: 'é😀' } });
  });

  it('logs an error answer, with its trace id when the wrapper passes the request and the answer through', async () => {
    // Act
    const missing = await fetch(`${entry.server!.url}/v1/users/user_missing`, { headers: json });
    const body = (await missing.json()) as { clerk_trace_id: string };

    // Assert: a Response the handler made for a Request of the wrapper's own is read as any other
    expect(missing.status).toBe(404);
    const logged404 = entry.answered.find((answered) => answered.status === 404);
    expect(logged404?.traceId).toBe(entry.passesThrough ? body.clerk_trace_id : undefined);
  });

  it('refuses a body over the cap with 413 in Clerk’s shape, and what it cannot give the handler too', async () => {
    // Act
    const large = await fetch(`${entry.server!.url}/v1/users`, { method: 'POST', headers: json, body: JSON.stringify({ first_name: 'x'.repeat(2_000_000) }) });
    const unusable = parseResponse(await sendRaw(entry.server!.port, 'GET http://%zz/v1/users HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'));

    // Assert
    expect(large.status).toBe(413);
    expect(((await large.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('request_body_too_large');
    expect(unusable.status).toBe(400);
    expect(JSON.parse(unusable.body)).toMatchObject({ errors: [{ code: 'request_invalid' }] });
  });
});

describe('a logging wrapper', () => {
  it('sees the request and the answer as Fetch objects: method, URL, headers and status', () => {
    // Assert (after the requests above)
    expect(logged).toContain('POST /v1/users application/json → 200 application/json');
    expect(logged).toContain('GET /v1/users/user_missing application/json → 404 application/json');
  });
});

describe('serveNodeHttp, given a handler that needs a real Request', () => {
  it('answers a method no Request can carry (TRACE) with 501, and every other method as the handler does', async () => {
    // Arrange: the handler reads the body, which builds the real Request
    const server = await serveNodeHttp(async (request) => new Response(await request.text(), { status: 201 }));

    try {
      // Act
      const trace = parseResponse(await sendRaw(server.port, 'TRACE /x HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'));
      const post = parseResponse(await sendRaw(server.port, 'POST /x HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok'));

      // Assert
      expect(trace.status).toBe(501);
      expect(JSON.parse(trace.body)).toMatchObject({ errors: [{ code: 'not_implemented' }] });
      expect([post.status, post.body]).toEqual([201, 'ok']);
    } finally {
      await server.close();
    }
  });
});
