import { fc, it } from '@fast-check/vitest';
import { connect } from 'node:net';
import { afterEach, describe, expect } from 'vitest';
import { createMetadataHandler, memoryStore, type StoredResource } from '../index.js';
import { listenNodeHttp } from '../adapter/node/nodeServer.js';
import { serveNodeHttp, type AnsweredRequest, type NodeHttpServer } from '../node.js';
import { parseResponses, sendRaw, type RawResponse } from './support/rawHttp.js';
import { secretKey } from './support/harness.js';

// Requests pipelined on one keep-alive connection are applied in the order they were sent, on both paths of the
// Node server (RFC 9112 §9.3.2: only safe methods may be handled in parallel): their answers are those the same
// requests get one at a time. node:http itself starts pipelined requests at once, so a request without a body
// would overtake an earlier one still reading its body.

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);
const maxBodyBytes = 256;
const now = 1_800_000_000_000;

let servers: NodeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

function seed(): StoredResource[] {
  const times = { createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, version: 1 };
  return [
    { kind: 'user', key: 'user_a', attributes: {}, metadata: {}, ...times },
    { kind: 'user', key: 'user_b', attributes: {}, metadata: {}, ...times },
    { kind: 'organization', key: 'org_a', attributes: { name: 'Acme', slug: 'acme' }, metadata: {}, ...times },
  ];
}

const paths = [
  { name: 'the direct path', wrap: false },
  { name: 'Request/Response', wrap: true },
];

/** A server on a fresh seeded store, with a fixed clock: twin servers answer alike. */
async function seededServer(wrap: boolean): Promise<NodeHttpServer> {
  const store = memoryStore();
  for (const resource of seed()) await store.insert(resource);
  const handler = createMetadataHandler({ secretKey, store, maxBodyBytes, now: () => now, onError: () => {} });
  const server = await serveNodeHttp(wrap ? (request) => handler(request) : handler);
  servers.push(server);
  return server;
}

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  /** Sent chunked rather than with a Content-Length. */
  readonly chunked?: boolean;
  /** No secret key: answered 401 before the body is read. */
  readonly anonymous?: boolean;
}

function requestText({ method, path, body, chunked = false, anonymous = false }: Call, last: boolean): string {
  let head = `${method} ${path} HTTP/1.1\r\nhost: x\r\n`;
  if (!anonymous) head += `authorization: Bearer ${secretKey}\r\n`;
  if (last) head += 'connection: close\r\n';
  if (body === undefined) return `${head}\r\n`;
  head += 'content-type: application/json\r\n';
  if (!chunked) return `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  return `${head}transfer-encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
}

/** Sends every call in one write on one connection; the last asks to close it. */
async function pipelined(server: NodeHttpServer, calls: readonly Call[]): Promise<RawResponse[]> {
  const text = calls.map((call, index) => requestText(call, index === calls.length - 1)).join('');
  return parseResponses(await sendRaw(server.port, text));
}

/** Sends each call on its own connection, once the one before it is answered. */
async function oneAtATime(server: NodeHttpServer, calls: readonly Call[]): Promise<RawResponse[]> {
  const responses: RawResponse[] = [];
  for (const call of calls) responses.push(...parseResponses(await sendRaw(server.port, requestText(call, true))));
  return responses;
}

/** What an answer says, without what differs between twins: trace ids, created ids, the date. */
function meaning({ status, body }: RawResponse): { status: number; body: string } {
  return {
    status,
    body: body.replace(/"clerk_trace_id":"[0-9a-f]{32}"/g, '"clerk_trace_id":"<random>"').replace(/\b(user|orgmem)_[0-9A-Za-z]{27}\b/g, '$1_<random>'),
  };
}

const patchUser = (n: number): Call => ({ method: 'PATCH', path: '/v1/users/user_a/metadata', body: JSON.stringify({ public_metadata: { n } }) });
const addMember: Call = { method: 'POST', path: '/v1/organizations/org_a/memberships', body: '{"user_id":"user_b","role":"org:member"}' };
const removeMember: Call = { method: 'DELETE', path: '/v1/organizations/org_a/memberships/user_b' };

describe.each(paths)('pipelined requests on one connection ($name)', ({ wrap }) => {
  it('are applied in the order sent: a request without a body never overtakes one still reading its body', async () => {
    // Arrange
    const server = await seededServer(wrap);
    const calls: Call[] = [
      { method: 'POST', path: '/v1/users', body: '{"first_name":"Pip"}' },
      { method: 'GET', path: '/v1/users/count' },
      patchUser(49),
      { method: 'GET', path: '/v1/users/user_a' },
      addMember,
      removeMember,
      { method: 'GET', path: '/v1/organizations/org_a/memberships' },
      { ...patchUser(50), chunked: true },
      { method: 'DELETE', path: '/v1/users/user_a' },
      { method: 'GET', path: '/v1/users/user_a' },
    ];

    // Act
    const responses = await pipelined(server, calls);

    // Assert
    expect(responses.map(({ status }) => status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 404]);
    const bodies = responses.map(({ body }) => JSON.parse(body) as Record<string, unknown>);
    expect(bodies[1]).toMatchObject({ total_count: 3 });
    expect(bodies[3]).toMatchObject({ id: 'user_a', public_metadata: { n: 49 } });
    expect(bodies[7]).toMatchObject({ id: 'user_a', public_metadata: { n: 50 } });
    expect(bodies[6]).toMatchObject({ total_count: 0 });
  });

  const call: fc.Arbitrary<Call> = fc.oneof(
    fc.tuple(fc.nat(99), fc.boolean()).map(([n, chunked]) => ({ ...patchUser(n), chunked })),
    fc.nat(99).map((n) => ({ method: 'PATCH', path: '/v1/organizations/org_a/memberships/user_b/metadata', body: JSON.stringify({ public_metadata: { n } }) })),
    fc.constant<Call>({ method: 'GET', path: '/v1/users/user_a' }),
    fc.constant(addMember),
    fc.constant(removeMember),
    fc.constant<Call>({ method: 'GET', path: '/v1/organizations/org_a/memberships' }),
    fc.constant<Call>({ method: 'DELETE', path: '/v1/users/user_a' }),
    // Answered before its body is read (401), or once the body passes the cap (413): the rest is dropped.
    fc.constant<Call>({ ...patchUser(-1), anonymous: true }),
    fc.constant<Call>({ method: 'PATCH', path: '/v1/users/user_a/metadata', body: JSON.stringify({ public_metadata: { big: 'x'.repeat(maxBodyBytes) } }) }),
  );

  it.prop([fc.array(call, { minLength: 2, maxLength: 8 })], { numRuns: Math.ceil(numRuns / 4) })(
    'answer any sequence as the same requests sent one at a time on twin stores',
    async (calls) => {
      // Arrange
      const [pipelinedServer, sequentialServer] = [await seededServer(wrap), await seededServer(wrap)];

      // Act
      const together = await pipelined(pipelinedServer!, calls);
      const apart = await oneAtATime(sequentialServer!, calls);

      // Assert
      expect(together.map(meaning)).toEqual(apart.map(meaning));
    },
  );

  it('answers a request it cannot parse after the requests before it, then closes', async () => {
    // Arrange
    const server = await seededServer(wrap);
    const valid = [patchUser(7), { method: 'GET', path: '/v1/users/user_a' }].map((call) => requestText(call, false)).join('');

    // Act: node:http cannot parse the method FOO.
    const responses = parseResponses(await sendRaw(server.port, `${valid}FOO /v1/users HTTP/1.1\r\nhost: x\r\n\r\n`));

    // Assert
    expect(responses.map(({ status }) => status)).toEqual([200, 200, 400]);
    expect(JSON.parse(responses[1]!.body)).toMatchObject({ public_metadata: { n: 7 } });
    expect(responses[2]!.headers['connection']).toBe('close');
  });

  it('invites the body of an Expect: 100-continue request in its turn, after the answer to the one before it', async () => {
    // Arrange
    const server = await seededServer(wrap);
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1').on('data', (part: string) => (received += part));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const second = JSON.stringify({ public_metadata: { n: 2 } });

    // Act: the second PATCH waits for its invitation; the GET after its body must see it.
    socket.write(
      requestText(patchUser(1), false) +
        `PATCH /v1/users/user_a/metadata HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${secretKey}\r\ncontent-type: application/json\r\nexpect: 100-continue\r\ncontent-length: ${second.length}\r\n\r\n`,
    );
    await until(() => received.includes('100 Continue'), 5_000);
    socket.write(second + requestText({ method: 'GET', path: '/v1/users/user_a' }, true));
    await closed;

    // Assert
    const responses = parseResponses(received);
    expect(responses.map(({ status }) => status)).toEqual([200, 100, 200, 200]);
    expect(JSON.parse(responses[3]!.body)).toMatchObject({ public_metadata: { n: 2 } });
  });
});

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('pipelined requests to any handler (Request/Response) and the health endpoint', () => {
  it('hands the handler one request of a connection at a time, in order, with the health check in its turn', async () => {
    // Arrange: a handler that reads each body slowly, and logs.
    const log: string[] = [];
    const handler = async (request: Request): Promise<Response> => {
      const name = `${request.method} ${new URL(request.url).pathname}`;
      log.push(`start ${name}`);
      const body = await request.text();
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      return new Response(body, { headers: { 'content-type': 'text/plain' } });
    };
    const healthCheck = async (): Promise<boolean> => {
      log.push('health');
      return true;
    };
    const server = await listenNodeHttp(handler, {}, { healthCheck });
    servers.push(server);

    // Act
    const responses = await pipelined(server, [
      { method: 'POST', path: '/a', body: 'one' },
      { method: 'GET', path: '/healthz' },
      { method: 'POST', path: '/b', body: 'two', chunked: true },
      { method: 'GET', path: '/c' },
    ]);

    // Assert
    expect(responses.map(({ status, body }) => [status, body])).toEqual([
      [200, 'one'],
      [200, '{"status":"ok"}'],
      [200, 'two'],
      [200, ''],
    ]);
    expect(log).toEqual(['start POST /a', 'end POST /a', 'health', 'start POST /b', 'end POST /b', 'start GET /c', 'end GET /c']);
  });

  it('runs no pipelined request that waits its turn once the client has gone, and logs each as 499', async () => {
    // Arrange: the first request holds its turn until released.
    const started: string[] = [];
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstSignal: AbortSignal | undefined;
    const handler = async (request: Request): Promise<Response> => {
      started.push(new URL(request.url).pathname);
      firstSignal ??= request.signal;
      await held;
      return new Response('done');
    };
    const answered: AnsweredRequest[] = [];
    const server = await serveNodeHttp(handler, { onResponse: (entry) => answered.push(entry) });
    servers.push(server);
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});

    // Act
    socket.write(['/first', '/second', '/third'].map((path) => requestText({ method: 'POST', path, body: 'x' }, false)).join(''));
    await until(() => started.length > 0, 5_000);
    socket.destroy();
    await until(() => firstSignal?.aborted === true, 5_000);
    release();
    await until(() => answered.length === 3, 5_000);

    // Assert
    expect(started).toEqual(['/first']);
    expect(answered.map(({ path, status }) => [path, status])).toEqual([
      ['/first', 200],
      ['/second', 499],
      ['/third', 499],
    ]);
  });
});
