import { beforeEach, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore, type MetadataStore } from '../index.js';
import { serveNodeHttp, type AnsweredRequest } from '../node.js';
import { backendRequest, errorOf, readRaw, secretKey } from './support/harness.js';

// Every error path: status, Clerk error code (and param_name), and nothing changed.
// The clock ticks on every call, so any write would show in updated_at.

type Handler = (request: Request) => Promise<Response>;

// Counts effective inserts and deletes (metadata writes show in the snapshot).
function countingStore(inner: MetadataStore): MetadataStore & { writes: number } {
  const counted = {
    writes: 0,
    insert: async (...args: Parameters<MetadataStore['insert']>) => {
      const inserted = await inner.insert(...args);
      if (inserted) counted.writes++;
      return inserted;
    },
    get: inner.get.bind(inner),
    delete: async (...args: Parameters<MetadataStore['delete']>) => {
      const deleted = await inner.delete(...args);
      if (deleted) counted.writes++;
      return deleted;
    },
    changeMetadata: inner.changeMetadata.bind(inner),
    changeAttributes: inner.changeAttributes.bind(inner),
    list: inner.list.bind(inner),
    count: inner.count.bind(inner),
  };
  return counted;
}

let handler: Handler;
let store: ReturnType<typeof countingStore>;
let userId: string;
let organizationId: string;
let memberId: string;
const maxBodyBytes = 32_768;

async function create(path: string, body: unknown): Promise<{ id: string }> {
  const response = await backendRequest(handler, 'POST', path, JSON.stringify(body));
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string };
}

async function snapshot(): Promise<unknown> {
  // There is no GET for a membership: read it through the store.
  return {
    user: await readRaw(handler, `/v1/users/${userId}`),
    organization: await readRaw(handler, `/v1/organizations/${organizationId}`),
    membership: await store.get('organization_membership', `${organizationId}/${memberId}`),
  };
}

beforeEach(async () => {
  let clock = 1_700_000_000_000;
  store = countingStore(memoryStore());
  handler = createMetadataHandler({ secretKey, store, maxBodyBytes, now: () => ++clock, onError: () => {} });
  userId = (
    await create('/v1/users', {
      first_name: 'Ada',
      public_metadata: { plan: 'pro', big: 'x'.repeat(5000) },
      private_metadata: { secret: true },
      unsafe_metadata: { theme: 'dark' },
    })
  ).id;
  organizationId = (await create('/v1/organizations', { name: 'Acme', public_metadata: { tier: 1 } })).id;
  memberId = (await create('/v1/users', {})).id;
  await create(`/v1/organizations/${organizationId}/memberships`, { user_id: memberId, role: 'org:member' });
});

interface Case {
  name: string;
  method: string;
  path: () => string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  status: number;
  code: string;
  paramName?: string;
}

const deep = (levels: number): unknown => {
  let value: unknown = { leaf: true };
  for (let level = 0; level < levels; level++) value = { nested: value };
  return value;
};

const userMetadataPath = () => `/v1/users/${userId}/metadata`;
const organizationMetadataPath = () => `/v1/organizations/${organizationId}/metadata`;
const membershipMetadataPath = () => `/v1/organizations/${organizationId}/memberships/${memberId}/metadata`;

const cases: Case[] = [
  // 400: malformed body
  { name: 'truncated JSON', method: 'PATCH', path: userMetadataPath, body: '{"public_metadata":', status: 400, code: 'request_body_invalid' },
  { name: 'JSON with a trailing comma', method: 'PUT', path: userMetadataPath, body: '{"public_metadata":{},}', status: 400, code: 'request_body_invalid' },
  { name: 'invalid UTF-8', method: 'PATCH', path: userMetadataPath, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), status: 400, code: 'request_body_invalid' },
  { name: 'malformed JSON on an organization', method: 'PATCH', path: organizationMetadataPath, body: 'nope', status: 400, code: 'request_body_invalid' },
  // 422: validation by the core library
  { name: 'a string field (PATCH)', method: 'PATCH', path: userMetadataPath, body: '{"public_metadata":"admin"}', status: 422, code: 'invalid_field_type', paramName: 'public_metadata' },
  { name: 'an array field (PUT)', method: 'PUT', path: userMetadataPath, body: '{"private_metadata":[1]}', status: 422, code: 'invalid_field_type', paramName: 'private_metadata' },
  { name: 'a number field on an organization (PUT)', method: 'PUT', path: organizationMetadataPath, body: '{"public_metadata":1}', status: 422, code: 'invalid_field_type', paramName: 'public_metadata' },
  { name: 'an SDK-cased field name', method: 'PATCH', path: userMetadataPath, body: '{"publicMetadata":{"a":1}}', status: 422, code: 'unknown_field', paramName: 'publicMetadata' },
  { name: 'an unknown field', method: 'PUT', path: userMetadataPath, body: '{"public_metadata":{"a":1},"role":"admin"}', status: 422, code: 'unknown_field', paramName: 'role' },
  { name: 'unsafe_metadata on an organization', method: 'PATCH', path: organizationMetadataPath, body: '{"unsafe_metadata":{}}', status: 422, code: 'unknown_field', paramName: 'unsafe_metadata' },
  { name: 'unsafe_metadata on a membership', method: 'PATCH', path: membershipMetadataPath, body: '{"unsafe_metadata":{}}', status: 422, code: 'unknown_field', paramName: 'unsafe_metadata' },
  { name: 'a JSON array body', method: 'PATCH', path: userMetadataPath, body: '[]', status: 422, code: 'invalid_params' },
  { name: 'a JSON null body', method: 'PUT', path: userMetadataPath, body: 'null', status: 422, code: 'invalid_params' },
  { name: 'a field over 8192 bytes', method: 'PUT', path: userMetadataPath, body: JSON.stringify({ public_metadata: { s: 'y'.repeat(9000) } }), status: 422, code: 'too_large', paramName: 'public_metadata' },
  { name: 'a merge that grows a field over 8192 bytes', method: 'PATCH', path: userMetadataPath, body: JSON.stringify({ public_metadata: { more: 'z'.repeat(4000) } }), status: 422, code: 'too_large', paramName: 'public_metadata' },
  { name: 'nesting deeper than 64', method: 'PATCH', path: userMetadataPath, body: JSON.stringify({ unsafe_metadata: deep(70) }), status: 422, code: 'too_deep', paramName: 'unsafe_metadata' },
  { name: 'nesting 5000 deep (no stack overflow)', method: 'PUT', path: userMetadataPath, body: '{"public_metadata":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001), status: 422, code: 'too_deep', paramName: 'public_metadata' },
  { name: 'one valid and one invalid field (all or nothing)', method: 'PATCH', path: userMetadataPath, body: '{"public_metadata":{"plan":"free"},"private_metadata":"x"}', status: 422, code: 'invalid_field_type', paramName: 'private_metadata' },
  { name: 'a membership field of the wrong type', method: 'PATCH', path: membershipMetadataPath, body: '{"private_metadata":true}', status: 422, code: 'invalid_field_type', paramName: 'private_metadata' },
  // 401
  { name: 'no Authorization header', method: 'PATCH', path: userMetadataPath, body: '{"public_metadata":{"a":1}}', headers: { authorization: '' }, status: 401, code: 'authentication_invalid' },
  { name: 'a wrong secret key', method: 'PUT', path: userMetadataPath, body: '{"public_metadata":{}}', headers: { authorization: 'Bearer sk_test_wrong' }, status: 401, code: 'authentication_invalid' },
  { name: 'the right key with a prefix added', method: 'PATCH', path: userMetadataPath, body: '{"public_metadata":{}}', headers: { authorization: `Bearer x${secretKey}` }, status: 401, code: 'authentication_invalid' },
  { name: 'a Basic scheme', method: 'PATCH', path: userMetadataPath, body: '{}', headers: { authorization: `Basic ${secretKey}` }, status: 401, code: 'authentication_invalid' },
  { name: 'no key on an unknown route', method: 'GET', path: () => '/v1/secret-things', headers: { authorization: '' }, status: 401, code: 'authentication_invalid' },
  { name: 'a wrong key on DELETE organization', method: 'DELETE', path: () => `/v1/organizations/${organizationId}`, headers: { authorization: 'Bearer sk_test_wrong' }, status: 401, code: 'authentication_invalid' },
  { name: 'no key on DELETE membership', method: 'DELETE', path: () => `/v1/organizations/${organizationId}/memberships/${memberId}`, headers: { authorization: '' }, status: 401, code: 'authentication_invalid' },
  // 404
  { name: 'an unknown user (PATCH)', method: 'PATCH', path: () => '/v1/users/user_missing/metadata', body: '{"public_metadata":{"a":1}}', status: 404, code: 'resource_not_found' },
  { name: 'an unknown user (PUT)', method: 'PUT', path: () => '/v1/users/user_missing/metadata', body: '{"public_metadata":{"a":1}}', status: 404, code: 'resource_not_found' },
  { name: 'an unknown user (GET)', method: 'GET', path: () => '/v1/users/user_missing', status: 404, code: 'resource_not_found' },
  { name: 'an unknown user (DELETE)', method: 'DELETE', path: () => '/v1/users/user_missing', status: 404, code: 'resource_not_found' },
  { name: 'an unknown organization', method: 'PATCH', path: () => '/v1/organizations/org_missing/metadata', body: '{"public_metadata":{}}', status: 404, code: 'resource_not_found' },
  { name: 'an unknown organization (DELETE)', method: 'DELETE', path: () => '/v1/organizations/org_missing', status: 404, code: 'resource_not_found' },
  { name: 'a membership in an unknown organization (DELETE)', method: 'DELETE', path: () => `/v1/organizations/org_missing/memberships/${memberId}`, status: 404, code: 'resource_not_found' },
  { name: 'a user who is not a member (DELETE membership)', method: 'DELETE', path: () => `/v1/organizations/${organizationId}/memberships/${userId}`, status: 404, code: 'resource_not_found' },
  { name: 'an unknown membership', method: 'PATCH', path: () => `/v1/organizations/${organizationId}/memberships/${userId}/metadata`, body: '{"public_metadata":{}}', status: 404, code: 'resource_not_found' },
  { name: 'an operation of Clerk this server does not implement', method: 'GET', path: () => '/v1/sessions', status: 501, code: 'operation_not_implemented' },
  { name: 'a user operation this server does not implement', method: 'POST', path: () => `/v1/users/${userId}/ban`, status: 501, code: 'operation_not_implemented' },
  { name: 'a path outside /v1', method: 'GET', path: () => `/v2/users/${userId}`, status: 404, code: 'resource_not_found' },
  { name: 'a membership for an unknown user', method: 'POST', path: () => `/v1/organizations/${organizationId}/memberships`, body: '{"user_id":"user_missing","role":"org:member"}', status: 404, code: 'resource_not_found' },
  // 405
  { name: 'DELETE on user metadata', method: 'DELETE', path: userMetadataPath, status: 405, code: 'method_not_allowed' },
  { name: 'POST on a user', method: 'POST', path: () => `/v1/users/${userId}`, body: '{}', status: 405, code: 'method_not_allowed' },
  { name: 'PUT on membership metadata (Clerk has PATCH only)', method: 'PUT', path: membershipMetadataPath, body: '{}', status: 405, code: 'method_not_allowed' },
  { name: 'PATCH on a user with metadata (it moved to /metadata at 2026-05-12)', method: 'PATCH', path: () => `/v1/users/${userId}`, body: '{"public_metadata":{}}', status: 422, code: 'form_param_unknown', paramName: 'public_metadata' },
  { name: 'PATCH on a user with a timezone and a name', method: 'PATCH', path: () => `/v1/users/${userId}`, body: '{"first_name":"Z","timezone":"UTC"}', status: 422, code: 'form_param_unsupported', paramName: 'timezone' },
  { name: 'PUT on an organization', method: 'PUT', path: () => `/v1/organizations/${organizationId}`, body: '{}', status: 405, code: 'method_not_allowed' },
  { name: 'PATCH on a membership without a role (metadata is under /metadata)', method: 'PATCH', path: () => `/v1/organizations/${organizationId}/memberships/${memberId}`, body: '{"public_metadata":{}}', status: 422, code: 'form_param_missing', paramName: 'role' },
  { name: 'DELETE on organization metadata', method: 'DELETE', path: organizationMetadataPath, status: 405, code: 'method_not_allowed' },
  // 413
  { name: 'a Content-Length over the cap', method: 'PATCH', path: userMetadataPath, body: JSON.stringify({ public_metadata: { s: 'w'.repeat(maxBodyBytes) } }), status: 413, code: 'request_body_too_large' },
  // 422 on creation
  { name: 'a user with a numeric first_name', method: 'POST', path: () => '/v1/users', body: '{"first_name":5}', status: 422, code: 'form_param_format_invalid', paramName: 'first_name' },
  { name: 'a user with an unknown parameter', method: 'POST', path: () => '/v1/users', body: '{"nickname":"x"}', status: 422, code: 'form_param_unknown', paramName: 'nickname' },
  { name: 'a user with a timezone (typed by the SDK, not in the 2026-05-12 User)', method: 'POST', path: () => '/v1/users', body: '{"timezone":"Europe/Paris"}', status: 422, code: 'form_param_unsupported', paramName: 'timezone' },
  { name: 'a user with string metadata', method: 'POST', path: () => '/v1/users', body: '{"public_metadata":"x"}', status: 422, code: 'invalid_field_type', paramName: 'public_metadata' },
  { name: 'a user with email_address not a list of strings', method: 'POST', path: () => '/v1/users', body: '{"email_address":[1]}', status: 422, code: 'form_param_format_invalid', paramName: 'email_address' },
  { name: 'an organization without a name', method: 'POST', path: () => '/v1/organizations', body: '{}', status: 422, code: 'form_param_missing', paramName: 'name' },
  { name: 'an organization with unsafe metadata', method: 'POST', path: () => '/v1/organizations', body: '{"name":"x","unsafe_metadata":{}}', status: 422, code: 'form_param_unknown', paramName: 'unsafe_metadata' },
  { name: 'an organization created by an unknown user', method: 'POST', path: () => '/v1/organizations', body: '{"name":"x","created_by":"user_missing"}', status: 422, code: 'form_param_value_invalid', paramName: 'created_by' },
  { name: 'a membership without a role', method: 'POST', path: () => `/v1/organizations/${organizationId}/memberships`, body: JSON.stringify({ user_id: 'user_x' }), status: 422, code: 'form_param_missing', paramName: 'role' },
  { name: 'a second membership of the same user', method: 'POST', path: () => `/v1/organizations/${organizationId}/memberships`, body: '', status: 422, code: 'already_a_member_in_organization', paramName: 'user_id' },
];

describe('error paths', () => {
  it.each(cases)('$name: $status $code, nothing changed', async (testCase) => {
    // Arrange
    const before = await snapshot();
    const writesBefore = store.writes;
    const body =
      testCase.name === 'a second membership of the same user'
        ? JSON.stringify({ user_id: memberId, role: 'org:admin' })
        : testCase.body;

    // Act
    const response = await handler(
      new Request(`http://localhost${testCase.path()}`, {
        method: testCase.method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', ...testCase.headers },
        ...(body === undefined ? {} : { body }),
      }),
    );

    // Assert
    const error = await errorOf(response);
    expect(error).toEqual({
      status: testCase.status,
      code: testCase.code,
      ...(testCase.paramName === undefined ? {} : { paramName: testCase.paramName }),
    });
    if (testCase.status === 405) expect(response.headers.get('allow')).toMatch(/^[A-Z, ]+$/);
    expect(store.writes).toBe(writesBefore);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the handler factory', () => {
  it('refuses a missing or empty secret key and bad limits', () => {
    // Arrange / Act / Assert
    expect(() => createMetadataHandler({ secretKey: '' })).toThrow(TypeError);
    // A key no Authorization header can carry as sent would refuse every request.
    for (const unusable of ['sk_test key', 'sk_test_key ', '\tsk', 'sk_test_ключ', 'sk_é', 'sk\u0000']) {
      expect(() => createMetadataHandler({ secretKey: unusable }), JSON.stringify(unusable)).toThrow(TypeError);
    }
    expect(() => createMetadataHandler({ secretKey: 'sk_test_!#$%&*+-./:;<=>?@[]^_`{|}~' })).not.toThrow();
    expect(() => createMetadataHandler({} as { secretKey: string })).toThrow(TypeError);
    expect(() => createMetadataHandler({ secretKey, maxBodyBytes: -1 })).toThrow(TypeError);
    expect(() => createMetadataHandler({ secretKey, maxFieldBytes: 0 })).toThrow(TypeError);
    expect(() => createMetadataHandler({ secretKey, maxDepth: 1.5 })).toThrow(TypeError);
  });

  it('answers an unexpected store failure with 500 and Clerk error body, and reports it', async () => {
    // Arrange
    const reported: unknown[] = [];
    const failing = createMetadataHandler({
      secretKey,
      store: { ...memoryStore(), get: () => Promise.reject(new Error('disk on fire')) },
      onError: (error) => reported.push(error),
    });

    // Act
    const response = await backendRequest(failing, 'GET', '/v1/users/user_1');

    // Assert
    expect(await errorOf(response)).toEqual({ status: 500, code: 'internal_error' });
    expect(reported).toHaveLength(1);
  });

  it('serves under a basePath and 404s outside it', async () => {
    // Arrange
    const mounted = createMetadataHandler({ secretKey, basePath: '/api/clerk/' });

    // Act
    const inside = await backendRequest(mounted, 'POST', '/api/clerk/v1/users', '{}');
    const outside = await backendRequest(mounted, 'POST', '/v1/users', '{}');

    // Assert
    expect(inside.status).toBe(200);
    expect(await errorOf(outside)).toEqual({ status: 404, code: 'resource_not_found' });
  });
});

describe('answers for what this server does not implement', () => {
  it("names the operation of Clerk's it does not implement, and says so", async () => {
    // Act
    const response = await backendRequest(handler, 'POST', `/v1/users/${userId}/ban`);
    const body = (await response.json()) as { errors: { long_message: string }[] };

    // Assert
    expect(response.status).toBe(501);
    expect(body.errors[0]!.long_message).toMatch(new RegExp(`^POST /v1/users/${userId}/ban is not implemented here`));
  });

  it('a literal path segment wins over a parameter: /v1/users/count is the count, not a user named "count"', async () => {
    // Act
    const count = await backendRequest(handler, 'GET', '/v1/users/count');
    const deleteCount = await backendRequest(handler, 'DELETE', '/v1/users/count');

    // Assert
    expect(await count.json()).toEqual({ object: 'total_count', total_count: 2 });
    expect(deleteCount.status).toBe(405);
    expect(deleteCount.headers.get('allow')).toBe('GET');
  });

  it("puts each error's trace id on the answered request too, for the request's log line", async () => {
    // Arrange
    const answered: AnsweredRequest[] = [];
    const server = await serveNodeHttp(handler, { onResponse: (entry) => answered.push(entry) });
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${secretKey}` } });

    try {
      // Act
      const missing = await get('/v1/users/user_missing');
      const ok = await get(`/v1/users/${userId}`);

      // Assert
      expect(missing.status).toBe(404);
      expect(answered[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(((await missing.json()) as { clerk_trace_id: string }).clerk_trace_id).toBe(answered[0]!.traceId);
      expect(ok.status).toBe(200);
      expect(answered[1]!.traceId).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
