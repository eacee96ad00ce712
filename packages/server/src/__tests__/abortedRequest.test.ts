import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp, type AnsweredRequest, type NodeHttpServer } from '../node.js';
import { errorOf, secretKey } from './support/harness.js';

// A client that goes away in the middle of its request body is not a server error: the handler does not report
// it to onError, and the request is logged once, as 499 (nginx's "client closed request").

let server: NodeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends the head and part of a 100 KB body, then resets the connection. */
function abortMidBody(port: number): void {
  const socket = connect(port, '127.0.0.1', () => {
    socket.write(
      `PATCH /v1/users/user_1/metadata HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${secretKey}\r\ncontent-length: 100000\r\n\r\n{"public_metadata":{"a":"`,
    );
    socket.write('x'.repeat(1000), () => setTimeout(() => socket.resetAndDestroy(), 50));
  });
  socket.on('error', () => {});
}

/** An authenticated metadata PATCH whose body is `body`, with the request's `signal`. */
function streamedPatch(body: ReadableStream<Uint8Array>, signal?: AbortSignal): Request {
  return new Request('http://localhost/v1/users/user_1/metadata', {
    method: 'PATCH',
    headers: { authorization: `Bearer ${secretKey}` },
    body,
    duplex: 'half',
    ...(signal === undefined ? {} : { signal }),
  } as RequestInit);
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('a request whose client disconnects mid-body', () => {
  it.each([
    { path: 'the direct path', wrap: false },
    { path: 'Request/Response (the request signal aborts)', wrap: true },
  ])('over serveNodeHttp ($path): not an internal error, logged once as 499', async ({ wrap }) => {
    // Arrange
    const reported: unknown[] = [];
    const answered: AnsweredRequest[] = [];
    const handler = createMetadataHandler({ secretKey, store: memoryStore(), onError: (error) => reported.push(error) });
    server = await serveNodeHttp(wrap ? (request) => handler(request) : handler, { onResponse: (entry) => answered.push(entry) });

    // Act
    abortMidBody(server.port);
    await until(() => answered.length > 0 || reported.length > 0, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assert
    expect(reported).toEqual([]);
    expect(answered.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'PATCH', path: '/v1/users/user_1/metadata', status: 499 },
    ]);
  });

  it.each([
    { path: 'the direct path', wrap: false },
    { path: 'Request/Response', wrap: true },
  ])('over serveNodeHttp ($path): a whole body the client leaves before it is read is a 499, not a hang', async ({ wrap }) => {
    // Arrange: the authenticate hook holds the request until the client has gone; only then is the body read.
    const answered: AnsweredRequest[] = [];
    let clientGone = (): void => {};
    const gone = new Promise<void>((resolve) => (clientGone = resolve));
    const store = memoryStore();
    await store.insert({ kind: 'user', key: 'user_1', attributes: {}, metadata: {}, createdAt: 1, updatedAt: 1, version: 1 });
    const handler = createMetadataHandler({ secretKey, store, authenticate: () => gone.then(() => 'user_1'), onError: () => {} });
    server = await serveNodeHttp(wrap ? (request) => handler(request) : handler, { onResponse: (entry) => answered.push(entry) });
    const body = `unsafe_metadata=${encodeURIComponent('{"a":1}')}`;
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(`PATCH /v1/me/metadata HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    });
    socket.on('error', () => {});

    // Act
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    clientGone();
    await until(() => answered.length > 0, 3_000);

    // Assert
    expect(answered.map(({ method, path, status }) => ({ method, path, status }))).toEqual([{ method: 'PATCH', path: '/v1/me/metadata', status: 499 }]);
  });

  it('through Fetch: a body that fails because the request was aborted is a 499, not reported', async () => {
    // Arrange: a body that stops mid-way when the server aborts the request's signal (as runtimes do on disconnect).
    const reported: unknown[] = [];
    const handler = createMetadataHandler({ secretKey, onError: (error) => reported.push(error) });
    const gone = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"public_metadata":{"a":"'));
        setTimeout(() => {
          gone.abort();
          controller.error(new TypeError('terminated'));
        }, 10);
      },
    });

    // Act
    const response = await handler(streamedPatch(body, gone.signal));

    // Assert
    expect(await errorOf(response)).toEqual({ status: 499, code: 'request_aborted' });
    expect(reported).toEqual([]);
  });

  it('through Fetch: a body that fails while the request is not aborted is still an internal error', async () => {
    // Arrange
    const reported: unknown[] = [];
    const handler = createMetadataHandler({ secretKey, onError: (error) => reported.push(error) });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.error(new TypeError('disk on fire'));
      },
    });

    // Act
    const response = await handler(streamedPatch(body));

    // Assert
    expect(await errorOf(response)).toEqual({ status: 500, code: 'internal_error' });
    expect(reported).toHaveLength(1);
  });
});
