import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deepMergeWithNullDeletion, type JsonObject } from '@metadata-semantics/core';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  clerkErrors,
  clientJson,
  completedTicketSignIn,
  environmentJson,
  sessionJson,
  type FakeClient,
  type FakeSession,
  type FakeUser,
} from './fapiShapes.js';

// A stand-in Frontend API, only to watch what clerk-js sends: it answers the few operations
// a ticket sign-in and metadata edit need, with the shapes of Clerk's description, and
// records every request exactly as it arrived. It is no model for the server: no checks
// beyond what keeps clerk-js going.

/** One request as the fake Frontend API received it. */
export interface ObservedRequest {
  /** The HTTP method on the wire. */
  readonly method: string;
  /** `_method` from the query, when clerk-js overrides the method. */
  readonly override: string | null;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The form-encoded body's fields, `null` when there was no body. */
  readonly form: Readonly<Record<string, string>> | null;
  readonly headers: { readonly origin: string | null; readonly cookie: string | null; readonly contentType: string | null; readonly authorization: string | null };
  status?: number;
  setCookie?: readonly string[];
}

/** A running {@link startFakeFapi}. */
export interface FakeFapi {
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly ObservedRequest[];
  /** Makes a user the fake knows and returns a single-use sign-in ticket for them. */
  ticketFor(userId: string): string;
  /** The public key session tokens are signed with. */
  readonly jwk: JWK;
  user(userId: string): FakeUser | undefined;
  close(): Promise<void>;
}

interface State {
  readonly users: Map<string, FakeUser>;
  readonly clients: Map<string, FakeClient>;
  readonly sessions: Map<string, FakeSession>;
  readonly tickets: Map<string, string>;
  readonly privateKey: CryptoKey;
  readonly issuer: string;
}

type Answer = { status: number; body: unknown; client?: FakeClient };

const id = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;
const kid = 'ins_fake';

/** Starts the fake Frontend API on `127.0.0.1`; `issuer` becomes the tokens' `iss`. */
export async function startFakeFapi(): Promise<FakeFapi> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const requests: ObservedRequest[] = [];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: State = { users: new Map(), clients: new Map(), sessions: new Map(), tickets: new Map(), privateKey, issuer: url };
  server.on('request', (request, response) => void serve(state, requests, request, response));
  return {
    url,
    requests,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    ticketFor(userId) {
      if (!state.users.has(userId)) {
        const now = Date.now();
        state.users.set(userId, { id: userId, publicMetadata: {}, privateMetadata: {}, unsafeMetadata: {}, createdAt: now, updatedAt: now });
      }
      const ticket = id('ticket');
      state.tickets.set(ticket, userId);
      return ticket;
    },
    user: (userId) => state.users.get(userId),
    close: () => closeServer(server),
  };
}

async function serve(state: State, requests: ObservedRequest[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://fapi');
  const text = await readBody(request);
  const observed: ObservedRequest = {
    method: request.method ?? '',
    override: url.searchParams.get('_method'),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    form: text === '' ? null : Object.fromEntries(new URLSearchParams(text)),
    headers: {
      origin: request.headers.origin ?? null,
      cookie: request.headers.cookie ?? null,
      contentType: request.headers['content-type'] ?? null,
      authorization: request.headers.authorization ?? null,
    },
  };
  requests.push(observed);
  const origin = request.headers.origin;
  if (origin !== undefined) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-allow-credentials', 'true');
    response.setHeader('vary', 'Origin');
  }
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'GET, POST, PATCH, PUT, DELETE');
    response.setHeader('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '');
    observed.status = 204;
    response.writeHead(204).end();
    return;
  }
  const client = clientFromCookie(state, request.headers.cookie);
  const answer = await route(state, observed, client, request.headers.origin ?? '');
  if (answer.client !== undefined && answer.client !== client) {
    const cookie = `__client=${answer.client.id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`;
    response.setHeader('set-cookie', cookie);
    observed.setCookie = [cookie];
  }
  observed.status = answer.status;
  response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
}

async function route(state: State, request: ObservedRequest, client: FakeClient | undefined, origin: string): Promise<Answer> {
  const method = request.method === 'POST' && request.override !== null ? request.override : request.method;
  const path = request.path.replace(/^\/v1/, '');
  const now = Date.now();
  const wrap = (response: unknown, withClient: FakeClient | undefined = client): Answer => ({
    status: 200,
    body: { response, client: withClient === undefined ? null : clientWire(state, withClient) },
    ...(withClient === undefined ? {} : { client: withClient }),
  });
  if (path === '/environment' && (method === 'GET' || method === 'PATCH')) return { status: 200, body: environmentJson(now) };
  if (path === '/client' && method === 'GET') return { status: 200, body: { response: client === undefined ? null : clientWire(state, client), client: null } };
  if (path === '/client/sign_ins' && method === 'POST') return signInWithTicket(state, request.form ?? {}, client, origin, wrap);
  const sessionAction = /^\/client\/sessions\/([^/]+)\/(touch|tokens|end|remove)$/.exec(path);
  if (sessionAction !== null && method === 'POST') {
    const session = client === undefined ? undefined : ownSession(state, client, sessionAction[1]!);
    if (client === undefined || session === undefined) return { status: 404, body: clerkErrors('resource_not_found', 'No session with this id on this client.') };
    const user = state.users.get(session.userId)!;
    switch (sessionAction[2]) {
      case 'touch':
        client.lastActiveSessionId = session.id;
        return wrap(sessionJson(session, user));
      case 'tokens':
        session.lastToken = await sessionToken(state, session, origin);
        return { status: 200, body: { object: 'token', jwt: session.lastToken } };
      default:
        session.status = sessionAction[2] === 'end' ? 'ended' : 'removed';
        if (client.lastActiveSessionId === session.id) client.lastActiveSessionId = null;
        return wrap(sessionJson(session, user));
    }
  }
  if (path === '/client/sessions' && method === 'DELETE' && client !== undefined) {
    for (const sessionId of client.sessionIds) state.sessions.get(sessionId)!.status = 'removed';
    client.lastActiveSessionId = null;
    return wrap(clientWire(state, client));
  }
  if (path === '/me' || path === '/me/metadata') {
    const session = client === undefined ? undefined : ownSession(state, client, request.query['_clerk_session_id'] ?? client.lastActiveSessionId ?? '');
    if (session === undefined) return { status: 401, body: clerkErrors('signed_out', 'No active session.') };
    const user = state.users.get(session.userId)!;
    if (path === '/me' && method === 'GET') return wrap(sessionJson(session, user)['user']);
    if (path === '/me/metadata' && method === 'PATCH') {
      const patch = JSON.parse(request.form?.['unsafe_metadata'] ?? '{}') as JsonObject;
      user.unsafeMetadata = deepMergeWithNullDeletion(user.unsafeMetadata as JsonObject, patch);
      user.updatedAt = now;
      return wrap(sessionJson(session, user)['user']);
    }
  }
  return { status: 404, body: clerkErrors('resource_not_found', `${method} ${request.path} is not served by the fake Frontend API.`) };
}

async function signInWithTicket(
  state: State,
  form: Readonly<Record<string, string>>,
  existing: FakeClient | undefined,
  origin: string,
  wrap: (response: unknown, client?: FakeClient) => Answer,
): Promise<Answer> {
  const userId = form['strategy'] === 'ticket' ? state.tickets.get(form['ticket'] ?? '') : undefined;
  if (userId === undefined) return { status: 422, body: clerkErrors('form_param_invalid', 'Only an unused ticket signs in here.') };
  state.tickets.delete(form['ticket']!);
  const now = Date.now();
  const client = existing ?? { id: id('client'), sessionIds: [], lastActiveSessionId: null, signIn: null, createdAt: now, updatedAt: now };
  state.clients.set(client.id, client);
  const session: FakeSession = { id: id('sess'), userId, status: 'active', createdAt: now, updatedAt: now, lastToken: '' };
  session.lastToken = await sessionToken(state, session, origin);
  state.sessions.set(session.id, session);
  client.sessionIds.push(session.id);
  client.signIn = completedTicketSignIn(id('sia'), session.id, now);
  client.updatedAt = now;
  const answer = wrap(client.signIn, client);
  // A finished sign-in leaves the client, as Clerk's does once its session exists.
  client.signIn = null;
  return answer;
}

function clientWire(state: State, client: FakeClient) {
  const sessions = client.sessionIds
    .map((sessionId) => state.sessions.get(sessionId)!)
    .filter((session) => session.status === 'active')
    .map((session) => sessionJson(session, state.users.get(session.userId)!));
  return clientJson(client, sessions);
}

function ownSession(state: State, client: FakeClient, sessionId: string): FakeSession | undefined {
  const session = state.sessions.get(sessionId);
  return session !== undefined && client.sessionIds.includes(sessionId) && session.status === 'active' ? session : undefined;
}

function clientFromCookie(state: State, cookie: string | undefined): FakeClient | undefined {
  const value = /(?:^|;\s*)__client=([^;]+)/.exec(cookie ?? '')?.[1];
  return value === undefined ? undefined : state.clients.get(value);
}

// Longer than Clerk's 60 s, so that no background refresh lands in the middle of a recorded step.
const tokenSeconds = 300;

function sessionToken(state: State, session: FakeSession, origin: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: session.id, azp: origin, v: 2, fva: [0, -1] })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setSubject(session.userId)
    .setIssuer(state.issuer)
    .setIssuedAt(now)
    .setNotBefore(now - 10)
    .setExpirationTime(now + tokenSeconds)
    .sign(state.privateKey);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8').on('data', (part: string) => (text += part)).on('end', () => resolve(text)).on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
