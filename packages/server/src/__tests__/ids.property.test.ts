import type { PGlite } from '@electric-sql/pglite';
import { fc, it } from '@fast-check/vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createMetadataHandler, memoryStore, postgresStore, type MetadataStore } from '../index.js';
import { errorOf, secretKey } from './support/harness.js';
import { newPglite } from './support/pgliteTemplate.js';

// Every string is a valid id: whatever characters an id holds (U+0000, lone surrogates, '/', '%', …), in
// whatever position it arrives (a path segment, a body parameter, a list filter, the signed-in user), an id no
// resource has is answered the same way on every store, never 500: a path id or the signed-in user is a 404, a
// filter lists nothing, a body parameter is a 404 (a 422 naming it where the operation lists no 404) or, when it
// holds text no store can keep (U+0000, a lone surrogate), the 422 of that parameter's validation. Memory,
// PGlite and (under with-postgres.sh) PostgreSQL.
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);

/** The resources every probe runs next to, so only the arbitrary id can be missing. */
interface Fixture {
  readonly userId: string;
  readonly organizationId: string;
}

interface Probe {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  /** Who `authenticate` says is signed in (frontend positions). */
  readonly signedIn?: string;
}

/** How an id no resource has is answered in a position (default `missing`). */
type Outcome =
  | 'missing' // 404 resource_not_found
  | 'listsNothing' // 200 with an empty list (in a path, an id with a lone surrogate cannot be decoded: 404)
  | { readonly bodyParam: string } // 404, or 422 naming the parameter when the id holds text no store can keep
  | { readonly namedBy: string }; // 422 naming the parameter (an operation whose description lists no 404)

/** Where an id can arrive. A new endpoint with an id adds a row here. */
const idPositions: readonly { name: string; probe: (id: string, fixture: Fixture) => Probe; outcome?: Outcome }[] = [
  { name: 'GET /v1/users/{id}', probe: (id) => ({ method: 'GET', path: `/v1/users/${segment(id)}` }) },
  { name: 'DELETE /v1/users/{id}', probe: (id) => ({ method: 'DELETE', path: `/v1/users/${segment(id)}` }) },
  {
    name: 'PATCH /v1/users/{id}/metadata',
    probe: (id) => ({ method: 'PATCH', path: `/v1/users/${segment(id)}/metadata`, body: '{"public_metadata":{"a":1}}' }),
  },
  {
    name: 'PUT /v1/users/{id}/metadata',
    probe: (id) => ({ method: 'PUT', path: `/v1/users/${segment(id)}/metadata`, body: '{"public_metadata":{"a":1}}' }),
  },
  { name: 'GET /v1/organizations/{id}', probe: (id) => ({ method: 'GET', path: `/v1/organizations/${segment(id)}` }) },
  { name: 'DELETE /v1/organizations/{id}', probe: (id) => ({ method: 'DELETE', path: `/v1/organizations/${segment(id)}` }) },
  {
    name: 'PATCH /v1/organizations/{id}/metadata',
    probe: (id) => ({ method: 'PATCH', path: `/v1/organizations/${segment(id)}/metadata`, body: '{"public_metadata":{}}' }),
  },
  {
    name: 'PUT /v1/organizations/{id}/metadata',
    probe: (id) => ({ method: 'PUT', path: `/v1/organizations/${segment(id)}/metadata`, body: '{"public_metadata":{}}' }),
  },
  {
    name: 'POST /v1/organizations body created_by',
    probe: (id) => ({ method: 'POST', path: '/v1/organizations', body: JSON.stringify({ name: 'Acme', created_by: id }) }),
    outcome: { namedBy: 'created_by' },
  },
  {
    name: 'POST /v1/organizations/{id}/memberships',
    probe: (id, { userId }) => ({
      method: 'POST',
      path: `/v1/organizations/${segment(id)}/memberships`,
      body: JSON.stringify({ user_id: userId, role: 'org:member' }),
    }),
  },
  {
    name: 'POST /v1/organizations/{organization_id}/memberships body user_id',
    probe: (id, { organizationId }) => ({
      method: 'POST',
      path: `/v1/organizations/${organizationId}/memberships`,
      body: JSON.stringify({ user_id: id, role: 'org:member' }),
    }),
    outcome: { bodyParam: 'user_id' },
  },
  {
    name: 'DELETE /v1/organizations/{id}/memberships/{user_id}',
    probe: (id, { userId }) => ({ method: 'DELETE', path: `/v1/organizations/${segment(id)}/memberships/${userId}` }),
  },
  {
    name: 'DELETE /v1/organizations/{organization_id}/memberships/{id}',
    probe: (id, { organizationId }) => ({ method: 'DELETE', path: `/v1/organizations/${organizationId}/memberships/${segment(id)}` }),
  },
  {
    name: 'PATCH /v1/organizations/{id}/memberships/{user_id}/metadata',
    probe: (id, { userId }) => ({
      method: 'PATCH',
      path: `/v1/organizations/${segment(id)}/memberships/${userId}/metadata`,
      body: '{"public_metadata":{}}',
    }),
  },
  {
    name: 'PATCH /v1/organizations/{organization_id}/memberships/{id}/metadata',
    probe: (id, { organizationId }) => ({
      method: 'PATCH',
      path: `/v1/organizations/${organizationId}/memberships/${segment(id)}/metadata`,
      body: '{"public_metadata":{}}',
    }),
  },
  { name: 'PATCH /v1/users/{id}', probe: (id) => ({ method: 'PATCH', path: `/v1/users/${segment(id)}`, body: '{"first_name":"A"}' }) },
  {
    name: 'PATCH /v1/organizations/{id}',
    probe: (id) => ({ method: 'PATCH', path: `/v1/organizations/${segment(id)}`, body: '{"name":"B"}' }),
  },
  {
    name: 'PATCH /v1/organizations/{id}/memberships/{user_id}',
    probe: (id, { userId }) => ({ method: 'PATCH', path: `/v1/organizations/${segment(id)}/memberships/${userId}`, body: '{"role":"org:admin"}' }),
  },
  {
    name: 'PATCH /v1/organizations/{organization_id}/memberships/{id}',
    probe: (id, { organizationId }) => ({
      method: 'PATCH',
      path: `/v1/organizations/${organizationId}/memberships/${segment(id)}`,
      body: '{"role":"org:admin"}',
    }),
  },
  {
    name: 'GET /v1/users/{id}/organization_memberships',
    probe: (id) => ({ method: 'GET', path: `/v1/users/${segment(id)}/organization_memberships` }),
    outcome: 'listsNothing',
  },
  {
    name: 'GET /v1/organizations/{id}/memberships',
    probe: (id) => ({ method: 'GET', path: `/v1/organizations/${segment(id)}/memberships` }),
    outcome: 'listsNothing',
  },
  {
    name: 'GET /v1/organizations/{organization_id}/memberships?user_id={id}',
    probe: (id, { organizationId }) => ({ method: 'GET', path: `/v1/organizations/${organizationId}/memberships?user_id=${filterValue(id)}` }),
    outcome: 'listsNothing',
  },
  { name: 'GET /v1/users?user_id={id}', probe: (id) => ({ method: 'GET', path: `/v1/users?user_id=${filterValue(id)}` }), outcome: 'listsNothing' },
  {
    name: 'GET /v1/organization_memberships?user_id={id}',
    probe: (id) => ({ method: 'GET', path: `/v1/organization_memberships?user_id=${filterValue(id)}` }),
    outcome: 'listsNothing',
  },
  { name: 'GET /v1/me as the user {id}', probe: (id) => ({ method: 'GET', path: '/v1/me', signedIn: id }) },
  {
    name: 'PATCH /v1/me/metadata as the user {id}',
    probe: (id) => ({ method: 'PATCH', path: '/v1/me/metadata', body: 'unsafe_metadata=%7B%7D', signedIn: id }),
  },
];

/** A list filter that includes exactly `id`: its explicit `+` keeps a leading `-` (exclude) from changing its meaning. */
const filterValue = (id: string): string => `%2B${segment(id)}`;

/**
 * A path segment holding `id` once decoded. A lone surrogate has no UTF-8 form: a client can only send its
 * WTF-8 bytes (`%ED%A0%80`), which no URL decodes back.
 */
function segment(id: string): string {
  return id.replace(/[^]/gu, (character) => {
    if (!/\p{Cs}/u.test(character)) return encodeURIComponent(character);
    const unit = character.charCodeAt(0);
    return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  });
}

// Any string, weighted towards the characters that break stores and URLs. '', '.' and '..' cannot be a path
// segment (the URL parser removes them), so they are left out here and covered by the example below.
const anyId = fc
  .oneof(
    fc.string({ unit: 'binary-ascii' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('\u0000', 'user_\u0000', '\ud800', 'a\udc00b', '%00', '%', '/', 'a/b', '?', '#', '\\', 'ü', '😀', ' '),
  )
  .filter((id) => id !== '' && id !== '.' && id !== '..' && id !== 'count'); // /v1/users/count is the count

let db: PGlite;
let pool: pg.Pool | undefined;
const postgresUrl = process.env['TEST_POSTGRES_URL'];
const pgTable = `ids_test_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  db = await newPglite();
  if (postgresUrl) pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
});
afterAll(async () => {
  await db.close();
  if (pool !== undefined) {
    await pool.query(`DROP TABLE IF EXISTS ${pgTable}`);
    await pool.end();
  }
});

const stores: { name: string; make: () => MetadataStore }[] = [
  { name: 'memoryStore', make: () => memoryStore() },
  { name: 'postgresStore (PGlite)', make: () => postgresStore(db, { table: 'ids_test' }) },
  ...(postgresUrl ? [{ name: 'postgresStore (pg Pool, TEST_POSTGRES_URL)', make: () => postgresStore(pool!, { table: pgTable }) }] : []),
];

async function call(handler: (request: Request) => Promise<Response>, probe: Probe): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${secretKey}` };
  if (probe.signedIn !== undefined) {
    // A header cannot carry every string: the hook reads the signed-in user from a side table instead.
    headers['x-probe'] = String(signedIn.push(probe.signedIn) - 1);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  return handler(
    new Request(`http://localhost${probe.path}`, {
      method: probe.method,
      headers,
      ...(probe.body === undefined ? {} : { body: probe.body }),
    }),
  );
}
const signedIn: string[] = [];

/** Text no store can keep as it is: PostgreSQL refuses U+0000, and a lone surrogate has no UTF-8 form. */
const unstorable = (id: string): boolean => /[\u0000\p{Cs}]/u.test(id);

async function expectOutcome(response: Response, outcome: Outcome, id: string, inPath: boolean, label: string): Promise<void> {
  if (outcome === 'listsNothing' && !(inPath && /\p{Cs}/u.test(id))) {
    expect(response.status, label).toBe(200);
    const body = (await response.json()) as unknown[] | { data: unknown[]; total_count: number };
    return expect(Array.isArray(body) ? body : body.data, label).toEqual([]);
  }
  const param = typeof outcome === 'object' ? ('bodyParam' in outcome ? outcome.bodyParam : outcome.namedBy) : undefined;
  const expected =
    param !== undefined && unstorable(id)
      ? { status: 422, code: 'form_param_format_invalid', paramName: param }
      : typeof outcome === 'object' && 'namedBy' in outcome
        ? { status: 422, code: 'form_param_value_invalid', paramName: outcome.namedBy }
        : { status: 404, code: 'resource_not_found' };
  expect(await errorOf(response), label).toEqual(expected);
}

describe.each(stores)('ids on $name', ({ make }) => {
  let handler: (request: Request) => Promise<Response>;
  let fixture: Fixture;
  const unexpected: unknown[] = [];

  beforeAll(async () => {
    // Arrange: a user and an organization that every probe's other id points at.
    handler = createMetadataHandler({
      secretKey,
      store: make(),
      authenticate: (request) => signedIn[Number(request.headers.get('x-probe'))],
      onError: (error) => unexpected.push(error),
    });
    const created = async (path: string, body: unknown) =>
      ((await (await call(handler, { method: 'POST', path, body: JSON.stringify(body) })).json()) as { id: string }).id;
    const userId = await created('/v1/users', {});
    fixture = { userId, organizationId: await created('/v1/organizations', { name: 'Acme' }) };
  });

  it.prop([anyId], { numRuns })('an id no resource has is answered alike in every position, whatever it holds', async (id) => {
    for (const position of idPositions) {
      // Act
      const probe = position.probe(id, fixture);
      const response = await call(handler, probe);

      // Assert
      await expectOutcome(response, position.outcome ?? 'missing', id, !probe.path.includes('?'), `${position.name} with ${JSON.stringify(id)}`);
    }
    expect(unexpected).toEqual([]);
  });

  it('an empty id is refused the same way as on every store: 404, or the 422 of a required parameter', async () => {
    // Act
    const userId = await call(handler, idPositions.find((position) => position.name.endsWith('body user_id'))!.probe('', fixture));
    const createdBy = await call(handler, idPositions.find((position) => position.name.endsWith('body created_by'))!.probe('', fixture));
    const member = await call(handler, { method: 'DELETE', path: `/v1/organizations/${fixture.organizationId}/memberships/%20` });

    // Assert
    expect(await errorOf(userId)).toEqual({ status: 422, code: 'form_param_missing', paramName: 'user_id' });
    expect(await errorOf(createdBy)).toEqual({ status: 422, code: 'form_param_value_invalid', paramName: 'created_by' });
    expect(await errorOf(member)).toEqual({ status: 404, code: 'resource_not_found' });
    expect(unexpected).toEqual([]);
  });
});
