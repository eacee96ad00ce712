import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { verifyToken } from '@clerk/backend';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore, type RsaPrivateJwk } from '../index.js';
import { newSigningKey } from '../cli/sessionSigningKey.js';
import { backendRequest, errorOf, secretKey, startServer } from './support/harness.js';
import { sendRaw } from './support/rawHttp.js';

// The Frontend API's refusals: tickets (forged, reused, expired, revoked, minted without the secret key), session
// tokens (forged, expired, another client's session), origins (CORS before anything else), and the method
// override only where clerk-js uses it.

type Handler = (request: Request) => Promise<Response>;

const page = 'http://127.0.0.1:5173';
const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
let signingKey: RsaPrivateJwk;
let jwtKey: string;
let clock: number;
let handler: Handler;
let ada: string;
let bob: string;

beforeAll(() => {
  signingKey = newSigningKey();
  jwtKey = createPublicKey({ key: { ...signingKey }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
});

async function createUser(name: string): Promise<string> {
  return ((await (await backendRequest(handler, 'POST', '/v1/users', JSON.stringify({ first_name: name }))).json()) as { id: string }).id;
}

async function ticketFor(userId: string, expiresInSeconds?: number): Promise<{ id: string; token: string }> {
  const body = JSON.stringify({ user_id: userId, ...(expiresInSeconds === undefined ? {} : { expires_in_seconds: expiresInSeconds }) });
  return (await (await backendRequest(handler, 'POST', '/v1/sign_in_tokens', body)).json()) as { id: string; token: string };
}

/** A Frontend API request from the page, as clerk-js sends it (form body, POST with `_method`). */
function fapi(path: string, options: { method?: string; body?: string; cookie?: string | null; origin?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.origin !== null) headers['origin'] = options.origin ?? page;
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  return handler(new Request(`http://127.0.0.1:3000/__clerk${path}`, { method, headers, ...(options.body === undefined ? {} : { body: options.body }) }));
}

/** Signs a new browser in with a ticket: its cookie, its session and the session's token. */
async function signIn(ticket: string, cookie?: string): Promise<{ cookie: string; session: string; token: string }> {
  const response = await fapi('/v1/client/sign_ins', { body: form({ strategy: 'ticket', ticket }), ...(cookie === undefined ? {} : { cookie }) });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { response: { created_session_id: string }; client: { sessions: { id: string; last_active_token: { jwt: string } }[] } };
  const session = body.response.created_session_id;
  const token = body.client.sessions.find((candidate) => candidate.id === session)!.last_active_token.jwt;
  return { cookie: cookie ?? response.headers.get('set-cookie')!.split(';')[0]!, session, token };
}

beforeEach(async () => {
  clock = Date.now();
  handler = createMetadataHandler({ secretKey, store: memoryStore(), now: () => clock, frontendApi: { signingKey, sessionTokenLifetimeSeconds: 30, publishableKey: 'pk_test_MTI3LjAuMC4xOjMwMDAk' } });
  ada = await createUser('Ada');
  bob = await createUser('Bob');
});

describe('sign-in tickets', () => {
  it('are made only with the secret key', async () => {
    const response = await handler(new Request('http://localhost/v1/sign_in_tokens', { method: 'POST', body: JSON.stringify({ user_id: ada }) }));
    expect(response.status).toBe(401);
  });

  it('sign in once: a reused, forged, revoked or expired ticket is refused with 422 at ticket, creating no session', async () => {
    const used = await ticketFor(ada);
    const first = await signIn(used.token);
    const revoked = await ticketFor(ada);
    expect((await backendRequest(handler, 'POST', `/v1/sign_in_tokens/${revoked.id}/revoke`)).status).toBe(200);
    const expiring = await ticketFor(ada, 60);
    clock += 60_000;
    for (const ticket of [used.token, `${used.token}x`, 'tkt_forged', revoked.token, expiring.token]) {
      const response = await fapi('/v1/client/sign_ins', { body: form({ strategy: 'ticket', ticket }), cookie: first.cookie });
      expect(response.status, ticket).toBe(422);
      expect(await errorOf(response)).toMatchObject({ code: 'form_param_format_invalid', paramName: 'ticket' });
    }
    const client = (await (await fapi('/v1/client', { cookie: first.cookie })).json()) as { response: { sessions: unknown[] } };
    expect(client.response.sessions).toHaveLength(1);
  });

  it('expire a second after their lifetime, not before', async () => {
    const ticket = await ticketFor(bob, 60);
    clock += 59_999;
    await expect(signIn(ticket.token)).resolves.toMatchObject({ session: expect.stringMatching(/^sess_/) });
  });
});

describe('session tokens', () => {
  it("carry Clerk's claims and header, and verify with @clerk/backend's jwtKey", async () => {
    const { session, token } = await signIn((await ticketFor(ada)).token);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { keys } = (await (await backendRequest(handler, 'GET', '/v1/jwks')).json()) as { keys: { kid: string }[] };
    expect(header).toEqual({ alg: 'RS256', kid: keys[0]!.kid, typ: 'JWT' });
    const iat = Math.floor(clock / 1000);
    const claims = await verifyToken(token, { jwtKey, authorizedParties: [page], clockSkewInMs: 0, skipJwksCache: true });
    expect(claims).toMatchObject({ sub: ada, sid: session, iss: 'http://127.0.0.1:3000', azp: page, iat, exp: iat + 30 });
  });

  it('are refused when forged, when signed by another key, and once expired', async () => {
    const { token } = await signIn((await ticketFor(ada)).token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: bob })).toString('base64url'), signature].join('.');
    const otherKey = createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey).export({ type: 'spki', format: 'pem' }).toString();
    await expect(verifyToken(forged, { jwtKey })).rejects.toThrow(/signature/i);
    await expect(verifyToken(token, { jwtKey: otherKey })).rejects.toThrow(/signature/i);
    // Issued by the handler's clock just over its 30 s lifetime plus the SDK's 5 s skew before the verifier's.
    clock = Date.now() - 36_000;
    const { token: expired } = await signIn((await ticketFor(ada)).token);
    await expect(verifyToken(expired, { jwtKey })).rejects.toThrow(/expired/i);
  });

  it("are made only for a live session of the browser's own client", async () => {
    const adaBrowser = await signIn((await ticketFor(ada)).token);
    const bobBrowser = await signIn((await ticketFor(bob)).token);
    const path = (session: string) => `/v1/client/sessions/${session}/tokens`;
    expect((await fapi(path(adaBrowser.session), { body: '', cookie: bobBrowser.cookie })).status).toBe(404);
    expect((await fapi(path(adaBrowser.session), { body: '', cookie: null })).status).toBe(401);
    expect((await fapi(`/v1/client/sessions/${adaBrowser.session}/remove`, { body: '', cookie: adaBrowser.cookie })).status).toBe(200);
    expect((await fapi(path(adaBrowser.session), { body: '', cookie: adaBrowser.cookie })).status).toBe(404);
  });
});

describe("the signed-in user's metadata from the Frontend API", () => {
  it("a session acts only on its own user: another client's session id is refused and changes nothing", async () => {
    const adaBrowser = await signIn((await ticketFor(ada)).token);
    const bobBrowser = await signIn((await ticketFor(bob)).token);
    const write = await fapi(`/v1/me/metadata?_method=PATCH&_clerk_session_id=${adaBrowser.session}`, {
      body: form({ unsafe_metadata: '{"owned":true}' }),
      cookie: bobBrowser.cookie,
    });
    expect(write.status).toBe(401);
    const ownWrite = await fapi('/v1/me/metadata?_method=PATCH', { body: form({ unsafe_metadata: '{"mine":true}' }), cookie: bobBrowser.cookie });
    expect(((await ownWrite.json()) as { response: { id: string } }).response.id).toBe(bob);
    const stored = (await (await backendRequest(handler, 'GET', `/v1/users/${ada}`)).json()) as { unsafe_metadata: unknown };
    expect(stored.unsafe_metadata).toEqual({});
  });

  it('public and private metadata are read-only from the frontend', async () => {
    const { cookie } = await signIn((await ticketFor(ada)).token);
    for (const field of ['public_metadata', 'private_metadata']) {
      const response = await fapi('/v1/me/metadata?_method=PATCH', { body: form({ unsafe_metadata: '{}', [field]: '{"role":"admin"}' }), cookie });
      expect(response.status, field).toBe(422);
    }
    const stored = (await (await backendRequest(handler, 'GET', `/v1/users/${ada}`)).json()) as { public_metadata: unknown; private_metadata: unknown };
    expect([stored.public_metadata, stored.private_metadata]).toEqual([{}, {}]);
  });
});

describe('origins', () => {
  it('refuse a page origin not allowed with 403, preflights too, before reading the client or the body', async () => {
    const { cookie } = await signIn((await ticketFor(ada)).token);
    for (const origin of ['http://127.0.0.2:5173', 'https://127.0.0.1:5173', 'http://127.0.0.1.example.com', 'null']) {
      const write = await fapi('/v1/me/metadata?_method=PATCH', { body: form({ unsafe_metadata: '{"evil":1}' }), cookie, origin });
      const preflight = await fapi('/v1/me/metadata', { method: 'OPTIONS', origin });
      expect([write.status, preflight.status, write.headers.get('access-control-allow-origin')], origin).toEqual([403, 403, null]);
    }
    const stored = (await (await backendRequest(handler, 'GET', `/v1/users/${ada}`)).json()) as { unsafe_metadata: unknown };
    expect(stored.unsafe_metadata).toEqual({});
  });

  it('answer an allowed origin, any port of 127.0.0.1 by default and the server\'s own, with credentials', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://127.0.0.1:1', 'http://127.0.0.1:3000']) {
      const preflight = await fapi('/v1/client', { method: 'OPTIONS', origin, cookie: null });
      const answer = await fapi('/v1/client', { origin, cookie: null });
      expect([preflight.status, answer.status], origin).toEqual([204, 200]);
      for (const response of [preflight, answer]) {
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      }
    }
  });

  it('answer a preflight over node:http as a 204 without a body or a Content-Length', async () => {
    const { server } = await startServer({ frontendApi: { signingKey } });
    try {
      const { port } = new URL(server.url);
      const request = `OPTIONS /__clerk/v1/me/metadata HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${page}\r\nAccess-Control-Request-Method: PATCH\r\nAccess-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n`;
      const answer = await sendRaw(Number(port), request);
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 204 No Content');
      expect(answer).toMatch(new RegExp(`^access-control-allow-origin: ${page}\r$`, 'mi'));
      expect(answer).toMatch(/^access-control-allow-headers: content-type\r$/im);
      expect(answer).not.toMatch(/^content-length:/im);
    } finally {
      await server.close();
    }
  });

  it('are configurable: only the listed ones (and the server\'s own) are allowed', async () => {
    handler = createMetadataHandler({ secretKey, frontendApi: { signingKey, allowedOrigins: ['http://localhost:5173', 'http://app.test:*'] } });
    const statuses = await Promise.all(
      ['http://localhost:5173', 'http://app.test:8080', 'http://127.0.0.1:3000', 'http://localhost:5174', 'http://127.0.0.1:5173'].map(async (origin) => (await fapi('/v1/environment', { origin })).status),
    );
    expect(statuses).toEqual([200, 200, 200, 403, 403]);
    expect(() => createMetadataHandler({ secretKey, frontendApi: { signingKey, allowedOrigins: ['http://127.0.0.1:*/path'] } })).toThrow(TypeError);
  });
});

describe('the method override', () => {
  it('turns only a POST into PATCH, PUT or DELETE', async () => {
    const { cookie } = await signIn((await ticketFor(ada)).token);
    const viaGet = await fapi('/v1/client/sessions?_method=DELETE', { cookie });
    const viaPostGet = await fapi('/v1/me?_method=GET', { body: '', cookie });
    expect([viaGet.status, viaPostGet.status]).toEqual([405, 405]);
    expect((await fapi('/v1/client', { cookie })).status).toBe(200);
  });

  it('also reaches the development header\'s /v1/me/metadata, as clerk-js sends it', async () => {
    handler = createMetadataHandler({ secretKey, store: memoryStore(), authenticate: (request) => request.headers.get('x-user') });
    const user = await createUser('Cy');
    const response = await handler(
      new Request('http://localhost/v1/me/metadata?_method=PATCH', { method: 'POST', headers: { 'x-user': user, 'content-type': 'application/x-www-form-urlencoded' }, body: form({ unsafe_metadata: '{"a":1}' }) }),
    );
    expect(response.status).toBe(200);
  });
});

describe('paths and keys', () => {
  it("answer a Frontend API path this server does not serve with 501 naming it, with the page's CORS headers", async () => {
    const response = await fapi('/v1/me/organization_memberships');
    expect(response.status).toBe(501);
    expect(response.headers.get('access-control-allow-origin')).toBe(page);
    const { errors } = (await response.json()) as { errors: { code: string; long_message: string }[] };
    expect(errors[0]).toMatchObject({ code: 'operation_not_implemented', long_message: expect.stringContaining('GET /__clerk/v1/me/organization_memberships') });
  });

  it('take only an RSA-2048 signing key with exponent 65537', () => {
    const jwk = (options: { modulusLength: number; publicExponent?: number }) => generateKeyPairSync('rsa', options).privateKey.export({ format: 'jwk' }) as unknown as RsaPrivateJwk;
    for (const key of [jwk({ modulusLength: 3072 }), jwk({ modulusLength: 2048, publicExponent: 3 }), { kty: 'EC' } as unknown as RsaPrivateJwk]) {
      expect(() => createMetadataHandler({ secretKey, frontendApi: { signingKey: key } })).toThrow(TypeError);
    }
  });
});

