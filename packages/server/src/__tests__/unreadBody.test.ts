import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';
import { LINGER_BYTES, LINGER_MILLISECONDS } from '../adapter/node/nodeRequestBody.js';
import { startCli, stopCli, type RunningCli } from './support/cli.js';
import { secretKey } from './support/harness.js';

// A body is read only after the request is authenticated, on node:http's direct path and through Fetch
// objects; and an answer given before the body ended (401, 413) reaches a client that is still sending,
// because the rest is read and dropped, within bounds, before the connection closes. Socket-level; the 413
// cases run against the command-line server in its own process, as a user meets them.

const handler = createMetadataHandler({ secretKey, store: memoryStore(), maxBodyBytes: 8192 });
const servers: { name: string; server?: NodeHttpServer }[] = [{ name: 'direct path' }, { name: 'through Request/Response' }];

beforeAll(async () => {
  servers[0]!.server = await serveNodeHttp(handler);
  servers[1]!.server = await serveNodeHttp((request) => handler(request));
});
afterAll(async () => {
  await Promise.all(servers.map(({ server }) => server!.close()));
});

/** A connection and everything it received, with a way to wait for a pattern in it. */
function openConnection(port: number): { socket: Socket; received: () => string; closed: Promise<number>; waitFor: (pattern: RegExp, ms: number) => Promise<boolean> } {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  const opened = Date.now();
  socket.setEncoding('latin1').on('data', (part: string) => (text += part));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  const waitFor = async (pattern: RegExp, ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!pattern.test(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return pattern.test(text);
  };
  return { socket, received: () => text, closed, waitFor };
}

const patchHead = (length: number, headers = ''): string =>
  `PATCH /v1/users/user_1/metadata HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n${headers}\r\n`;

describe.each(servers)('serveNodeHttp ($name): authentication before the body', (entry) => {
  it('answers an unauthenticated request 401 before its body arrives, without waiting for it', async () => {
    // Arrange
    const connection = openConnection(entry.server!.port);

    // Act: declare 64 KiB, send 10 bytes, and wait.
    connection.socket.write(`${patchHead(65_536)}{"public_m`);
    const answered = await connection.waitFor(/^HTTP\/1\.1 401 /, 3_000);
    connection.socket.destroy();

    // Assert
    expect(answered, connection.received()).toBe(true);
  });

  it('does not invite the body of an unauthenticated Expect: 100-continue request, and does invite an authenticated one', async () => {
    // Arrange
    const anonymous = openConnection(entry.server!.port);
    const authenticated = openConnection(entry.server!.port);

    // Act
    anonymous.socket.write(patchHead(20, 'expect: 100-continue\r\n'));
    authenticated.socket.write(patchHead(20, `expect: 100-continue\r\nauthorization: Bearer ${secretKey}\r\n`));
    const refused = await anonymous.waitFor(/HTTP\/1\.1 401 /, 3_000);
    const invited = await authenticated.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n/, 3_000);
    anonymous.socket.destroy();
    authenticated.socket.destroy();

    // Assert
    expect(refused, anonymous.received()).toBe(true);
    expect(anonymous.received()).not.toContain('100 Continue');
    expect(invited, authenticated.received()).toBe(true);
  });
});

describe('serveNodeHttp: what is left of a body after the answer', () => {
  it(`closes a connection still trickling an unread body once ${LINGER_MILLISECONDS} ms have passed since the answer`, async () => {
    // Arrange
    const connection = openConnection(servers[0]!.server!.port);
    connection.socket.write(patchHead(1_000_000));
    const trickle = setInterval(() => connection.socket.write('x'), 100);

    // Act
    const answered = await connection.waitFor(/^HTTP\/1\.1 401 /, 3_000);
    const closedAfter = await connection.closed;
    clearInterval(trickle);

    // Assert: answered at once, then cut off within the bound (not after node:http's 300 s request timeout).
    expect(answered).toBe(true);
    expect(closedAfter).toBeGreaterThanOrEqual(LINGER_MILLISECONDS - 100);
    expect(closedAfter).toBeLessThan(LINGER_MILLISECONDS + 3_000);
  }, 20_000);

  it('keeps the connection after reading and dropping a small unread rest: a second request on it is answered', async () => {
    // Arrange: a 401 before the 2 KiB body is sent, then the body, then another request on the same connection.
    const connection = openConnection(servers[0]!.server!.port);
    connection.socket.write(patchHead(2048));
    await connection.waitFor(/^HTTP\/1\.1 401 /, 3_000);

    // Act
    connection.socket.write('x'.repeat(2048));
    connection.socket.write(`GET /v1/users/user_1 HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${secretKey}\r\nconnection: close\r\n\r\n`);
    await connection.closed;

    // Assert
    expect(connection.received().match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 401', 'HTTP/1.1 404']);
  });
});

describe('the 413 reaches a client still sending (the command-line server, in its own process)', () => {
  let cli: RunningCli;
  const cliKey = 'sk_test_unread_body';
  beforeAll(async () => {
    cli = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: cliKey, LOG: 'off' });
  });
  afterAll(async () => {
    await stopCli(cli);
  });

  const tenMegabytes = 10 * 1024 * 1024;
  const bodies = {
    'a 10 MB stream (chunked)': () => {
      let sent = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x61);
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= tenMegabytes) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
    },
    '10 MB bytes (Content-Length)': () => new Uint8Array(tenMegabytes).fill(0x61),
  };

  it.each(Object.keys(bodies) as (keyof typeof bodies)[])('fetch sending %s reads the 413 in 10 of 10 tries', async (kind) => {
    // Act
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        const response = await fetch(`${cli.url}/v1/users/user_1/metadata`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${cliKey}` },
          body: bodies[kind](),
          duplex: 'half',
        } as RequestInit);
        outcomes.push(`${response.status} ${((await response.json()) as { errors: { code: string }[] }).errors[0]!.code}`);
      } catch (error) {
        outcomes.push(`failed: ${String((error as { cause?: { code?: string } }).cause?.code ?? error)}`);
      }
    }

    // Assert
    expect(outcomes).toEqual(Array.from({ length: 10 }, () => '413 request_body_too_large'));
  }, 60_000);

  it(`stops reading a refused body after ${LINGER_BYTES / 1024 / 1024} MiB and closes the connection`, async () => {
    // Arrange: declare 256 MiB and send as fast as the connection takes it, without reading.
    const connection = openConnection(Number(new URL(cli.url).port));
    connection.socket.write(patchHead(256 * 1024 * 1024, `authorization: Bearer ${cliKey}\r\n`));
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    let sent = 0;

    // Act
    while (!connection.socket.destroyed && sent < 256 * 1024 * 1024) {
      const flushed = connection.socket.write(chunk);
      sent += chunk.byteLength;
      if (!flushed) {
        await Promise.race([
          new Promise((resolve) => connection.socket.once('drain', resolve)),
          connection.closed,
        ]);
      }
    }
    await connection.closed;

    // Assert: the 413 came first; the server read at most its bound plus what the kernel buffers hold.
    expect(connection.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeGreaterThan(LINGER_BYTES);
    expect(sent).toBeLessThan(LINGER_BYTES + 32 * 1024 * 1024);
  }, 60_000);
});
