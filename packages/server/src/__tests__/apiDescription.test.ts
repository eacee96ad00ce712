import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { backendRoutes, operations } from '../api/operations.js';
import * as schemas from './support/clerkSchemas.js';
import { secretKey } from './support/harness.js';
import { newSigningKey } from '../cli/sessionSigningKey.js';

// Every answer of every implemented operation, success and error, against response schemas written from
// Clerk's published API descriptions (version 2026-05-12), and each status against the ones the route table
// declares for the operation: those the description lists, and the deliberate differences docs/server.md names.

type Schema = Record<string, unknown>;

// The success answer's schema, keyed by Clerk's operationId, as the route table names them.
const successSchemas: Record<string, Schema> = {
  GetUserList: schemas.userList,
  CreateUser: schemas.user,
  GetUsersCount: schemas.totalCount,
  GetUser: schemas.user,
  UpdateUser: schemas.user,
  DeleteUser: schemas.deletedObject,
  UpdateUserMetadata: schemas.user,
  ReplaceUserMetadata: schemas.user,
  UsersGetOrganizationMemberships: schemas.memberships,
  ListOrganizations: schemas.organizations,
  CreateOrganization: schemas.organization,
  GetOrganization: schemas.organization,
  UpdateOrganization: schemas.organization,
  DeleteOrganization: schemas.deletedObject,
  MergeOrganizationMetadata: schemas.organization,
  ReplaceOrganizationMetadata: schemas.organization,
  ListOrganizationMemberships: schemas.memberships,
  CreateOrganizationMembership: schemas.membership,
  UpdateOrganizationMembership: schemas.membership,
  DeleteOrganizationMembership: schemas.membership,
  UpdateOrganizationMembershipMetadata: schemas.membership,
  InstanceGetOrganizationMemberships: schemas.memberships,
  getUser: schemas.clientWrappedUser,
  patchUserMetadata: schemas.clientWrappedUser,
  CreateSignInToken: schemas.signInToken,
  RevokeSignInToken: schemas.signInToken,
  CreateTestingToken: schemas.testingToken,
  GetJWKS: schemas.jwks,
  getEnvironment: schemas.environment,
  updateEnvironment: schemas.environment,
  getClient: schemas.clientWrappedClient,
  deleteClientSessions: schemas.deleteSession,
  removeClientSessionsAndRetainCookie: schemas.deleteSession,
  createSignIn: schemas.clientWrappedSignIn,
  touchSession: schemas.touchWrappedSession,
  createSessionToken: schemas.token,
  removeSession: schemas.clientWrappedSession,
  endSession: schemas.clientWrappedSession,
};

/** The statuses an operation may answer: Clerk's list, and the route table's deliberate additions. */
function answerable(operation: string): number[] {
  const declared = operations.find((route) => route.operation === operation)!;
  return [...declared.statuses, ...(declared.deliberate ?? [])];
}

interface Ids {
  ada: string;
  bob: string;
  acme: string;
  plain: string;
  /** The Frontend API's browser: its client (Ada signed in, and Bob twice more), sessions and tickets. */
  client: string;
  adaSession: string;
  spareSessions: string[];
  ticket: string;
  usedTicket: string;
  signInToken: string;
}

interface Call {
  readonly operation: string;
  readonly name: string;
  readonly method: string;
  readonly path: (ids: Ids) => string;
  readonly body?: unknown;
  readonly rawBody?: string;
  /** Sign in as this user (frontend); default Ada for frontend calls. */
  readonly as?: (ids: Ids) => string | null;
  readonly key?: string;
  /** The page's `Origin`, on a Frontend API call (under `/__clerk`). */
  readonly origin?: string;
  readonly status: number;
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

const calls: Call[] = [
  // Users
  { operation: 'GetUserList', name: 'all', method: 'GET', path: () => '/v1/users?limit=5&order_by=-created_at', status: 200 },
  { operation: 'GetUserList', name: 'filtered', method: 'GET', path: (ids) => `/v1/users?user_id=${ids.ada}&email_address=ada@example.com&query=ada`, status: 200 },
  { operation: 'GetUserList', name: 'bad limit', method: 'GET', path: () => '/v1/users?limit=0', status: 422 },
  { operation: 'GetUserList', name: 'bad order', method: 'GET', path: () => '/v1/users?order_by=shoe_size', status: 422 },
  { operation: 'GetUserList', name: 'wrong key', method: 'GET', path: () => '/v1/users', key: 'sk_test_wrong', status: 401 },
  { operation: 'CreateUser', name: 'every profile parameter', method: 'POST', path: () => '/v1/users', status: 200, body: {
    first_name: 'Cy', last_name: 'Young', locale: 'fr-FR', username: 'cy', external_id: 'ext_cy', email_address: ['cy@example.com', 'cy2@example.com'],
    email_address_identification_status: ['verified', 'reserved'], phone_number: ['+15555550101'], web3_wallet: ['0x1234567890abcdef1234567890abcdef12345678'],
    banned: false, locked: false, create_organization_enabled: false, create_organizations_limit: 3, delete_self_enabled: false,
    legal_accepted_at: '2024-01-02T03:04:05.678Z', created_at: '2023-01-01T00:00:00Z', bypass_client_trust: true, skip_password_checks: true,
    public_metadata: { a: 1 }, private_metadata: { b: 2 }, unsafe_metadata: { c: 3 },
  } },
  { operation: 'CreateUser', name: 'a bad parameter', method: 'POST', path: () => '/v1/users', body: { locale: 7 }, status: 422 },
  { operation: 'CreateUser', name: 'a timezone (unsupported)', method: 'POST', path: () => '/v1/users', body: { timezone: 'Europe/Paris' }, status: 422 },
  { operation: 'CreateUser', name: 'not JSON', method: 'POST', path: () => '/v1/users', rawBody: '{', status: 400 },
  { operation: 'GetUsersCount', name: 'all', method: 'GET', path: () => '/v1/users/count', status: 200 },
  { operation: 'GetUsersCount', name: 'an unsupported filter', method: 'GET', path: () => '/v1/users/count?banned=true', status: 422 },
  { operation: 'GetUsersCount', name: 'no key', method: 'GET', path: () => '/v1/users/count', key: '', status: 401 },
  { operation: 'GetUser', name: 'a user', method: 'GET', path: (ids) => `/v1/users/${ids.ada}`, status: 200 },
  { operation: 'GetUser', name: 'a missing user', method: 'GET', path: () => '/v1/users/user_missing', status: 404 },
  { operation: 'UpdateUser', name: 'profile fields', method: 'PATCH', path: (ids) => `/v1/users/${ids.bob}`, body: { first_name: 'Bobby', username: '', locale: 'de', create_organizations_limit: null }, status: 200 },
  { operation: 'UpdateUser', name: 'metadata (not taken at this version)', method: 'PATCH', path: (ids) => `/v1/users/${ids.bob}`, body: { public_metadata: {} }, status: 422 },
  { operation: 'UpdateUser', name: 'a missing user', method: 'PATCH', path: () => '/v1/users/user_missing', body: { first_name: 'x' }, status: 404 },
  { operation: 'UpdateUserMetadata', name: 'a merge', method: 'PATCH', path: (ids) => `/v1/users/${ids.ada}/metadata`, body: { public_metadata: { x: 1 } }, status: 200 },
  { operation: 'UpdateUserMetadata', name: 'a bad field', method: 'PATCH', path: (ids) => `/v1/users/${ids.ada}/metadata`, body: { public_metadata: 'x' }, status: 422 },
  { operation: 'UpdateUserMetadata', name: 'not JSON', method: 'PATCH', path: (ids) => `/v1/users/${ids.ada}/metadata`, rawBody: '[', status: 400 },
  { operation: 'ReplaceUserMetadata', name: 'a replace', method: 'PUT', path: (ids) => `/v1/users/${ids.ada}/metadata`, body: { private_metadata: { y: 2 } }, status: 200 },
  { operation: 'ReplaceUserMetadata', name: 'a missing user', method: 'PUT', path: () => '/v1/users/user_missing/metadata', body: {}, status: 404 },
  { operation: 'UsersGetOrganizationMemberships', name: 'a member', method: 'GET', path: (ids) => `/v1/users/${ids.ada}/organization_memberships`, status: 200 },
  { operation: 'UsersGetOrganizationMemberships', name: 'an unknown user: none', method: 'GET', path: () => '/v1/users/user_missing/organization_memberships', status: 200 },
  { operation: 'UsersGetOrganizationMemberships', name: 'a bad offset', method: 'GET', path: (ids) => `/v1/users/${ids.ada}/organization_memberships?offset=-1`, status: 422 },
  // Organizations
  { operation: 'ListOrganizations', name: 'with counts', method: 'GET', path: () => '/v1/organizations?include_members_count=true&order_by=-members_count', status: 200 },
  { operation: 'ListOrganizations', name: 'by query', method: 'GET', path: () => '/v1/organizations?query=acm&order_by=name', status: 200 },
  { operation: 'ListOrganizations', name: 'bad order', method: 'GET', path: () => '/v1/organizations?order_by=size', status: 422 },
  { operation: 'CreateOrganization', name: 'every parameter', method: 'POST', path: () => '/v1/organizations', status: 200, body: {
    name: 'Initech', slug: 'initech', max_allowed_memberships: 5, created_at: '2022-02-02T02:02:02Z', role_set_key: 'default', public_metadata: { p: 1 }, private_metadata: null,
  } },
  { operation: 'CreateOrganization', name: 'no name', method: 'POST', path: () => '/v1/organizations', body: {}, status: 422 },
  { operation: 'CreateOrganization', name: 'an unknown creator', method: 'POST', path: () => '/v1/organizations', body: { name: 'Nobody’s', created_by: 'user_missing' }, status: 422 },
  { operation: 'CreateOrganization', name: 'a taken slug', method: 'POST', path: () => '/v1/organizations', body: { name: 'Acme again', slug: 'acme' }, status: 422 },
  { operation: 'GetOrganization', name: 'by id', method: 'GET', path: (ids) => `/v1/organizations/${ids.acme}?include_members_count=true`, status: 200 },
  { operation: 'GetOrganization', name: 'by slug', method: 'GET', path: () => '/v1/organizations/acme', status: 200 },
  { operation: 'GetOrganization', name: 'without a creator', method: 'GET', path: (ids) => `/v1/organizations/${ids.plain}`, status: 200 },
  { operation: 'GetOrganization', name: 'a missing one', method: 'GET', path: () => '/v1/organizations/org_missing', status: 404 },
  { operation: 'UpdateOrganization', name: 'attributes', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.plain}`, body: { name: 'Plain Co', slug: 'plain-co', admin_delete_enabled: false, max_allowed_memberships: 9 }, status: 200 },
  { operation: 'UpdateOrganization', name: 'a bad slug', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.plain}`, body: { slug: 'Not A Slug' }, status: 422 },
  { operation: 'UpdateOrganization', name: 'a missing one', method: 'PATCH', path: () => '/v1/organizations/org_missing', body: { name: 'x' }, status: 404 },
  { operation: 'MergeOrganizationMetadata', name: 'a merge', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.acme}/metadata`, body: { public_metadata: { m: 1 } }, status: 200 },
  { operation: 'MergeOrganizationMetadata', name: 'unsafe metadata', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.acme}/metadata`, body: { unsafe_metadata: {} }, status: 422 },
  { operation: 'ReplaceOrganizationMetadata', name: 'a replace', method: 'PUT', path: (ids) => `/v1/organizations/${ids.acme}/metadata`, body: { private_metadata: { r: 1 } }, status: 200 },
  { operation: 'ReplaceOrganizationMetadata', name: 'a missing one', method: 'PUT', path: () => '/v1/organizations/org_missing/metadata', body: {}, status: 404 },
  // Memberships
  { operation: 'ListOrganizationMemberships', name: 'all', method: 'GET', path: (ids) => `/v1/organizations/${ids.acme}/memberships?order_by=first_name`, status: 200 },
  { operation: 'ListOrganizationMemberships', name: 'filtered', method: 'GET', path: (ids) => `/v1/organizations/${ids.acme}/memberships?user_id=-${ids.bob}&role=org:admin`, status: 200 },
  { operation: 'ListOrganizationMemberships', name: 'an unknown organization: none', method: 'GET', path: () => '/v1/organizations/org_missing/memberships', status: 200 },
  { operation: 'ListOrganizationMemberships', name: 'an unsupported filter', method: 'GET', path: (ids) => `/v1/organizations/${ids.acme}/memberships?query=x`, status: 422 },
  { operation: 'CreateOrganizationMembership', name: 'with metadata', method: 'POST', path: (ids) => `/v1/organizations/${ids.plain}/memberships`, body: { user_id: 'BOB', role: 'org:member', public_metadata: { seat: 1 }, private_metadata: { note: 'x' } }, status: 200 },
  { operation: 'CreateOrganizationMembership', name: 'a missing user', method: 'POST', path: (ids) => `/v1/organizations/${ids.acme}/memberships`, body: { user_id: 'user_missing', role: 'org:member' }, status: 404 },
  { operation: 'CreateOrganizationMembership', name: 'a second time', method: 'POST', path: (ids) => `/v1/organizations/${ids.acme}/memberships`, body: { user_id: 'BOB', role: 'org:member' }, status: 422 },
  { operation: 'UpdateOrganizationMembership', name: 'a role', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.acme}/memberships/${ids.bob}`, body: { role: 'org:admin' }, status: 200 },
  { operation: 'UpdateOrganizationMembership', name: 'no role', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.acme}/memberships/${ids.bob}`, body: {}, status: 422 },
  { operation: 'UpdateOrganizationMembership', name: 'not a member', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.plain}/memberships/${ids.ada}`, body: { role: 'org:admin' }, status: 404 },
  { operation: 'UpdateOrganizationMembershipMetadata', name: 'a merge', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.acme}/memberships/${ids.bob}/metadata`, body: { public_metadata: { k: 1 } }, status: 200 },
  { operation: 'UpdateOrganizationMembershipMetadata', name: 'a bad field', method: 'PATCH', path: (ids) => `/v1/organizations/${ids.acme}/memberships/${ids.bob}/metadata`, body: { role: 'x' }, status: 422 },
  { operation: 'InstanceGetOrganizationMemberships', name: 'all', method: 'GET', path: () => '/v1/organization_memberships?limit=2&offset=1', status: 200 },
  { operation: 'InstanceGetOrganizationMemberships', name: 'bad limit', method: 'GET', path: () => '/v1/organization_memberships?limit=501', status: 422 },
  { operation: 'DeleteOrganizationMembership', name: 'a member', method: 'DELETE', path: (ids) => `/v1/organizations/${ids.plain}/memberships/${ids.bob}`, status: 200 },
  { operation: 'DeleteOrganizationMembership', name: 'not a member', method: 'DELETE', path: (ids) => `/v1/organizations/${ids.plain}/memberships/${ids.bob}`, status: 404 },
  // Frontend
  { operation: 'getUser', name: 'the signed-in user', method: 'GET', path: () => '/v1/me', status: 200 },
  { operation: 'getUser', name: 'nobody signed in', method: 'GET', path: () => '/v1/me', as: () => null, status: 401 },
  { operation: 'getUser', name: 'a signed-in user who does not exist', method: 'GET', path: () => '/v1/me', as: () => 'user_ghost', status: 404 },
  { operation: 'patchUserMetadata', name: 'a merge', method: 'PATCH', path: () => '/v1/me/metadata', rawBody: 'unsafe_metadata=%7B%22t%22%3A1%7D', status: 200 },
  { operation: 'patchUserMetadata', name: 'private metadata', method: 'PATCH', path: () => '/v1/me/metadata', rawBody: 'unsafe_metadata=%7B%7D&private_metadata=%7B%7D', status: 422 },
  { operation: 'patchUserMetadata', name: 'not JSON', method: 'PATCH', path: () => '/v1/me/metadata', rawBody: 'unsafe_metadata=%7B', status: 400 },
  // Sign-in tokens, testing tokens, JWKS
  { operation: 'CreateSignInToken', name: 'for a user', method: 'POST', path: () => '/v1/sign_in_tokens', body: { user_id: 'BOB', expires_in_seconds: 60 }, status: 200 },
  { operation: 'CreateSignInToken', name: 'for a missing user', method: 'POST', path: () => '/v1/sign_in_tokens', body: { user_id: 'user_missing' }, status: 404 },
  { operation: 'CreateSignInToken', name: 'without a user', method: 'POST', path: () => '/v1/sign_in_tokens', body: {}, status: 422 },
  { operation: 'RevokeSignInToken', name: 'a token', method: 'POST', path: (ids) => `/v1/sign_in_tokens/${ids.signInToken}/revoke`, status: 200 },
  { operation: 'RevokeSignInToken', name: 'a missing token', method: 'POST', path: () => '/v1/sign_in_tokens/sit_missing/revoke', status: 404 },
  { operation: 'CreateTestingToken', name: 'a token', method: 'POST', path: () => '/v1/testing_tokens', status: 200 },
  { operation: 'CreateTestingToken', name: 'wrong key', method: 'POST', path: () => '/v1/testing_tokens', key: 'sk_test_wrong', status: 401 },
  { operation: 'GetJWKS', name: 'the signing key', method: 'GET', path: () => '/v1/jwks', status: 200 },
  { operation: 'GetJWKS', name: 'wrong key', method: 'GET', path: () => '/v1/jwks', key: 'sk_test_wrong', status: 401 },
  // The Frontend API under /__clerk, as clerk-js calls it (the browser's __client cookie unless `as` is null)
  { operation: 'getEnvironment', name: 'the environment', method: 'GET', path: () => '/__clerk/v1/environment?__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0', origin: 'http://127.0.0.1:5173', status: 200 },
  { operation: 'getEnvironment', name: 'from an origin not allowed', method: 'GET', path: () => '/__clerk/v1/environment', origin: 'https://example.com', status: 403 },
  { operation: 'updateEnvironment', name: 'the environment', method: 'POST', path: () => '/__clerk/v1/environment?_method=PATCH', origin: 'http://127.0.0.1:5173', status: 200 },
  { operation: 'updateEnvironment', name: 'from an origin not allowed', method: 'POST', path: () => '/__clerk/v1/environment?_method=PATCH', origin: 'http://127.0.0.2:5173', status: 403 },
  { operation: 'getClient', name: 'the client', method: 'GET', path: () => '/__clerk/v1/client', status: 200 },
  { operation: 'getClient', name: 'no client', method: 'GET', path: () => '/__clerk/v1/client', as: () => null, status: 200 },
  { operation: 'getClient', name: 'from an origin not allowed', method: 'GET', path: () => '/__clerk/v1/client', origin: 'null', status: 403 },
  { operation: 'createSignIn', name: 'by ticket', method: 'POST', path: () => '/__clerk/v1/client/sign_ins', rawBody: 'TICKET', status: 200 },
  { operation: 'createSignIn', name: 'a used ticket', method: 'POST', path: () => '/__clerk/v1/client/sign_ins', rawBody: 'USED_TICKET', status: 422 },
  { operation: 'createSignIn', name: 'by password', method: 'POST', path: () => '/__clerk/v1/client/sign_ins', rawBody: form({ strategy: 'password', identifier: 'ada', password: 'x' }), status: 422 },
  { operation: 'touchSession', name: 'a session', method: 'POST', path: (ids) => `/__clerk/v1/client/sessions/${ids.adaSession}/touch`, rawBody: form({ active_organization_id: '', intent: 'select_session' }), status: 200 },
  { operation: 'touchSession', name: "another client's session", method: 'POST', path: () => '/__clerk/v1/client/sessions/sess_missing/touch', status: 404 },
  { operation: 'createSessionToken', name: 'a token', method: 'POST', path: (ids) => `/__clerk/v1/client/sessions/${ids.adaSession}/tokens?debug=skip_cache`, rawBody: form({ organization_id: '', tab_state: 'focused' }), status: 200 },
  { operation: 'createSessionToken', name: 'without the cookie', method: 'POST', path: (ids) => `/__clerk/v1/client/sessions/${ids.adaSession}/tokens`, as: () => null, status: 401 },
  { operation: 'getUser', name: 'the session\'s user', method: 'GET', path: (ids) => `/__clerk/v1/me?_clerk_session_id=${ids.adaSession}`, status: 200 },
  { operation: 'getUser', name: 'signed out', method: 'GET', path: () => '/__clerk/v1/me', as: () => null, status: 401 },
  { operation: 'patchUserMetadata', name: 'a merge, overridden', method: 'POST', path: (ids) => `/__clerk/v1/me/metadata?_method=PATCH&_clerk_session_id=${ids.adaSession}`, rawBody: form({ unsafe_metadata: '{"theme":{"accent":null}}' }), status: 200 },
  { operation: 'patchUserMetadata', name: 'public metadata', method: 'POST', path: () => '/__clerk/v1/me/metadata?_method=PATCH', rawBody: form({ unsafe_metadata: '{}', public_metadata: '{"role":"admin"}' }), status: 422 },
  { operation: 'removeSession', name: 'a session', method: 'POST', path: (ids) => `/__clerk/v1/client/sessions/${ids.spareSessions[0]}/remove`, status: 200 },
  { operation: 'removeSession', name: 'a removed session', method: 'POST', path: (ids) => `/__clerk/v1/client/sessions/${ids.spareSessions[0]}/remove`, status: 404 },
  { operation: 'endSession', name: 'a session', method: 'POST', path: (ids) => `/__clerk/v1/client/sessions/${ids.spareSessions[1]}/end`, status: 200 },
  { operation: 'endSession', name: 'an ended session', method: 'POST', path: (ids) => `/__clerk/v1/client/sessions/${ids.spareSessions[1]}/end`, status: 404 },
  { operation: 'removeClientSessionsAndRetainCookie', name: 'every session', method: 'POST', path: () => '/__clerk/v1/client/sessions?_method=DELETE', status: 200 },
  { operation: 'removeClientSessionsAndRetainCookie', name: 'without the cookie', method: 'POST', path: () => '/__clerk/v1/client/sessions?_method=DELETE', as: () => null, status: 401 },
  { operation: 'deleteClientSessions', name: 'the client', method: 'POST', path: () => '/__clerk/v1/client?_method=DELETE', status: 200 },
  { operation: 'deleteClientSessions', name: 'without the cookie', method: 'POST', path: () => '/__clerk/v1/client?_method=DELETE', as: () => null, status: 401 },
  // Deletions last.
  { operation: 'DeleteOrganization', name: 'an organization', method: 'DELETE', path: (ids) => `/v1/organizations/${ids.plain}`, status: 200 },
  { operation: 'DeleteOrganization', name: 'a missing one', method: 'DELETE', path: (ids) => `/v1/organizations/${ids.plain}`, status: 404 },
  { operation: 'DeleteUser', name: 'a user', method: 'DELETE', path: (ids) => `/v1/users/${ids.bob}`, status: 200 },
  { operation: 'DeleteUser', name: 'a missing user', method: 'DELETE', path: (ids) => `/v1/users/${ids.bob}`, status: 404 },
];

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<Schema, ReturnType<typeof ajv.compile>>();
function validate(schema: Schema, value: unknown): string | undefined {
  let check = validators.get(schema);
  if (check === undefined) validators.set(schema, (check = ajv.compile(schema)));
  return check(value) ? undefined : ajv.errorsText(check.errors, { separator: '\n' });
}

let handler: (request: Request) => Promise<Response>;
const ids: Ids = { ada: '', bob: '', acme: '', plain: '', client: '', adaSession: '', spareSessions: [], ticket: '', usedTicket: '', signInToken: '' };

async function send(call: Call): Promise<Response> {
  const frontend = call.path(ids).startsWith('/v1/me');
  const headers: Record<string, string> = {};
  if (call.path(ids).startsWith('/__clerk/')) {
    if (call.as === undefined) headers['cookie'] = `__client=${ids.client}`;
    if (call.origin !== undefined) headers['origin'] = call.origin;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const rawBody = { TICKET: form({ strategy: 'ticket', ticket: ids.ticket, locale: 'en-US', timezone: 'UTC' }), USED_TICKET: form({ strategy: 'ticket', ticket: ids.usedTicket }) }[call.rawBody ?? ''] ?? call.rawBody;
    return handler(new Request(`http://localhost${call.path(ids)}`, { method: call.method, headers, ...(rawBody === undefined ? {} : { body: rawBody }) }));
  }
  if (frontend) {
    const as = call.as === undefined ? ids.ada : call.as(ids);
    if (as !== null) headers['x-user'] = as;
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else {
    const key = call.key ?? secretKey;
    if (key !== '') headers['authorization'] = `Bearer ${key}`;
  }
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body).replaceAll('"BOB"', JSON.stringify(ids.bob)));
  return handler(new Request(`http://localhost${call.path(ids)}`, { method: call.method, headers, ...(body === undefined ? {} : { body }) }));
}

beforeAll(async () => {
  handler = createMetadataHandler({ secretKey, store: memoryStore(), authenticate: (request) => request.headers.get('x-user'), frontendApi: { signingKey: newSigningKey() } });
  const post = async (path: string, body: unknown): Promise<string> => {
    const response = await handler(new Request(`http://localhost${path}`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}` }, body: JSON.stringify(body) }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  };
  ids.ada = await post('/v1/users', { first_name: 'Ada', email_address: ['ada@example.com'], phone_number: ['+15555550100'], web3_wallet: ['0xabc'] });
  ids.bob = await post('/v1/users', { first_name: 'Bob', username: 'bob' });
  ids.acme = await post('/v1/organizations', { name: 'Acme', created_by: ids.ada });
  ids.plain = await post('/v1/organizations', { name: 'Plain' });
  await post(`/v1/organizations/${ids.acme}/memberships`, { user_id: ids.bob, role: 'org:member' });
  const ticket = async (user: string): Promise<{ id: string; token: string }> => {
    const response = await handler(new Request('http://localhost/v1/sign_in_tokens', { method: 'POST', headers: { authorization: `Bearer ${secretKey}` }, body: JSON.stringify({ user_id: user }) }));
    return (await response.json()) as { id: string; token: string };
  };
  const signIn = async (user: string, given?: string): Promise<{ session: string; cookie: string | null }> => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(ids.client === '' ? {} : { cookie: `__client=${ids.client}` }) };
    const body = form({ strategy: 'ticket', ticket: given ?? (await ticket(user)).token });
    const response = await handler(new Request('http://localhost/__clerk/v1/client/sign_ins', { method: 'POST', headers, body }));
    expect(response.status).toBe(200);
    const { response: attempt } = (await response.json()) as { response: { created_session_id: string } };
    return { session: attempt.created_session_id, cookie: response.headers.get('set-cookie') };
  };
  const first = await signIn(ids.ada);
  ids.client = /^__client=([^;]+)/.exec(first.cookie!)![1]!;
  ids.adaSession = first.session;
  ids.spareSessions = [(await signIn(ids.bob)).session, (await signIn(ids.bob)).session];
  ids.usedTicket = (await ticket(ids.ada)).token;
  await signIn(ids.ada, ids.usedTicket);
  ids.ticket = (await ticket(ids.ada)).token;
  ids.signInToken = (await ticket(ids.bob)).id;
});

describe("every answer matches the schemas of Clerk's API description", () => {
  it('covers every implemented operation with a success and an error', () => {
    // Arrange / Act
    const implemented = operations.map((route) => route.operation).sort();
    const byOperation = (status: (code: number) => boolean) => new Set(calls.filter((call) => status(call.status)).map((call) => call.operation));

    // Assert
    expect(Object.keys(successSchemas).sort()).toEqual(implemented);
    expect([...byOperation((code) => code === 200)].sort()).toEqual(implemented);
    expect([...byOperation((code) => code !== 200)].sort()).toEqual(implemented);
  });

  it.each(calls)('$operation, $name: $status, as described', async (call) => {
    // Act
    const response = await send(call);
    const body = (await response.json()) as unknown;

    // Assert
    expect(response.headers.get('content-type')).toBe('application/json');
    expect({ status: response.status, body }).toMatchObject({ status: call.status });
    expect(answerable(call.operation)).toContain(response.status);
    expect(validate(response.status === 200 ? successSchemas[call.operation]! : schemas.clerkErrors, body)).toBeUndefined();
  });

  it('also the 401 every backend operation answers without the key', async () => {
    for (const route of backendRoutes) {
      // Act
      const path = route.path.replace(/:[a-z_]+/g, 'x');
      const response = await handler(new Request(`http://localhost${path}`, { method: route.method }));

      // Assert
      expect(response.status, `${route.method} ${path}`).toBe(401);
      expect(answerable(route.operation), route.operation).toContain(401);
      expect(validate(schemas.clerkErrors, await response.json())).toBeUndefined();
    }
  });
});
