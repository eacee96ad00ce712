import type { JsonObject } from '@metadata-semantics/core';
import type { StoredResource } from '../../store/metadataStore.js';
import { publicUserData } from '../membershipResource.js';
import { userJson } from '../userResource.js';
import { CLIENT_LIFETIME_MS, SESSION_LIFETIME_MS, type ClientRecord, type SessionRecord } from './frontendSessions.js';

// The Frontend API's resources as Clerk's description shapes them; timestamps in milliseconds.

const DAY = 86_400_000;

/** A session with its user and, while it is active, its newest token (clerk-js hands it to the page's backend). */
export function sessionJson(session: SessionRecord, user: StoredResource, token: string | null): JsonObject {
  const { user_id: _userId, ...userData } = publicUserData(user);
  return {
    object: 'session',
    id: session.id,
    status: session.status,
    expire_at: session.createdAt + SESSION_LIFETIME_MS,
    abandon_at: session.createdAt + 30 * DAY,
    last_active_at: session.updatedAt,
    last_active_token: token === null ? null : { object: 'token', jwt: token },
    last_active_organization_id: null,
    actor: null,
    tasks: null,
    user: userJson(user, 'frontend'),
    public_user_data: { ...userData, user_id: user.key },
    factor_verification_age: [0, -1],
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** A client (a browser) with the sessions given. */
export function clientJson(client: ClientRecord, sessions: readonly JsonObject[]): JsonObject {
  return {
    object: 'client',
    id: client.id,
    sessions: [...sessions],
    sign_in: null,
    sign_up: null,
    last_active_session_id: client.lastActiveSessionId,
    last_authentication_strategy: null,
    cookie_expires_at: client.createdAt + CLIENT_LIFETIME_MS,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

/** A sign-in by ticket, complete: it created `sessionId`. */
export function ticketSignInJson(id: string, sessionId: string, now: number): JsonObject {
  return {
    object: 'sign_in_attempt',
    id,
    status: 'complete',
    supported_identifiers: [],
    supported_first_factors: [],
    supported_second_factors: null,
    first_factor_verification: { object: 'verification_ticket', status: 'verified', strategy: 'ticket', attempts: null, expire_at: null },
    second_factor_verification: null,
    identifier: null,
    user_data: null,
    created_session_id: sessionId,
    abandon_at: now + DAY,
  };
}
