import { beforeEach, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { backendRequest, errorOf, readRaw, secretKey } from './support/harness.js';

// PATCH /v1/me/metadata: the signed-in user may merge into unsafe_metadata and nothing else,
// and never sees private_metadata.
type Handler = (request: Request) => Promise<Response>;
let handler: Handler;
let userId: string;

function frontendPatch(form: Record<string, string> | string, signedInAs: string | null = userId, contentType?: string): Promise<Response> {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  const headers: Record<string, string> = { 'content-type': contentType ?? 'application/x-www-form-urlencoded' };
  if (signedInAs !== null) headers['x-test-user'] = signedInAs;
  return handler(new Request('http://localhost/v1/me/metadata', { method: 'PATCH', headers, body }));
}

beforeEach(async () => {
  handler = createMetadataHandler({
    secretKey,
    store: memoryStore(),
    authenticate: (request) => request.headers.get('x-test-user'),
  });
  const created = await backendRequest(
    handler,
    'POST',
    '/v1/users',
    JSON.stringify({
      public_metadata: { role: 'member' },
      private_metadata: { stripe: 'cus_1' },
      unsafe_metadata: { theme: 'dark', layout: { sidebar: true, density: 'compact' } },
    }),
  );
  userId = ((await created.json()) as { id: string }).id;
});

describe('PATCH /v1/me/metadata', () => {
  it('deep-merges unsafe_metadata (null deletes) and answers without private_metadata', async () => {
    // Arrange
    const form = { unsafe_metadata: JSON.stringify({ theme: 'light', layout: { density: null } }) };

    // Act
    const response = await frontendPatch(form);
    const envelope = (await response.json()) as { response: Record<string, unknown>; client: Record<string, unknown> };
    const body = envelope.response;

    // Assert: the Frontend API's envelope, { response: user, client }.
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(Object.keys(envelope)).toEqual(['response', 'client']);
    expect(envelope.client['object']).toBe('client');
    expect(body['object']).toBe('user');
    expect(body['unsafe_metadata']).toEqual({ theme: 'light', layout: { sidebar: true } });
    expect(body['public_metadata']).toEqual({ role: 'member' });
    expect(Object.hasOwn(body, 'private_metadata')).toBe(false);
    expect(JSON.stringify(envelope)).not.toContain('cus_1');
    const stored = (await readRaw(handler, `/v1/users/${userId}`)) as Record<string, unknown>;
    expect(stored['unsafe_metadata']).toEqual({ theme: 'light', layout: { sidebar: true } });
    expect(stored['private_metadata']).toEqual({ stripe: 'cus_1' });
  });

  it('needs no secret key: the authenticate hook decides', async () => {
    // Arrange / Act
    const response = await frontendPatch({ unsafe_metadata: '{"a":1}' });

    // Assert
    expect(response.status).toBe(200);
  });

  const refused: { name: string; form: Record<string, string> | string; signedInAs?: string | null; contentType?: string; status: number; code: string; paramName?: string }[] = [
    { name: 'writing public_metadata', form: { unsafe_metadata: '{}', public_metadata: '{"role":"admin"}' }, status: 422, code: 'unknown_field', paramName: 'public_metadata' },
    { name: 'writing private_metadata', form: { unsafe_metadata: '{"a":1}', private_metadata: '{"stripe":null}' }, status: 422, code: 'unknown_field', paramName: 'private_metadata' },
    { name: 'writing only public_metadata', form: { public_metadata: '{"role":"admin"}' }, status: 422, code: 'form_param_missing', paramName: 'unsafe_metadata' },
    { name: 'an unknown form field', form: { unsafe_metadata: '{}', nickname: '"x"' }, status: 422, code: 'unknown_field', paramName: 'nickname' },
    { name: 'an empty body', form: '', status: 422, code: 'form_param_missing', paramName: 'unsafe_metadata' },
    { name: 'unsafe_metadata that is not JSON', form: { unsafe_metadata: '{theme:1}' }, status: 400, code: 'request_body_invalid', paramName: 'unsafe_metadata' },
    { name: 'unsafe_metadata that is a JSON string', form: { unsafe_metadata: '"dark"' }, status: 422, code: 'invalid_field_type', paramName: 'unsafe_metadata' },
    { name: 'unsafe_metadata over 8192 bytes', form: { unsafe_metadata: JSON.stringify({ s: 'x'.repeat(9000) }) }, status: 422, code: 'too_large', paramName: 'unsafe_metadata' },
    { name: 'unsafe_metadata given twice', form: 'unsafe_metadata=%7B%7D&unsafe_metadata=%7B%7D', status: 400, code: 'request_body_invalid', paramName: 'unsafe_metadata' },
    { name: 'a JSON body', form: '{"unsafe_metadata":{}}', contentType: 'application/json', status: 400, code: 'request_body_invalid' },
    { name: 'nobody signed in', form: { unsafe_metadata: '{"a":1}' }, signedInAs: null, status: 401, code: 'authentication_invalid' },
    { name: 'a signed-in user who does not exist', form: { unsafe_metadata: '{"a":1}' }, signedInAs: 'user_ghost', status: 404, code: 'resource_not_found' },
  ];

  it.each(refused)('refuses $name: $status $code, nothing changed', async (testCase) => {
    // Arrange
    const before = await readRaw(handler, `/v1/users/${userId}`);

    // Act
    const response = await frontendPatch(testCase.form, testCase.signedInAs === undefined ? userId : testCase.signedInAs, testCase.contentType);

    // Assert
    expect(await errorOf(response)).toEqual({
      status: testCase.status,
      code: testCase.code,
      ...(testCase.paramName === undefined ? {} : { paramName: testCase.paramName }),
    });
    expect(await readRaw(handler, `/v1/users/${userId}`)).toEqual(before);
  });

  it('answers 401 to every frontend request when no authenticate hook is configured, even with the secret key', async () => {
    // Arrange
    const backendOnly = createMetadataHandler({ secretKey, store: memoryStore() });

    // Act
    const response = await backendOnly(
      new Request('http://localhost/v1/me/metadata', {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'unsafe_metadata=%7B%7D',
      }),
    );

    // Assert
    expect(await errorOf(response)).toEqual({ status: 401, code: 'authentication_invalid' });
  });

  it('answers 405 to other methods on /v1/me/metadata', async () => {
    // Arrange / Act
    const response = await handler(
      new Request('http://localhost/v1/me/metadata', { method: 'PUT', headers: { 'x-test-user': userId }, body: 'unsafe_metadata=%7B%7D' }),
    );

    // Assert
    expect(await errorOf(response)).toEqual({ status: 405, code: 'method_not_allowed' });
    expect(response.headers.get('allow')).toBe('PATCH');
  });
});
