import { fc, it } from '@fast-check/vitest';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { describe, expect } from 'vitest';
import { createMetadataHandler, memoryStore, type StoredResource } from '../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';
import { secretKey } from './support/harness.js';

// serveNodeHttp runs a createMetadataHandler handler's routes straight on node:http. That direct path must
// answer exactly as the same handler does through Request/Response (a wrapper hides the routes from
// serveNodeHttp): same status, headers and body, request after request, on twin stores.

const numRuns = Number(process.env.FC_NUM_RUNS ?? 100);
const maxBodyBytes = 4096;

function seed(): StoredResource[] {
  const times = { createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, version: 1 };
  return [
    {
      kind: 'user',
      key: 'user_a',
      attributes: { first_name: 'Ada', email_addresses: [] },
      metadata: { public_metadata: { role: 'admin', nested: { keep: 1, drop: 2 } }, private_metadata: { secret: 's' }, unsafe_metadata: {} },
      ...times,
    },
    { kind: 'organization', key: 'org_a', attributes: { name: 'Acme', slug: 'acme' }, metadata: { public_metadata: { plan: 'pro' } }, ...times },
    {
      kind: 'organization_membership',
      key: 'org_a/user_a',
      attributes: { id: 'orgmem_a', role: 'org:admin', public_user_data: { user_id: 'user_a' } },
      metadata: { public_metadata: {}, private_metadata: {} },
      ...times,
    },
  ];
}

/** A handler on a store holding the seed, with a fixed clock (ids of created resources are normalised below). */
async function seededHandler(): Promise<(request: Request) => Promise<Response>> {
  const store = memoryStore();
  for (const resource of seed()) await store.insert(resource);
  return createMetadataHandler({
    secretKey,
    store,
    maxBodyBytes,
    now: () => 1_800_000_000_000,
    authenticate: (request) => request.headers.get('x-user'),
    onError: () => {},
  });
}

interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: string | Buffer | undefined;
  readonly chunked: boolean;
}

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

function send(server: NodeHttpServer, raw: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // Node sends an array value as one header line per item (a duplicated Authorization).
    const headers = { ...raw.headers, connection: 'close' } as OutgoingHttpHeaders;
    if (raw.body !== undefined && !raw.chunked) headers['content-length'] = Buffer.byteLength(raw.body);
    // Node's client chunks no GET or HEAD body unless asked: unframed, it would be a malformed request (which the
    // direct path answers in Clerk's shape and node:http's default does not).
    if (raw.body !== undefined && raw.chunked) headers['transfer-encoding'] = 'chunked';
    const outgoing = httpRequest({ host: server.host, port: server.port, method: raw.method, path: raw.path, headers });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const { date: _date, ...rest } = incoming.headers;
        resolve({ status: incoming.statusCode ?? 0, headers: rest, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', reject);
    if (raw.body !== undefined) outgoing.write(raw.body);
    outgoing.end();
  });
}

/** Created resources get random ids on each side: compare them by shape. */
function normalised(answer: RawAnswer): RawAnswer {
  const body = answer.body
    .replace(/\b(user|org|orgmem|idn|sess|client)_[0-9A-Za-z]{27}\b/g, '$1_<random>')
    .replace(/"clerk_trace_id":"[0-9a-f]{32}"/g, '"clerk_trace_id":"<random>"');
  const headers = { ...answer.headers };
  if (body !== answer.body) headers['content-length'] = '<length>';
  return { ...answer, headers, body };
}

const paths = fc.constantFrom(
  '/v1/users',
  '/v1/users/user_a',
  '/v1/users/user_a/metadata',
  '/v1/users/user_a/metadata/',
  '/v1/users/user_a/metadata?x=1',
  '/v1/users/user_b/metadata',
  '/v1/users/./user_a/metadata',
  '/v1/users/x/../user_a/metadata',
  '/v1/users/user%5Fa/metadata',
  '/v1/users/%ZZ/metadata',
  '/v1/organizations',
  '/v1/organizations/org_a',
  '/v1/organizations/org_a/metadata',
  '/v1/organizations/org_a/memberships',
  '/v1/organizations/org_a/memberships/user_a',
  '/v1/organizations/org_a/memberships/user_a/metadata',
  '/v1/me/metadata',
  '/v1',
  '/',
  '//v1/users/user_a',
);

// Objects built from JSON text, so `__proto__` is an own key, as it is in a parsed request body.
const key = fc.constantFrom('a', 'b', 'nested', 'keep', 'drop', '__proto__', 'constructor', '', '0', 'é😀');
const jsonLeaf = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant([1, null]));
const metadataObject = fc
  .array(fc.tuple(key, fc.oneof(jsonLeaf, fc.dictionary(fc.constantFrom('x', 'drop', ''), jsonLeaf, { maxKeys: 2 }))), { maxLength: 4 })
  .map((entries) => JSON.parse(`{${entries.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(',')}}`) as unknown);
const metadataValue = fc.oneof({ weight: 5, arbitrary: metadataObject }, jsonLeaf);

const metadataBody = fc
  .record({ public_metadata: metadataValue, private_metadata: metadataValue, unsafe_metadata: metadataValue }, { requiredKeys: [] })
  .map((params) => JSON.stringify(params));
const formBody = metadataValue.map((value) => `unsafe_metadata=${encodeURIComponent(JSON.stringify(value))}`);
const membershipBody = fc
  .record({ user_id: fc.constantFrom('user_a', 'user_b'), role: fc.constantFrom('org:member', '') })
  .map((params) => JSON.stringify(params));
const oddBody = fc.constantFrom<string | Buffer | undefined>(
  undefined,
  '',
  '{"public_metadata":',
  '[]',
  'null',
  '{"name":"x","public_metadata":{}}',
  Buffer.from([0x7b, 0xff, 0x7d]),
  `{"public_metadata":{"big":"${'x'.repeat(maxBodyBytes)}"}}`,
);
const anyBody = fc.oneof(metadataBody, formBody, membershipBody, oddBody);

function routeRequest(method: string, path: string, body: fc.Arbitrary<string | Buffer | undefined>) {
  return fc.tuple(fc.constant(method), fc.constant(path), fc.oneof({ weight: 4, arbitrary: body }, anyBody));
}

// Mostly routes that exist with the body they take (so many answers are 200s), sometimes anything.
const endpoint = fc.oneof(
  { weight: 2, arbitrary: routeRequest('PATCH', '/v1/users/user_a/metadata', metadataBody) },
  { weight: 1, arbitrary: routeRequest('PUT', '/v1/users/user_a/metadata', metadataBody) },
  { weight: 1, arbitrary: routeRequest('GET', '/v1/users/user_a', fc.constant(undefined)) },
  { weight: 1, arbitrary: routeRequest('PATCH', '/v1/organizations/org_a/metadata', metadataBody) },
  { weight: 1, arbitrary: routeRequest('PUT', '/v1/organizations/org_a/metadata', metadataBody) },
  { weight: 1, arbitrary: routeRequest('PATCH', '/v1/organizations/org_a/memberships/user_a/metadata', metadataBody) },
  { weight: 2, arbitrary: routeRequest('PATCH', '/v1/me/metadata', formBody) },
  { weight: 1, arbitrary: routeRequest('POST', '/v1/users', metadataBody) },
  { weight: 1, arbitrary: routeRequest('POST', '/v1/organizations/org_a/memberships', membershipBody) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'PROPFIND'), paths, anyBody) },
);

const rawRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    endpoint,
    authorization: fc.oneof(
      { weight: 4, arbitrary: fc.constant(`Bearer ${secretKey}`) },
      fc.constantFrom<string | string[] | undefined>(
        `bearer   ${secretKey}  `,
        'Bearer sk_wrong',
        [`Bearer ${secretKey}`, `Bearer ${secretKey}`],
        undefined,
      ),
    ),
    contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'text/plain', undefined),
    user: fc.constantFrom('user_a', 'user_a', 'user_b', '', undefined),
    chunked: fc.boolean(),
  })
  .map(({ endpoint: [method, path, requestBody], authorization, contentType, user, chunked }) => {
    const headers: Record<string, string | string[]> = {};
    if (authorization !== undefined) headers['authorization'] = authorization;
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (user !== undefined) headers['x-user'] = user;
    return { method, path, headers, body: requestBody, chunked };
  });

describe('serveNodeHttp with a createMetadataHandler handler (the direct path)', () => {
  it.prop([fc.array(rawRequest, { minLength: 1, maxLength: 8 })], { numRuns })(
    'answers every request exactly as the same handler does through Request and Response',
    async (requests) => {
      // Arrange: twin handlers on twin stores; one served directly, one through a wrapper (Fetch objects).
      const direct = await serveNodeHttp(await seededHandler());
      const viaFetchHandler = await seededHandler();
      const viaFetch = await serveNodeHttp((request) => viaFetchHandler(request));
      try {
        for (const raw of requests) {
          // Act
          const directAnswer = await send(direct, raw);
          const fetchAnswer = await send(viaFetch, raw);

          // Assert
          expect(normalised(directAnswer), `${raw.method} ${raw.path}`).toEqual(normalised(fetchAnswer));
        }
        expect(Object.prototype).not.toHaveProperty('polluted');
      } finally {
        await Promise.all([direct.close(), viaFetch.close()]);
      }
    },
    60_000,
  );
});
