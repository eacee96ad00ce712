import { verifyWebhook } from '@clerk/backend/webhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetadataHandler, exclusivePostgresStore, memoryStore, type MetadataStore } from '../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';
import { verifyingEndpoint } from '../webhooks/__tests__/support/verifyingEndpoint.js';
import { generateWebhookSecret } from '../webhooks/webhookSecret.js';
import { webhookSigner } from '../webhooks/webhookSigner.js';
import { pgliteForTestFile } from './support/testStores.js';
import { eventsByResource, expectedByResource, untilDelivered } from './support/webhookRun.js';

// Clerk's webhook events, as an app's route verifies them with Clerk's own verifyWebhook (and svix's
// Webhook.verify): one event per change the Backend and Frontend APIs acknowledge, none for a refused request,
// each one's data equal to the answer of the request that made it, in order per resource; on the memory store
// and on the command-line server's store (exclusivePostgresStore over PGlite).
const db = pgliteForTestFile();
let tables = 0;
const secretKey = 'sk_test_webhooks';
const userAgent = 'webhooks-test/1.0';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setUp(store: MetadataStore) {
  const secret = generateWebhookSecret();
  const endpoint = await verifyingEndpoint(secret);
  const handler = createMetadataHandler({
    secretKey,
    store,
    webhooks: { endpoints: [{ url: endpoint.url, secret }], instanceId: 'ins_test' },
    authenticate: (request) => request.headers.get('x-test-user'),
  });
  const server: NodeHttpServer = await serveNodeHttp(handler, { host: '127.0.0.1', port: 0 });
  closers.push(() => endpoint.close(), () => server.close());
  return { secret, endpoint, url: server.url };
}

describe.each([
  { name: 'memoryStore', make: () => memoryStore() },
  { name: 'exclusivePostgresStore (PGlite, the CLI’s store)', make: () => exclusivePostgresStore(db(), { table: `webhooks_${++tables}` }) },
])('webhooks on $name', ({ make }) => {
  it('sends one verified event per acknowledged change, its data the answer, in order per resource, and none for a refusal', async () => {
    // Arrange
    const { secret, endpoint, url } = await setUp(make());
    const expected: { type: string; data: unknown }[] = [];
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', 'user-agent': userAgent, ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> & { id: string } };
    };
    const ok = async (type: string, method: string, path: string, body?: unknown, data = (json: Record<string, unknown>): unknown => json) => {
      const { status, json } = await call(method, path, body);
      expect(status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200);
      expected.push({ type, data: data(json) });
      return json;
    };
    const refused = async (method: string, path: string, body?: unknown) => expect((await call(method, path, body)).status).not.toBe(200);

    // Act: every kind of write, successes and refusals.
    const ada = await ok('user.created', 'POST', '/v1/users', { first_name: 'Ada', external_id: 'ext_ada' });
    await ok('user.updated', 'PATCH', `/v1/users/${ada.id}/metadata`, { public_metadata: { plan: 'pro' } });
    // A no-op merge is still a write (a new updated_at): one user.updated.
    await ok('user.updated', 'PATCH', `/v1/users/${ada.id}/metadata`, { public_metadata: { plan: 'pro' } });
    await ok('user.updated', 'PUT', `/v1/users/${ada.id}/metadata`, { private_metadata: { stripe: 'cus_1' } });
    await refused('PATCH', '/v1/users/user_missing/metadata', { public_metadata: { plan: 'pro' } });
    await refused('PATCH', `/v1/users/${ada.id}/metadata`, { public_metadata: 'not an object' });
    await refused('POST', '/v1/users', { first_name: 'Ada', unknown_param: 1 });
    const organization = await ok('organization.created', 'POST', '/v1/organizations', { name: 'Acme', created_by: ada.id });
    const { json: members } = await call('GET', `/v1/organizations/${organization.id}/memberships`);
    expected.push({ type: 'organizationMembership.created', data: (members['data'] as unknown[])[0] });
    await ok('user.updated', 'PATCH', `/v1/users/${ada.id}`, { last_name: 'Lovelace' });
    await ok('organization.updated', 'PATCH', `/v1/organizations/${organization.id}`, { name: 'Acme Inc' });
    await ok('organization.updated', 'PATCH', `/v1/organizations/${organization.id}/metadata`, { public_metadata: { seats: 5 } });
    await refused('POST', '/v1/organizations', { name: 'Acme', slug: String(organization['slug']) });
    const bob = await ok('user.created', 'POST', '/v1/users', { first_name: 'Bob' });
    const membership = `/v1/organizations/${organization.id}/memberships`;
    await ok('organizationMembership.created', 'POST', membership, { user_id: bob.id, role: 'org:member' });
    await refused('POST', membership, { user_id: bob.id, role: 'org:member' });
    await ok('organizationMembership.updated', 'PATCH', `${membership}/${bob.id}`, { role: 'org:admin' });
    await ok('organizationMembership.updated', 'PATCH', `${membership}/${bob.id}/metadata`, { public_metadata: { desk: 7 } });
    await refused('PATCH', `${membership}/user_missing/metadata`, { public_metadata: { desk: 7 } });
    await ok('organizationMembership.deleted', 'DELETE', `${membership}/${bob.id}`);
    // The Frontend API's write: the event carries the user as the Backend API shows it.
    const frontend = await call('PATCH', '/v1/me/metadata', 'unsafe_metadata=%7B%22tour%22%3Atrue%7D', {
      'content-type': 'application/x-www-form-urlencoded',
      'x-test-user': bob.id,
    });
    expect(frontend.status).toBe(200);
    expected.push({ type: 'user.updated', data: (await call('GET', `/v1/users/${bob.id}`)).json });
    await refused('DELETE', '/v1/organizations/org_missing');
    await ok('organization.deleted', 'DELETE', `/v1/organizations/${organization.id}`);
    await ok('user.deleted', 'DELETE', `/v1/users/${ada.id}`, undefined, (json) => ({ ...json, external_id: 'ext_ada' }));
    await untilDelivered(endpoint.received, expected.length);

    // Assert: what Clerk's verifier returned, by resource, is exactly what the answers said, in their order.
    expect(endpoint.received.every((request) => request.event !== undefined)).toBe(true);
    expect(eventsByResource(endpoint.received)).toEqual(expectedByResource(expected));
    expect(new Set(endpoint.received.map((request) => request.svixId)).size).toBe(expected.length);
    for (const request of endpoint.received) {
      expect(request.event).toMatchObject({ object: 'event', instance_id: 'ins_test', event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: userAgent } } });
      // The second opinion: svix's own verifier.
      expect(() => new SvixWebhook(secret).verify(request.body, request.svixHeaders)).not.toThrow();
    }
  });

  it('sends what verifiers refuse once tampered with or stale', async () => {
    // Arrange
    const { secret, endpoint, url } = await setUp(make());
    await fetch(`${url}/v1/users`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}` }, body: '{}' });
    await untilDelivered(endpoint.received, 1);
    const [{ body, svixHeaders }] = endpoint.received as [(typeof endpoint.received)[number]];
    const verify = (text: string, headers: Record<string, string>) =>
      verifyWebhook(new Request('http://app/api/webhooks', { method: 'POST', headers, body: text }), { signingSecret: secret });
    const staleAt = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = { ...(await webhookSigner(secret).headers(svixHeaders['svix-id'], staleAt, body)) };

    // Act / Assert
    await expect(verify(body, svixHeaders)).resolves.toMatchObject({ type: 'user.created' });
    const tampered = body.replace('"user.created"', '"user.deleted"');
    await expect(verify(tampered, svixHeaders)).rejects.toThrow();
    expect(() => new SvixWebhook(secret).verify(tampered, svixHeaders)).toThrow();
    await expect(verify(body, stale)).rejects.toThrow();
    expect(() => new SvixWebhook(secret).verify(body, stale)).toThrow();
  });
});

describe('the webhook inspection routes', () => {
  it('list the messages with their attempts and re-send one with its id, behind the secret key; without webhooks they are not there', async () => {
    // Arrange
    const { endpoint, url } = await setUp(memoryStore());
    const inspect = (method: string, path: string, key = secretKey) => fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
    await fetch(`${url}/v1/users`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}` }, body: '{}' });
    await untilDelivered(endpoint.received, 1);
    const [first] = endpoint.received as [(typeof endpoint.received)[number]];

    // Act
    const refused = await inspect('GET', '/_webhooks/messages', 'sk_test_wrong');
    const listed = (await (await inspect('GET', '/_webhooks/messages')).json()) as { data: Record<string, unknown>[] };
    const withBody = (await (await inspect('GET', '/_webhooks/messages?include_body=true&limit=1')).json()) as { data: Record<string, unknown>[] };
    const resent = await inspect('POST', `/_webhooks/messages/${first.svixId}/resend`);
    const resentAnswer: unknown = await resent.json();
    await untilDelivered(endpoint.received, 2);
    const missing = await inspect('POST', '/_webhooks/messages/msg_missing/resend');
    const plain = createMetadataHandler({ secretKey });
    const withoutWebhooks = await plain(new Request('http://localhost/_webhooks/messages', { headers: { authorization: `Bearer ${secretKey}` } }));

    // Assert
    expect(refused.status).toBe(401);
    expect(listed.data).toEqual([
      expect.objectContaining({ object: 'webhook_message', id: first.svixId, type: 'user.created', state: 'delivered', attempts: [expect.objectContaining({ status: 200, error: null })] }),
    ]);
    expect(listed.data[0]).not.toHaveProperty('body');
    expect(withBody.data[0]?.['body']).toBe(first.body);
    expect([resent.status, resentAnswer]).toEqual([200, { object: 'webhook_resend', id: first.svixId, requeued: 1 }]);
    expect(endpoint.received.map((request) => [request.svixId, request.body])).toEqual([[first.svixId, first.body], [first.svixId, first.body]]);
    expect(missing.status).toBe(404);
    expect(withoutWebhooks.status).toBe(404);
  });
});

describe('the webhooks option', () => {
  it('refuses, when the handler is made, an endpoint whose URL, secret or event types could never be delivered', () => {
    // Arrange
    const secret = generateWebhookSecret();
    const made = (endpoint: object) => () => createMetadataHandler({ secretKey, webhooks: { endpoints: [endpoint as never] } });

    // Act, Assert
    expect(made({ url: 'localhost:3001/hooks', secret })).toThrow(new TypeError('createMetadataHandler: webhooks.endpoints[0].url must be an http:// or https:// URL, such as http://localhost:3001/api/webhooks'));
    expect(made({ url: 'http://localhost:3001/hooks', secret: 'not-a-secret' })).toThrow(/webhooks\.endpoints\[0\]\.secret must be whsec_/);
    expect(made({ url: 'http://localhost:3001/hooks', secret, eventTypes: ['user.changed'] })).toThrow(/webhooks\.endpoints\[0\]\.eventTypes must be an array of event types: user\.created/);
    expect(made({ url: 'http://localhost:3001/hooks', secret, eventTypes: ['user.updated'] })).not.toThrow();
  });
});
