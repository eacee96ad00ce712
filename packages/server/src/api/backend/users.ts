// Clerk's Backend API operations on users.
import { userMetadataFields } from '@metadata-semantics/core';
import { jsonAnswer } from '../../http/responses.js';
import { notFound } from '../../http/serverErrors.js';
import { randomId } from '../../shared/ids.js';
import type { ResourceQuery, StoredResource } from '../../store/metadataStore.js';
import { refuseUnknownParams, refuseUnsupportedBodyParams } from '../bodyParams.js';
import { listFilters, listOrders } from '../listQueries.js';
import { publicUserData } from '../membershipResource.js';
import { changeResourceMetadata, initialMetadata } from '../metadataWrites.js';
import { orderOf, pageOf, refuseUnsupportedParams } from '../queryParams.js';
import { route, type Route, type RouteContext } from '../route.js';
import {
  createUserParams,
  newUserAttributes,
  unsupportedUserParams,
  updateUserParams,
  updatedUserAttributes,
  userJson,
} from '../userResource.js';
import { deleteResource } from './deleteResource.js';

/** A user as the Backend API answers it, and as its webhook events carry it. */
const backendUserJson = (user: StoredResource) => userJson(user, 'backend');

/** The orders of `GET /v1/users` (Clerk's names → the store's fields). */
const userOrders = listOrders('user');

/** The filters and text queries of `GET /v1/users` and `GET /v1/users/count`. */
const userFilters = listFilters('user');

/** Filters of Clerk's user list and count that this server does not implement. */
const unsupportedUserFilters = [
  'organization_id',
  'banned',
  'last_active_at_before',
  'last_active_at_after',
  'last_active_at_since',
  'created_at_before',
  'created_at_after',
  'last_sign_in_at_before',
  'last_sign_in_at_after',
  'provider',
  'provider_user_id',
];

/** The users `GET /v1/users` and `GET /v1/users/count` select. */
function userQuery(query: URLSearchParams): ResourceQuery {
  refuseUnsupportedParams(query, unsupportedUserFilters);
  return { kind: 'user', where: userFilters(query) };
}

async function listUsers({ query, store }: RouteContext) {
  refuseUnsupportedParams(query, ['starting_after']);
  const users = await store.list({ ...userQuery(query), orderBy: orderOf(query, userOrders), ...pageOf(query) });
  // Clerk's user list is a bare array; the SDK asks /v1/users/count for the total.
  return jsonAnswer(200, users.map((user) => userJson(user, 'backend')));
}

async function countUsers({ query, store }: RouteContext) {
  return jsonAnswer(200, { object: 'total_count', total_count: await store.count(userQuery(query)) });
}

async function createUser(context: RouteContext) {
  const body = await context.jsonBody();
  refuseUnsupportedBodyParams(body, unsupportedUserParams);
  refuseUnknownParams(body, createUserParams);
  const metadata = initialMetadata(context, 'user', body, userMetadataFields);
  const now = context.now();
  const { attributes, createdAt } = newUserAttributes(body, now);
  const user: StoredResource = { kind: 'user', key: randomId('user_'), attributes, metadata, createdAt, updatedAt: now, version: 1 };
  await context.store.insert(user, context.events?.('user', 'created', backendUserJson));
  return context.resourceAnswer(user, backendUserJson);
}

async function getUser({ params, store }: RouteContext<'user_id'>) {
  const user = (await store.get('user', params.user_id)) ?? notFound('user', params.user_id);
  return jsonAnswer(200, userJson(user, 'backend'));
}

/** Copies a user's public profile into each of its memberships' `public_user_data`. */
async function refreshMemberships(context: RouteContext, user: StoredResource): Promise<void> {
  const query = { kind: 'organization_membership', where: [{ field: 'user_id', anyOf: [user.key] }] } as const;
  const memberships = await context.store.list({ ...query, limit: Number.MAX_SAFE_INTEGER, offset: 0 });
  const userData = publicUserData(user);
  for (const membership of memberships) {
    await context.store.changeAttributes(
      'organization_membership',
      membership.key,
      (current) => ({ attributes: { ...current.attributes, public_user_data: userData }, createdAt: current.createdAt }),
      context.now(),
    );
  }
}

async function updateUser(context: RouteContext<'user_id'>) {
  const body = await context.jsonBody();
  refuseUnsupportedBodyParams(body, unsupportedUserParams);
  refuseUnknownParams(body, updateUserParams);
  const userId = context.params.user_id;
  const user = await context.store.changeAttributes(
    'user',
    userId,
    (current) => updatedUserAttributes(body, current),
    context.now(),
    context.events?.('user', 'updated', backendUserJson),
  );
  if (user === undefined) notFound('user', userId);
  // The memberships' copies record no event: docs/webhooks.md says why.
  await refreshMemberships(context, user);
  return context.resourceAnswer(user, backendUserJson);
}

const userMetadata = (operation: 'update' | 'replace') => async (context: RouteContext<'user_id'>) => {
  const userId = context.params.user_id;
  const params = await context.parsedBody();
  const user = await changeResourceMetadata(context, 'user', userId, operation, params, userMetadataFields, context.events?.('user', 'updated', backendUserJson));
  return context.resourceAnswer(user ?? notFound('user', userId), backendUserJson);
};

/** The Backend API's user operations. */
export const userRoutes: readonly Route[] = [
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/users',
    operation: 'GetUserList',
    sdk: '`users.getUserList()`',
    answers: "a bare array of users (Clerk's shape; the SDK asks `/v1/users/count` for `totalCount`)",
    statuses: [200, 400, 401, 422],
    run: listUsers,
  }),
  route({
    api: 'backend',
    method: 'POST',
    path: '/v1/users',
    operation: 'CreateUser',
    sdk: '`users.createUser()`',
    answers: 'the user',
    statuses: [200, 400, 401, 402, 403, 422],
    run: createUser,
  }),
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/users/count',
    operation: 'GetUsersCount',
    sdk: '`users.getCount()`',
    answers: '`{ "object": "total_count", "total_count": n }`',
    statuses: [200, 422],
    deliberate: [401],
    run: countUsers,
  }),
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/users/:user_id',
    operation: 'GetUser',
    sdk: '`users.getUser()`',
    answers: 'the user',
    statuses: [200, 400, 401, 404],
    run: getUser,
  }),
  route({
    api: 'backend',
    method: 'PATCH',
    path: '/v1/users/:user_id',
    operation: 'UpdateUser',
    sdk: '`users.updateUser()`',
    answers: "the user; its memberships' `public_user_data` follow",
    statuses: [200, 400, 401, 404, 409, 422],
    run: updateUser,
  }),
  route({
    api: 'backend',
    method: 'DELETE',
    path: '/v1/users/:user_id',
    operation: 'DeleteUser',
    sdk: '`users.deleteUser()`',
    answers: '`{ "object": "user", "id": …, "deleted": true }`; the user\'s memberships go too',
    statuses: [200, 400, 401, 404],
    run: deleteResource('user', 'user_id'),
  }),
  route({
    api: 'backend',
    method: 'PATCH',
    path: '/v1/users/:user_id/metadata',
    operation: 'UpdateUserMetadata',
    sdk: '`users.updateUserMetadata()`',
    answers: 'the user, after a deep merge',
    statuses: [200, 400, 401, 404, 422],
    run: userMetadata('update'),
  }),
  route({
    api: 'backend',
    method: 'PUT',
    path: '/v1/users/:user_id/metadata',
    operation: 'ReplaceUserMetadata',
    sdk: '`users.replaceUserMetadata()`',
    answers: 'the user, after replacing each provided field',
    statuses: [200, 400, 401, 404, 422],
    run: userMetadata('replace'),
  }),
];
