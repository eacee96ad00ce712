import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp, type NodeHttpServer } from '../node.js';
import type { ConsoleAssets } from '../cli/console/consoleAssets.js';
import { createConsoleSessions, type ConsoleSessions } from '../cli/console/consoleSessions.js';
import { withConsole } from '../cli/console/withConsole.js';

// The console's promise of safety, over HTTP through serveNodeHttp as the CLI serves it: its page and files and
// the API routes its script calls show nothing without the one-time sign-in; the sign-in's cookie opens the
// API only together with the console's header (CSRF); bearer-key requests are untouched.

const SECRET_KEY = 'sk_test_console';
const CONSOLE = { 'x-metadata-semantics-console': '1' };
const PAGE = '<!doctype html><title>the console page</title>';
const assets: ConsoleAssets = new Map([
  ['', { body: new TextEncoder().encode(PAGE), contentType: 'text/html; charset=utf-8' }],
  ['console.js', { body: new TextEncoder().encode('/* the script */'), contentType: 'text/javascript; charset=utf-8' }],
  ['console.css', { body: new TextEncoder().encode('/* the style */'), contentType: 'text/css; charset=utf-8' }],
]);

let server: NodeHttpServer;
let sessions: ConsoleSessions;
const tokens: string[] = [];
let userId: string;

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
const asKey = { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' };

/** Signs in with the current token: the session cookie, as `name=value`. */
async function signIn(): Promise<string> {
  const response = await get(`/console/sign-in?token=${sessions.token()}`);
  expect(response.status).toBe(303);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

beforeAll(async () => {
  const handler = createMetadataHandler({ secretKey: SECRET_KEY, store: memoryStore() });
  sessions = createConsoleSessions((token) => tokens.push(token));
  server = await serveNodeHttp(withConsole(handler, { secretKey: SECRET_KEY, assets, sessions }), { port: 0 });
  const created = await fetch(`${server.url}/v1/users`, { method: 'POST', headers: asKey, body: JSON.stringify({ email_address: ['ada@example.com'], public_metadata: { secret: 'only for the signed-in' } }) });
  userId = ((await created.json()) as { id: string }).id;
});

afterAll(() => server.close());

describe('the console without its sign-in', () => {
  it.each(['/console/', '/console/console.js', '/console/console.css', '/console/anything'])('answers %s 401 with a note and none of the console', async (path) => {
    const response = await get(path);
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
    expect(text).not.toContain('the console page');
    expect(text).not.toMatch(/the script|the style/);
  });

  it('answers 401 to every API route the console calls, with its header, and shows no data', async () => {
    const calls = [
      ['GET', '/v1/users?limit=20&offset=0&query=ada'],
      ['GET', '/v1/users/count'],
      ['GET', `/v1/users/${userId}`],
      ['PATCH', `/v1/users/${userId}/metadata`],
      ['PUT', `/v1/users/${userId}/metadata`],
      ['GET', '/v1/organizations'],
      ['GET', `/v1/users/${userId}/organization_memberships`],
    ] as const;
    for (const [method, path] of calls) {
      const response = await fetch(`${server.url}${path}`, { method, headers: { ...CONSOLE, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{"public_metadata":{"x":1}}' }) });
      expect([method, path, response.status]).toEqual([method, path, 401]);
      expect(await response.text()).not.toContain('only for the signed-in');
    }
  });

  it('redirects /console to /console/, where the page’s relative paths resolve', async () => {
    const response = await get('/console');
    expect([response.status, response.headers.get('location')]).toEqual([308, '/console/']);
  });
});

describe('the console’s sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie once per printed URL, and prints the next one', async () => {
    const token = sessions.token();
    const response = await get(`/console/sign-in?token=${token}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console/');
    expect(response.headers.get('set-cookie')).toMatch(/^metadata_semantics_console_\d+=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(tokens.at(-1)).toBe(sessions.token());
    expect(sessions.token()).not.toBe(token);

    const again = await get(`/console/sign-in?token=${token}`);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it.each(['', 'token=', 'token=wrong'])('refuses a sign-in URL with %j', async (query) => {
    const response = await get(`/console/sign-in?${query}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('serves the page and its files, under a strict CSP, to a signed-in browser', async () => {
    const cookie = await signIn();
    const page = await get('/console/', { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe(PAGE);
    const script = await get('/console/console.js', { cookie });
    expect([script.status, script.headers.get('content-type'), await script.text()]).toEqual([200, 'text/javascript; charset=utf-8', '/* the script */']);
  });

  it('does not take a made-up or another port’s session', async () => {
    const cookie = await signIn();
    const [name, value] = cookie.split('=') as [string, string];
    expect((await get('/console/', { cookie: `${name}=x${value}` })).status).toBe(401);
    expect((await get('/console/', { cookie: `metadata_semantics_console_1=${value}` })).status).toBe(401);
  });
});

describe('the API with the console’s cookie', () => {
  it('answers with the secret key only when the console’s header comes with the cookie', async () => {
    const cookie = await signIn();
    expect((await get('/v1/users', { cookie })).status).toBe(401);
    expect((await get('/v1/users', { cookie, 'x-metadata-semantics-console': '0' })).status).toBe(401);
    const listed = await get('/v1/users', { cookie, ...CONSOLE });
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain('only for the signed-in');
  });

  it('refuses the console’s request from a page of another origin or site', async () => {
    const cookie = await signIn();
    const host = new URL(server.url).host;
    expect((await get('/v1/users', { cookie, ...CONSOLE, origin: 'http://attacker.example' })).status).toBe(401);
    expect((await get('/v1/users', { cookie, ...CONSOLE, 'sec-fetch-site': 'same-site' })).status).toBe(401);
    expect((await get('/v1/users', { cookie, ...CONSOLE, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('passes a write’s body through to the handler', async () => {
    const cookie = await signIn();
    const response = await fetch(`${server.url}/v1/users/${userId}/metadata`, {
      method: 'PATCH',
      headers: { cookie, ...CONSOLE, 'content-type': 'application/json' },
      body: JSON.stringify({ public_metadata: { nested: { keep: 1, drop: null } } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { public_metadata: unknown }).public_metadata).toEqual({ secret: 'only for the signed-in', nested: { keep: 1 } });
  });

  it('leaves requests with the secret key as they were', async () => {
    const response = await get(`/v1/users/${userId}`, asKey);
    expect(response.status).toBe(200);
    expect((await get('/v1/users', { authorization: 'Bearer wrong', ...CONSOLE })).status).toBe(401);
  });
});
