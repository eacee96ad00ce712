import type { JsonObject } from '@metadata-semantics/core';
import type { StoredResource } from '../../store/metadataStore.js';
import { publicUserData } from '../membershipResource.js';
import { userJson } from '../userResource.js';

// The signed-in user's session on this server: it has no sign-in of its own, so the session lasts as long as
// the `authenticate` hook says so, and its timestamps are those of the answer.
const DAY = 86_400_000;

/** A stable id derived from the user's, so that every answer names the same client and session. */
const derivedId = (prefix: string, userId: string): string => `${prefix}${userId.replace(/^user_/, '')}`;

/**
 * The Frontend API's answer to a request of the signed-in `user`: `{ response, client }`, where `response` is
 * the frontend view of the user and `client` the browser's client, with the user's one active session.
 */
export function clientWrappedUser(user: StoredResource, now: number): JsonObject {
  const frontendUser = userJson(user, 'frontend');
  const { user_id: _userId, ...userData } = publicUserData(user);
  const sessionId = derivedId('sess_', user.key);
  const session: JsonObject = {
    object: 'session',
    id: sessionId,
    status: 'active',
    expire_at: now + 7 * DAY,
    abandon_at: now + 30 * DAY,
    last_active_at: now,
    last_active_token: null,
    last_active_organization_id: null,
    actor: null,
    user: frontendUser,
    public_user_data: { ...userData, user_id: user.key },
    factor_verification_age: [0, -1],
    created_at: user.createdAt,
    updated_at: now,
  };
  const client: JsonObject = {
    object: 'client',
    id: derivedId('client_', user.key),
    sessions: [session],
    sign_in: null,
    sign_up: null,
    last_active_session_id: sessionId,
    last_authentication_strategy: null,
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: user.createdAt,
    updated_at: now,
  };
  return { response: frontendUser, client };
}
