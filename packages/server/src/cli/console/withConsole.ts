// The console served beside the API by the command line: its page and files at /console/ for a signed-in
// browser only, its one-time sign-in URL, and the Backend API opened to that browser's requests when they say
// they are the console's (the header a page of another origin cannot send without a CORS preflight).
import { pathnameOf } from '../../http/pathnameOf.js';
import { requestHeader } from '../../http/lazyRequest.js';
import type { ConsoleAssets } from './consoleAssets.js';
import type { ConsoleSessions } from './consoleSessions.js';

/** What the console adds to a handler. */
export interface ConsoleOptions {
  /** The key the console's requests are given, once their session and header are checked. */
  readonly secretKey: string;
  readonly assets: ConsoleAssets;
  readonly sessions: ConsoleSessions;
}

/** The header the console sends with every API request (packages/console, `createConsoleApi`). */
export const CONSOLE_HEADER = 'x-metadata-semantics-console';

export const CONSOLE_PATH = '/console/';
export const SIGN_IN_PATH = `${CONSOLE_PATH}sign-in`;

// The page loads only its own script and style; it calls only this origin; nothing may frame it.
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The cookie's name carries the port: browsers send a host's cookies to all its ports, and two servers may run. */
function cookieName(url: URL): string {
  return `metadata_semantics_console_${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (requestHeader(request, 'cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function signedIn(request: Request, url: URL, sessions: ConsoleSessions): boolean {
  const session = cookieValue(request, cookieName(url));
  return session !== undefined && sessions.isOpen(session);
}

function page(status: number, title: string, text: string, headers: Record<string, string> = {}): Response {
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n`;
  return new Response(html, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', ...headers } });
}

const notSignedIn = (): Response =>
  page(401, 'Sign in to the console', 'Open the one-time console sign-in URL that the server printed when it started (or the last one it printed).');

/**
 * A console request from a page of the origin it was sent to (by its Host: a server on 0.0.0.0 is reached by
 * other names than its own), as far as the browser says anything of it.
 */
function sameOrigin(request: Request, url: URL): boolean {
  const origin = requestHeader(request, 'origin');
  const site = requestHeader(request, 'sec-fetch-site');
  return (origin === null || origin === `${url.protocol}//${requestHeader(request, 'host') ?? url.host}`) && (site === null || site === 'same-origin');
}

/** The console's request, given the secret key in place of its cookie. */
function withSecretKey(request: Request, secretKey: string): Request {
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${secretKey}`);
  headers.delete('cookie');
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, signal: request.signal };
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null) {
    init.body = request.body;
    init.duplex = 'half';
  }
  return new Request(request.url, init);
}

function serveFile(request: Request, url: URL, name: string, options: ConsoleOptions): Response {
  if (name === 'sign-in') {
    const session = options.sessions.redeem(url.searchParams.get('token') ?? '');
    if (session === undefined) return page(401, 'This sign-in URL is used or wrong', 'Each console sign-in URL works once; open the last one the server printed.');
    const cookie = `${cookieName(url)}=${session}; HttpOnly; SameSite=Strict; Path=/`;
    return new Response(null, { status: 303, headers: { ...SECURITY_HEADERS, location: CONSOLE_PATH, 'set-cookie': cookie } });
  }
  if (!signedIn(request, url, options.sessions)) return notSignedIn();
  const asset = options.assets.get(name);
  if (asset === undefined) return page(404, 'Not found', 'The console has no such page.');
  const body = request.method === 'HEAD' ? null : asset.body;
  return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': asset.contentType } });
}

/**
 * The handler with the console: `/console/` (its page, script and style, 401 without a session), the sign-in
 * URL that opens a session (an `HttpOnly; SameSite=Strict` cookie), and the console's API requests, which carry
 * that cookie and the console's header, answered with the secret key. Every other request, one carrying the
 * cookie without the header included, reaches `handler` as it came.
 */
export function withConsole(handler: (request: Request) => Promise<Response>, options: ConsoleOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const pathname = pathnameOf(request.url);
    if (pathname === '/console' || pathname.startsWith(CONSOLE_PATH)) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return page(405, 'Method not allowed', 'The console’s pages are read with GET.', { allow: 'GET, HEAD' });
      if (pathname === '/console') return new Response(null, { status: 308, headers: { ...SECURITY_HEADERS, location: CONSOLE_PATH } });
      const url = new URL(request.url);
      return serveFile(request, url, pathname.slice(CONSOLE_PATH.length), options);
    }
    if (requestHeader(request, CONSOLE_HEADER) === '1') {
      const url = new URL(request.url);
      if (sameOrigin(request, url) && signedIn(request, url, options.sessions)) return handler(withSecretKey(request, options.secretKey));
    }
    return handler(request);
  };
}
