import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';
import { parseResponse, parseResponses, sendRaw } from './support/rawHttp.js';
import { secretKey } from './support/harness.js';

// A transfer coding other than chunked is answered 501 (RFC 9112 §6.1), before the body is read, and the
// connection is closed: node:http undoes only the chunked framing, so the body the handler would get is not the
// one sent, and nothing after it on the connection can be trusted. Raw requests on a socket, on both paths.

const handler = createMetadataHandler({ secretKey, store: memoryStore(), onError: () => {} });
const servers: { name: string; direct: boolean; server?: NodeHttpServer }[] = [
  { name: 'the direct path', direct: true },
  { name: 'Request/Response', direct: false },
];

beforeAll(async () => {
  servers[0]!.server = await serveNodeHttp(handler);
  servers[1]!.server = await serveNodeHttp((request) => handler(request));
});
afterAll(async () => {
  await Promise.all(servers.map(({ server }) => server!.close()));
});

/** A create-user request with the given `Transfer-Encoding` lines; the connection is not asked to close. */
function createUserHead(codings: readonly string[]): string {
  const lines = codings.map((coding) => `transfer-encoding: ${coding}\r\n`).join('');
  return `POST /v1/users HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${secretKey}\r\ncontent-type: application/json\r\n${lines}\r\n`;
}

const chunkedBody = '2\r\n{}\r\n0\r\n\r\n';

async function userCount(port: number): Promise<number> {
  const text = await sendRaw(port, `GET /v1/users/count HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${secretKey}\r\nconnection: close\r\n\r\n`);
  return (JSON.parse(parseResponse(text).body) as { total_count: number }).total_count;
}

describe.each(servers)('a request with a transfer coding other than chunked ($name)', (entry) => {
  it.each([{ codings: ['gzip, chunked'] }, { codings: ['deflate , Chunked'] }, { codings: ['x-custom,chunked'] }, { codings: ['gzip', 'chunked'] }, { codings: [''] }])(
    'Transfer-Encoding $codings is answered 501 and closes the connection, creating nothing',
    async ({ codings }) => {
      // Arrange
      const port = entry.server!.port;
      const before = await userCount(port);

      // Act: the body is chunked, but its content is not gzip (nor anything else but JSON).
      const responses = parseResponses(await sendRaw(port, createUserHead(codings) + chunkedBody));

      // Assert
      expect(responses.map(({ status }) => status)).toEqual([501]);
      expect(responses[0]!.headers['connection']).toBe('close');
      if (entry.direct) expect(JSON.parse(responses[0]!.body)).toMatchObject({ errors: [{ code: 'not_implemented' }] });
      expect(await userCount(port)).toBe(before);
    },
  );

  it('is answered before its body ends: the body is not read', async () => {
    // Act: half a chunk, and nothing more; sendRaw returns once the server closes the connection.
    const responses = parseResponses(await sendRaw(entry.server!.port, `${createUserHead(['gzip, chunked'])}a\r\n{"fir`, 5_000));

    // Assert
    expect(responses.map(({ status }) => status)).toEqual([501]);
  });

  it('runs no request pipelined after it', async () => {
    // Arrange
    const port = entry.server!.port;
    const before = await userCount(port);
    const next = `POST /v1/users HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${secretKey}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`;

    // Act
    const responses = parseResponses(await sendRaw(port, createUserHead(['gzip, chunked']) + chunkedBody + next));

    // Assert
    expect(responses.map(({ status }) => status)).toEqual([501]);
    expect(await userCount(port)).toBe(before);
  });
});

describe.each(servers)('a request with Transfer-Encoding chunked alone ($name)', (entry) => {
  it.each(['chunked', 'CHUNKED', 'Chunked '])('Transfer-Encoding %j is read as chunked, whatever its case', async (coding) => {
    // Arrange
    const port = entry.server!.port;
    const before = await userCount(port);

    // Act
    const text = await sendRaw(port, createUserHead([coding]).replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n') + chunkedBody);

    // Assert
    expect(parseResponse(text).status).toBe(200);
    expect(await userCount(port)).toBe(before + 1);
  });
});
