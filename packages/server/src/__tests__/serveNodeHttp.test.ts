import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';

// A generic echo handler: what serveNodeHttp hands over and writes back, byte for byte.
async function echo(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/stream') {
    // Three chunks with a pause: must be written as a stream, not as one buffer.
    const parts = ['one,', 'two,', 'three'];
    return new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          const part = parts.shift();
          if (part === undefined) return controller.close();
          await new Promise((resolve) => setTimeout(resolve, 5));
          controller.enqueue(new TextEncoder().encode(part));
        },
      }),
      { headers: { 'content-type': 'text/plain' } },
    );
  }
  const body = new Uint8Array(await request.arrayBuffer());
  return new Response(body, { status: 201, headers: { 'content-type': 'application/json', 'x-path': url.pathname } });
}

function send(
  url: string,
  method: string,
  chunks: readonly string[],
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers: { 'transfer-encoding': 'chunked' } });
    outgoing.on('response', (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (part: string) => (body += part));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
    });
    outgoing.on('error', reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

let server: NodeHttpServer;
beforeAll(async () => {
  server = await serveNodeHttp(echo);
});
afterAll(async () => {
  await server.close();
});

describe('serveNodeHttp', () => {
  it('hands a small chunked body over whole and answers in one write with Content-Length and exact headers', async () => {
    // Arrange
    const chunks = ['{"a":', '1,"b":"é"', '}'];

    // Act
    const response = await send(`${server.url}/v1/x%20y?q=1`, 'PATCH', chunks);

    // Assert
    expect(response.status).toBe(201);
    expect(response.body).toBe(chunks.join(''));
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-path']).toBe('/v1/x%20y');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(chunks.join(''))));
    expect(response.headers['transfer-encoding']).toBeUndefined();
  });

  it('hands a body larger than the buffered size over intact, as a stream after what was already read', async () => {
    // Arrange: 300 KiB in 7 KiB chunks, each chunk distinct so order and loss would show.
    const chunks = Array.from({ length: 43 }, (_, index) => String(index % 10).repeat(7 * 1024));

    // Act
    const response = await send(`${server.url}/big`, 'POST', chunks);

    // Assert
    expect(response.status).toBe(201);
    expect(response.body.length).toBe(chunks.join('').length);
    expect(response.body).toBe(chunks.join(''));
  });

  it('writes a response body of several chunks as a stream, complete and in order', async () => {
    // Act
    const response = await send(`${server.url}/stream`, 'POST', []);

    // Assert
    expect(response.body).toBe('one,two,three');
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.headers['transfer-encoding']).toBe('chunked');
  });

  it('keeps an empty body empty, with Content-Length 0', async () => {
    // Act
    const response = await send(`${server.url}/empty`, 'PUT', []);

    // Assert
    expect(response.status).toBe(201);
    expect(response.body).toBe('');
    expect(response.headers['content-length']).toBe('0');
  });
});
