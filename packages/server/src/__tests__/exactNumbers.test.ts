import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../index.js';
import type { NodeHttpServer } from '../node.js';
import { secretKey, startServer } from './support/harness.js';

// A number in JSON text that would not read back as written is refused at its path with 422
// invalid_json_value, over a real socket, in a JSON body and in a form field holding JSON; nothing
// is stored. Numbers that do read back as written (1.0, 1e2, -0, 1e20) are stored as their value.
let server: NodeHttpServer;
let userId: string;
let organizationId: string;
let memberId: string;

async function send(method: string, path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function get(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${secretKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function create(path: string, body: unknown): Promise<string> {
  const { status, json } = await send('POST', path, JSON.stringify(body));
  expect(status).toBe(200);
  return json['id'] as string;
}

/** Everything a refused request could have changed: the resources (updated_at moves on any write) and the counts. */
async function everything(): Promise<unknown> {
  const memberships = await get(`/v1/organizations/${organizationId}/memberships`);
  return {
    user: await get(`/v1/users/${userId}`),
    member: await get(`/v1/users/${memberId}`),
    organization: await get(`/v1/organizations/${organizationId}`),
    memberships,
    users: await get('/v1/users/count'),
    organizations: (await get('/v1/organizations'))['total_count'],
  };
}

const frontendHeaders = () => ({ 'x-test-user': userId, 'content-type': 'application/x-www-form-urlencoded' });

beforeAll(async () => {
  let clock = 1_700_000_000_000;
  ({ server } = await startServer({
    store: memoryStore(),
    now: () => ++clock,
    authenticate: (request) => request.headers.get('x-test-user'),
  }));
  userId = await create('/v1/users', { public_metadata: { plan: 'pro' }, unsafe_metadata: { theme: 'dark' } });
  memberId = await create('/v1/users', {});
  organizationId = await create('/v1/organizations', { name: 'Numbers', private_metadata: { seats: 3 } });
  await create(`/v1/organizations/${organizationId}/memberships`, { user_id: memberId, role: 'org:member' });
});

afterAll(async () => {
  await server.close();
});

describe('a number that would not be kept exactly', () => {
  const refused: Array<{ name: string; method: string; path: () => string; body: string; at: string; headers?: () => Record<string, string> }> = [
    { name: 'user metadata, PATCH', method: 'PATCH', path: () => `/v1/users/${userId}/metadata`, body: '{"public_metadata":{"a":1e-400}}', at: '/public_metadata/a' },
    { name: 'user metadata, PUT', method: 'PUT', path: () => `/v1/users/${userId}/metadata`, body: '{"private_metadata":{"ids":[1, 9007199254740993]}}', at: '/private_metadata/ids/1' },
    { name: 'organization metadata', method: 'PUT', path: () => `/v1/organizations/${organizationId}/metadata`, body: '{"public_metadata":{"x":{"y":0.30000000000000001}}}', at: '/public_metadata/x/y' },
    { name: 'membership metadata', method: 'PATCH', path: () => `/v1/organizations/${organizationId}/memberships/${memberId}/metadata`, body: '{"private_metadata":{"tiny":-2e-324}}', at: '/private_metadata/tiny' },
    { name: 'a new user’s metadata', method: 'POST', path: () => '/v1/users', body: '{"first_name":"Grace","unsafe_metadata":{"n":12345678901234567890}}', at: '/unsafe_metadata/n' },
    { name: 'a user parameter that is no metadata', method: 'PATCH', path: () => `/v1/users/${userId}`, body: '{"create_organizations_limit":1e-400}', at: '/create_organizations_limit' },
    { name: 'a new organization’s parameter', method: 'POST', path: () => '/v1/organizations', body: '{"name":"Big","max_allowed_memberships":9007199254740993}', at: '/max_allowed_memberships' },
    { name: 'a number too large, as before', method: 'PATCH', path: () => `/v1/users/${userId}/metadata`, body: '{"public_metadata":{"a":{"b":[1,1e400]}}}', at: '/public_metadata/a/b/1' },
    { name: 'the frontend’s form field', method: 'PATCH', path: () => '/v1/me/metadata', body: `unsafe_metadata=${encodeURIComponent('{"a":[1, 1e-400]}')}`, at: '/unsafe_metadata/a/1', headers: frontendHeaders },
    { name: 'the frontend’s form field, a whole number', method: 'PATCH', path: () => '/v1/me/metadata', body: `unsafe_metadata=${encodeURIComponent('9007199254740993')}`, at: '/unsafe_metadata', headers: frontendHeaders },
  ];

  it.each(refused)('is refused in $name with 422 invalid_json_value at its path, and nothing changes', async ({ method, path, body, at, headers }) => {
    // Arrange
    const before = await everything();

    // Act
    const { status, json } = await send(method, path(), body, headers?.());

    // Assert
    expect(status).toBe(422);
    expect(json['errors']).toEqual([
      {
        code: 'invalid_json_value',
        message: expect.any(String),
        long_message: expect.stringMatching(/^The number \S+ cannot be kept exactly: it reads back as \S+ \(invalid_json_value at \[.*\]\)$/),
        meta: { param_name: at.split('/')[1], path: at },
      },
    ]);
    expect(await everything()).toEqual(before);
  });
});

describe('a number that reads back as written', () => {
  const body = '{"one":1.0,"hundred":1e2,"zero":-0,"big":100000000000000000000,"none":0e999999,"tiny":5e-324,"text":"1e-400 \\" 9007199254740993"}';
  const value = { one: 1, hundred: 100, zero: 0, big: 1e20, none: 0, tiny: 5e-324, text: '1e-400 " 9007199254740993' };

  it('is stored as its value through the Backend API', async () => {
    // Act
    const { status } = await send('PUT', `/v1/users/${userId}/metadata`, `{"private_metadata":${body}}`);

    // Assert
    expect(status).toBe(200);
    expect((await get(`/v1/users/${userId}`))['private_metadata']).toEqual(value);
  });

  it('is stored as its value through the frontend’s form field', async () => {
    // Arrange
    expect((await send('PUT', `/v1/users/${userId}/metadata`, '{"unsafe_metadata":{"theme":"dark"}}')).status).toBe(200);

    // Act
    const { status } = await send('PATCH', '/v1/me/metadata', `unsafe_metadata=${encodeURIComponent(body)}`, frontendHeaders());

    // Assert
    expect(status).toBe(200);
    expect((await get(`/v1/users/${userId}`))['unsafe_metadata']).toEqual({ theme: 'dark', ...value });
  });
});
