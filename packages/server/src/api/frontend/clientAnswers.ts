import type { JsonObject } from '@metadata-semantics/core';
import type { StoredResource } from '../../store/metadataStore.js';
import { fail } from '../../http/serverErrors.js';
import type { RouteContext } from '../route.js';
import { clientJson, sessionJson } from './frontendJson.js';
import { isLiveSession, type ClientRecord, type SessionRecord } from './frontendSessions.js';
import { sessionTokenClaims } from './sessionTokenClaims.js';

/** A new session token for a live session: 501 when the handler has no signing key. */
export async function sessionToken(context: RouteContext, session: SessionRecord): Promise<string> {
  const signer = (await context.auth.signer()) ?? fail({ code: 'operation_not_implemented', message: 'not implemented here', longMessage: 'Session tokens need the handler\'s frontendApi option (a signing key).' });
  const { auth } = context;
  return signer.sign(
    sessionTokenClaims({ userId: session.userId, sessionId: session.id, issuer: auth.issuer, origin: auth.origin, now: context.now(), lifetimeSeconds: auth.tokenLifetimeSeconds }),
  );
}

/** A session as JSON, with a fresh token while it is live; `undefined` when its user is gone. */
export async function sessionAnswer(context: RouteContext, session: SessionRecord, known?: StoredResource): Promise<JsonObject | undefined> {
  const user = known ?? (await context.store.get('user', session.userId));
  if (user === undefined) return undefined;
  const live = isLiveSession(session, context.now());
  return sessionJson(session, user, live ? await sessionToken(context, session) : null);
}

/**
 * The client as clerk-js wants it piggybacked on an answer: its live sessions, each with its user as the store
 * has it now (`user` replaces the stored one, when a route just wrote it) and a fresh token.
 */
export async function clientAnswer(context: RouteContext, client: ClientRecord, user?: StoredResource): Promise<JsonObject> {
  const now = context.now();
  const sessions: JsonObject[] = [];
  for (const session of context.auth.sessions.sessionsOf(client)) {
    if (!isLiveSession(session, now)) continue;
    const json = await sessionAnswer(context, session, user?.key === session.userId ? user : undefined);
    if (json !== undefined) sessions.push(json);
  }
  return clientJson(client, sessions);
}

/** The request's client: 401 when the browser has none (no `__client` cookie, or one this server does not know). */
export function requireClient(context: RouteContext): ClientRecord {
  return context.auth.client ?? fail({ code: 'authentication_invalid', message: 'signed out', longMessage: 'This browser has no client here: sign in first.' });
}

/** One session of the request's client, by id: 404 when the client has no such session. */
export function ownSession(context: RouteContext, client: ClientRecord, sessionId: string): SessionRecord {
  const session = client.sessionIds.includes(sessionId) ? context.auth.sessions.session(sessionId) : undefined;
  return session ?? fail({ code: 'resource_not_found', message: 'not found', longMessage: `This client has no session ${JSON.stringify(sessionId)}.` });
}
