import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';
import { backendRequest, errorOf, readRaw, secretKey } from './support/harness.js';

// 413 for a body over the cap, decided without reading the whole body.
const maxBodyBytes = 8192;
const store = memoryStore();
const handler = createMetadataHandler({ secretKey, store, maxBodyBytes });
let server: NodeHttpServer;
let userId: string;

beforeAll(async () => {
  server = await serveNodeHttp(handler);
  const response = await backendRequest(handler, 'POST', '/v1/users', '{"public_metadata":{"a":1}}');
  userId = ((await response.json()) as { id: string }).id;
});
afterAll(async () => {
  await server.close();
});

describe('body cap', () => {
  it('stops pulling a streamed body (no Content-Length) once over the cap, and cancels it', async () => {
    // Arrange: a lazy 1 MiB body in 1 KiB chunks, counting what is pulled.
    const before = await readRaw(handler, `/v1/users/${userId}`);
    let pulled = 0;
    let cancelled = false;
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          if (pulled === 1) controller.enqueue(new TextEncoder().encode('{"public_metadata":{"s":"'));
          else if (pulled > 1024) controller.close();
          else controller.enqueue(chunk);
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );

    // Act
    const response = await handler(
      new Request(`http://localhost/v1/users/${userId}/metadata`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secretKey}` },
        body,
        duplex: 'half',
      } as RequestInit),
    );

    // Assert
    expect(await errorOf(response)).toEqual({ status: 413, code: 'request_body_too_large' });
    expect(pulled).toBeLessThan(20);
    expect(cancelled).toBe(true);
    expect(await readRaw(handler, `/v1/users/${userId}`)).toEqual(before);
  });

  it('accepts a body of exactly the cap', async () => {
    // Arrange
    const prefix = '{"public_metadata":{"s":"';
    const suffix = '"}}';
    const text = prefix + 'q'.repeat(maxBodyBytes - prefix.length - suffix.length - 200) + suffix;
    const padded = text + ' '.repeat(maxBodyBytes - text.length);

    // Act
    const response = await backendRequest(handler, 'PATCH', `/v1/users/${userId}/metadata`, padded);

    // Assert
    expect(new TextEncoder().encode(padded).byteLength).toBe(maxBodyBytes);
    expect(response.status).toBe(200);
  });

  it('over node:http, refuses a declared Content-Length over the cap before the body is sent', async () => {
    // Arrange
    const before = await readRaw(handler, `/v1/users/${userId}`);
    const url = new URL(`/v1/users/${userId}/metadata`, server.url);

    // Act: declare 50 MB, send 1 KiB, and wait for the answer without sending the rest.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = httpRequest(url, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${secretKey}`,
          'content-type': 'application/json',
          'content-length': String(50_000_000),
        },
      });
      outgoing.on('response', (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (part: string) => (text += part));
        incoming.on('end', () => {
          resolve({ status: incoming.statusCode ?? 0, body: text });
          outgoing.destroy();
        });
      });
      outgoing.on('error', reject);
      outgoing.write('{"public_metadata":{"s":"' + 'a'.repeat(1000));
    });

    // Assert
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ errors: [{ code: 'request_body_too_large' }] });
    expect(await readRaw(handler, `/v1/users/${userId}`)).toEqual(before);
  });

  it('over node:http, refuses a chunked body once the bytes received pass the cap', async () => {
    // Arrange
    const before = await readRaw(handler, `/v1/users/${userId}`);
    const url = new URL(`/v1/users/${userId}/metadata`, server.url);
    const limitToSend = 4 * 1024 * 1024;

    // Act: stream 16 KiB chunks (no Content-Length) until the answer comes, at most 4 MiB.
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const outgoing = httpRequest(url, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      outgoing.on('response', (incoming) => {
        answered = true;
        incoming.resume();
        incoming.on('end', () => {
          resolve({ status: incoming.statusCode ?? 0, sent });
          outgoing.destroy();
        });
      });
      outgoing.on('error', (error) => (answered ? undefined : reject(error)));
      const chunk = 'b'.repeat(16 * 1024);
      const pump = (): void => {
        while (!answered && sent < limitToSend) {
          sent += chunk.length;
          if (!outgoing.write(chunk)) {
            outgoing.once('drain', pump);
            return;
          }
        }
      };
      outgoing.write('{"public_metadata":{"s":"');
      pump();
    });

    // Assert
    expect(status).toBe(413);
    expect(await readRaw(handler, `/v1/users/${userId}`)).toEqual(before);
    expect(sent).toBeGreaterThan(maxBodyBytes);
  });
});
