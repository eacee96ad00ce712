// Clerk's Backend API operations that let a browser sign in: sign-in tokens (tickets), testing tokens, and the
// public key of the session tokens.
import type { JsonObject } from '@metadata-semantics/core';
import { jsonAnswer } from '../../http/responses.js';
import { invalidParam, notFound } from '../../http/serverErrors.js';
import { randomId } from '../../shared/ids.js';
import { optionalCount, refuseUnknownParams, requiredString } from '../bodyParams.js';
import { DEFAULT_SIGN_IN_TOKEN_SECONDS, type SignInTokenRecord } from '../frontend/frontendSessions.js';
import { route, type Route, type RouteContext } from '../route.js';

/** How long a testing token lives (Clerk's: an hour). */
const TESTING_TOKEN_SECONDS = 3_600;

function signInTokenJson(token: SignInTokenRecord, withTicket: boolean): JsonObject {
  return {
    object: 'sign_in_token',
    id: token.id,
    status: token.status,
    user_id: token.userId,
    ...(withTicket ? { token: token.token } : {}),
    url: null,
    created_at: token.createdAt,
    updated_at: token.updatedAt,
  };
}

async function createSignInToken(context: RouteContext) {
  const body = await context.jsonBody();
  refuseUnknownParams(body, ['user_id', 'expires_in_seconds', 'org_id']);
  const userId = requiredString(body, 'user_id');
  const seconds = optionalCount(body, 'expires_in_seconds') ?? DEFAULT_SIGN_IN_TOKEN_SECONDS;
  if (seconds < 1) invalidParam('expires_in_seconds', 'expires_in_seconds must be at least 1.');
  if ((await context.store.get('user', userId)) === undefined) notFound('user', userId);
  return jsonAnswer(200, signInTokenJson(context.auth.sessions.newSignInToken(userId, seconds, context.now()), true));
}

async function revokeSignInToken(context: RouteContext<'sign_in_token_id'>) {
  const id = context.params.sign_in_token_id;
  const token = context.auth.sessions.revokeSignInToken(id, context.now()) ?? notFound('sign_in_token', id);
  return jsonAnswer(200, signInTokenJson(token, false));
}

/** A testing token: the Frontend API takes `__clerk_testing_token` and needs none (it has no bot protection). */
async function createTestingToken(context: RouteContext) {
  const expiresAt = Math.floor(context.now() / 1000) + TESTING_TOKEN_SECONDS;
  return jsonAnswer(200, { object: 'testing_token', token: `${expiresAt}-${randomId('')}`, expires_at: expiresAt });
}

/** The public key session tokens are signed with; none when the handler serves no Frontend API. */
async function getJwks(context: RouteContext) {
  const signer = await context.auth.signer();
  return jsonAnswer(200, { keys: signer === undefined ? [] : [signer.publicJwk] });
}

/** Sign-in tokens, testing tokens, and the JWKS. */
export const signInRoutes: readonly Route[] = [
  route({
    api: 'backend',
    method: 'POST',
    path: '/v1/sign_in_tokens',
    operation: 'CreateSignInToken',
    sdk: '`signInTokens.createSignInToken()`',
    answers: 'the sign-in token, with its `token` (the ticket)',
    statuses: [200, 403, 404, 422],
    deliberate: [400, 401],
    run: createSignInToken,
  }),
  route({
    api: 'backend',
    method: 'POST',
    path: '/v1/sign_in_tokens/:sign_in_token_id/revoke',
    operation: 'RevokeSignInToken',
    sdk: '`signInTokens.revokeSignInToken()`',
    answers: 'the sign-in token',
    statuses: [200, 400, 404],
    deliberate: [401],
    run: revokeSignInToken,
  }),
  route({
    api: 'backend',
    method: 'POST',
    path: '/v1/testing_tokens',
    operation: 'CreateTestingToken',
    sdk: "`testingTokens.createTestingToken()` (`@clerk/testing`'s `clerkSetup()`)",
    answers: 'the testing token',
    statuses: [200],
    deliberate: [401],
    run: createTestingToken,
  }),
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/jwks',
    operation: 'GetJWKS',
    sdk: '`jwks.getJwks()`, `authenticateRequest()` without `jwtKey`',
    answers: '`{ keys: [the session tokens\' public key] }`',
    statuses: [200],
    deliberate: [401],
    run: getJwks,
  }),
];
