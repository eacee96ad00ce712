import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMetadataHandler, exclusivePostgresStore, memoryStore, type RecordingStore } from '../index.js';
import { pgliteForTestFile } from './support/testStores.js';
import { expectedByResource } from './support/webhookRun.js';

// Any sequence of Backend and Frontend API requests, successes and refusals, records exactly one event per
// acknowledged change, its data the change's answer, in the order of the changes per resource, and none for a
// refusal. What is recorded is what is delivered (webhooks.test.ts and webhooksCrash.test.ts deliver it).
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);
const secretKey = 'sk_test_webhook_property';

const metadataValue = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'plan'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }) },
  // Not an object: refused with 422.
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()) },
);
const request = fc.oneof(
  fc.record({ op: fc.constant('createUser' as const), refused: fc.boolean() }),
  fc.record({ op: fc.constantFrom('patchUser' as const, 'putUser' as const, 'frontend' as const), user: fc.nat(3), value: metadataValue }),
  fc.record({ op: fc.constant('updateUser' as const), user: fc.nat(3), name: fc.string({ maxLength: 4 }) }),
  fc.record({ op: fc.constant('deleteUser' as const), user: fc.nat(3) }),
  fc.record({ op: fc.constant('createOrganization' as const), user: fc.option(fc.nat(3), { nil: undefined }), slug: fc.constantFrom('acme', 'beta', undefined) }),
  fc.record({ op: fc.constant('updateOrganization' as const), organization: fc.nat(2) }),
  fc.record({ op: fc.constant('deleteOrganization' as const), organization: fc.nat(2) }),
  fc.record({ op: fc.constant('organizationMetadata' as const), organization: fc.nat(2), value: metadataValue }),
  ...(['createMembership', 'updateMembership', 'membershipMetadata', 'deleteMembership'] as const).map((op) =>
    fc.record({ op: fc.constant(op), organization: fc.nat(2), user: fc.nat(3), value: metadataValue }),
  ),
);
type Step = typeof request extends fc.Arbitrary<infer T> ? T : never;

async function checkSequence(store: RecordingStore, steps: readonly Step[]): Promise<void> {
  const handler = createMetadataHandler({
    secretKey,
    store,
    webhooks: { endpoints: [{ url: 'http://127.0.0.1:9/hooks', secret: 'whsec_AAAA' }], delivery: false },
    authenticate: (request) => request.headers.get('x-test-user'),
  });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await handler(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const expected: { type: string; data: unknown }[] = [];
  // Ids of created resources, deleted ones included (a request on one is refused with 404), and a missing one
  // (index 0: most indexes name a created one).
  const users = ['user_missing'];
  const organizations = ['org_missing'];
  const pick = (ids: readonly string[], index: number): string => ids[index % ids.length]!;
  const answered = async (type: string, method: string, path: string, body?: unknown, data = (json: Record<string, unknown>): unknown => json) => {
    const { status, json } = await call(method, path, body);
    if (status === 200) expected.push({ type, data: data(json) });
    return status === 200 ? json : undefined;
  };

  // Some resources first, so that most requests find theirs.
  const setUp: Step[] = [
    { op: 'createUser', refused: false },
    { op: 'createUser', refused: false },
    { op: 'createUser', refused: false },
    { op: 'createOrganization', user: 1, slug: undefined },
    { op: 'createOrganization', user: undefined, slug: undefined },
    { op: 'createMembership', organization: 1, user: 2, value: {} },
  ];
  for (const step of [...setUp, ...steps]) {
    switch (step.op) {
      case 'createUser': {
        const user = await answered('user.created', 'POST', '/v1/users', step.refused ? { unknown_param: 1 } : { first_name: 'A' });
        if (user !== undefined) users.push(String(user['id']));
        break;
      }
      case 'patchUser':
      case 'putUser':
        await answered('user.updated', step.op === 'patchUser' ? 'PATCH' : 'PUT', `/v1/users/${pick(users, step.user)}/metadata`, { public_metadata: step.value });
        break;
      case 'frontend': {
        const userId = pick(users, step.user);
        const form = `unsafe_metadata=${encodeURIComponent(JSON.stringify(step.value))}`;
        const { status } = await call('PATCH', '/v1/me/metadata', form, { 'content-type': 'application/x-www-form-urlencoded', 'x-test-user': userId });
        // The event carries the user as the Backend API shows it.
        if (status === 200) expected.push({ type: 'user.updated', data: (await call('GET', `/v1/users/${userId}`)).json });
        break;
      }
      case 'updateUser':
        await answered('user.updated', 'PATCH', `/v1/users/${pick(users, step.user)}`, { last_name: step.name });
        break;
      case 'deleteUser':
        await answered('user.deleted', 'DELETE', `/v1/users/${pick(users, step.user)}`);
        break;
      case 'createOrganization': {
        const creator = step.user === undefined ? {} : { created_by: pick(users, step.user) };
        const organization = await answered('organization.created', 'POST', '/v1/organizations', { name: 'Acme', slug: step.slug, ...creator });
        if (organization === undefined) break;
        organizations.push(String(organization['id']));
        if (step.user !== undefined) {
          const { json } = await call('GET', `/v1/organizations/${String(organization['id'])}/memberships`);
          expected.push({ type: 'organizationMembership.created', data: (json['data'] as unknown[])[0] });
        }
        break;
      }
      case 'updateOrganization':
        await answered('organization.updated', 'PATCH', `/v1/organizations/${pick(organizations, step.organization)}`, { name: 'Renamed' });
        break;
      case 'deleteOrganization':
        await answered('organization.deleted', 'DELETE', `/v1/organizations/${pick(organizations, step.organization)}`);
        break;
      case 'organizationMetadata':
        await answered('organization.updated', 'PATCH', `/v1/organizations/${pick(organizations, step.organization)}/metadata`, { public_metadata: step.value });
        break;
      default: {
        const path = `/v1/organizations/${pick(organizations, step.organization)}/memberships`;
        const userId = pick(users, step.user);
        if (step.op === 'createMembership') await answered('organizationMembership.created', 'POST', path, { user_id: userId, role: 'org:member' });
        if (step.op === 'updateMembership') await answered('organizationMembership.updated', 'PATCH', `${path}/${userId}`, { role: 'org:admin' });
        if (step.op === 'membershipMetadata') await answered('organizationMembership.updated', 'PATCH', `${path}/${userId}/metadata`, { public_metadata: step.value });
        if (step.op === 'deleteMembership') await answered('organizationMembership.deleted', 'DELETE', `${path}/${userId}`);
      }
    }
  }

  const recorded = (await store.webhookOutbox.list(Number.MAX_SAFE_INTEGER)).reverse();
  const events = recorded.map((entry) => JSON.parse(entry.body) as { type: string; data: unknown });
  expect(new Set(recorded.map((entry) => entry.id)).size).toBe(recorded.length);
  expect(expectedByResource(events)).toEqual(expectedByResource(expected));
}

const db = pgliteForTestFile();
let tables = 0;

describe('webhook events of any sequence of requests', () => {
  it('memoryStore: one per acknowledged change, its answer, in order per resource, none for a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 30 }), (steps) => checkSequence(memoryStore(), steps)),
      { numRuns },
    );
  });

  it('exclusivePostgresStore (PGlite): the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 30 }), (steps) =>
        checkSequence(exclusivePostgresStore(db(), { table: `webhook_property_${++tables}` }), steps),
      ),
      { numRuns: Math.ceil(numRuns / 8) },
    );
  }, 300_000);
});
