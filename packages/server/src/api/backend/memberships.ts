// Clerk's Backend API operations on organization memberships.
import { organizationMetadataFields } from '@metadata-semantics/core';
import { jsonAnswer } from '../../http/responses.js';
import { fail, notFound } from '../../http/serverErrors.js';
import { membershipKey, membershipKeyPart } from '../../store/membershipKey.js';
import type { MetadataStore, ResourceCondition, ResourceOrder, StoredResource } from '../../store/metadataStore.js';
import { refuseUnknownParams, requiredString } from '../bodyParams.js';
import { listFilters, listOrders } from '../listQueries.js';
import { createMembershipParams, membershipJson, newMembershipAttributes, roleAttributes } from '../membershipResource.js';
import { changeResourceMetadata, initialMetadata } from '../metadataWrites.js';
import { orderOf, pageAnswer, pageOf, refuseUnsupportedParams } from '../queryParams.js';
import { route, type Route, type RouteContext } from '../route.js';
import { insertMembership } from './insertMembership.js';

/** The orders of membership lists (Clerk's names → the store's fields, read from the membership's public user data). */
const membershipOrders = listOrders('organization_membership');

/** The filters of an organization's membership list. */
const membershipFilters = listFilters('organization_membership');

/** Filters of Clerk's membership list that this server does not implement. */
const unsupportedMembershipFilters = [
  'email_address',
  'phone_number',
  'username',
  'web3_wallet',
  'query',
  'email_address_query',
  'phone_number_query',
  'username_query',
  'name_query',
  'last_active_at_before',
  'last_active_at_after',
  'created_at_before',
  'created_at_after',
];

/** A page of memberships and their total, each answered with its organization inside. */
async function membershipPage(
  store: MetadataStore,
  where: ResourceCondition[],
  orderBy: ResourceOrder,
  page: { limit: number; offset: number },
) {
  const [memberships, totalCount] = await Promise.all([
    store.list({ kind: 'organization_membership', where, orderBy, ...page }),
    store.count({ kind: 'organization_membership', where }),
  ]);
  const organizations = new Map<string, Promise<StoredResource | undefined>>();
  const data = [];
  for (const membership of memberships) {
    const organizationKey = membershipKeyPart(membership.key, 'organization')!;
    if (!organizations.has(organizationKey)) organizations.set(organizationKey, store.get('organization', organizationKey));
    const organization = await organizations.get(organizationKey)!;
    // Deleted between the two reads: its memberships are going too.
    if (organization !== undefined) data.push(membershipJson(membership, organization));
  }
  return pageAnswer(data, totalCount);
}

async function listOrganizationMemberships({ params, query, store }: RouteContext<'organization_id'>) {
  refuseUnsupportedParams(query, unsupportedMembershipFilters);
  const where = [{ field: 'organization_id', anyOf: [params.organization_id] } as const, ...membershipFilters(query)];
  return membershipPage(store, where, orderOf(query, membershipOrders), pageOf(query));
}

async function listInstanceMemberships({ query, store }: RouteContext) {
  return membershipPage(store, [], orderOf(query, membershipOrders), pageOf(query));
}

async function listUserMemberships({ params, query, store }: RouteContext<'user_id'>) {
  const where = [{ field: 'user_id', anyOf: [params.user_id] } as const];
  return membershipPage(store, where, { field: 'created_at', descending: true }, pageOf(query));
}

async function createMembership(context: RouteContext<'organization_id'>) {
  const body = await context.jsonBody();
  refuseUnknownParams(body, createMembershipParams);
  const { store } = context;
  const userId = requiredString(body, 'user_id');
  const role = requiredString(body, 'role');
  const metadata = initialMetadata(context, 'organization_membership', body, organizationMetadataFields);
  const organizationId = context.params.organization_id;
  const organization = (await store.get('organization', organizationId)) ?? notFound('organization', organizationId);
  const user = (await store.get('user', userId)) ?? notFound('user', userId);
  const now = context.now();
  const membership: StoredResource = {
    kind: 'organization_membership',
    key: membershipKey(organization.key, user.key),
    attributes: newMembershipAttributes(role, user),
    metadata: { public_metadata: {}, private_metadata: {}, ...metadata },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const inserted = await insertMembership(context, membership, organization);
  // Deleted while this request ran: answered as if it had been gone from the start.
  if (inserted === 'organization') notFound('organization', organization.key);
  if (inserted === 'user') notFound('user', user.key);
  if (inserted === 'exists') {
    fail({ code: 'already_a_member_in_organization', message: 'already a member', longMessage: `User ${user.key} is already a member of organization ${organization.key}.`, meta: {
      param_name: 'user_id',
    } });
  }
  return jsonAnswer(200, membershipJson(membership, organization));
}

async function updateMembership(context: RouteContext<'organization_id' | 'user_id'>) {
  const body = await context.jsonBody();
  const role = requiredString(body, 'role');
  const { organization_id: organizationId, user_id: userId } = context.params;
  const key = membershipKey(organizationId, userId);
  const organization = (await context.store.get('organization', organizationId)) ?? notFound('organization', organizationId);
  const json = (written: StoredResource) => membershipJson(written, organization);
  const membership = await context.store.changeAttributes(
    'organization_membership',
    key,
    (current) => ({ attributes: { ...current.attributes, ...roleAttributes(role) }, createdAt: current.createdAt }),
    context.now(),
    context.events?.('organization_membership', 'updated', json),
  );
  return context.resourceAnswer(membership ?? notFound('organization membership', key), json);
}

async function deleteMembership({ params, store, events }: RouteContext<'organization_id' | 'user_id'>) {
  const organization = (await store.get('organization', params.organization_id)) ?? notFound('organization', params.organization_id);
  const key = membershipKey(organization.key, params.user_id);
  const record = events?.('organization_membership', 'deleted', (deleted) => membershipJson(deleted, organization));
  const membership = await store.delete('organization_membership', key, record);
  // Clerk answers with the membership as it was, not a deleted-object.
  return jsonAnswer(200, membershipJson(membership ?? notFound('organization membership', key), organization));
}

async function updateMembershipMetadata(context: RouteContext<'organization_id' | 'user_id'>) {
  const { organization_id: organizationId, user_id: userId } = context.params;
  const key = membershipKey(organizationId, userId);
  const params = await context.parsedBody();
  // The organization is read before the write, as updateMembership does: the event made inside the write shows
  // it, and a write is never answered 404 for an organization read after it.
  const organization = (await context.store.get('organization', organizationId)) ?? notFound('organization', organizationId);
  const json = (written: StoredResource) => membershipJson(written, organization);
  const record = context.events?.('organization_membership', 'updated', json);
  const membership = await changeResourceMetadata(context, 'organization_membership', key, 'update', params, organizationMetadataFields, record);
  return context.resourceAnswer(membership ?? notFound('organization membership', key), json);
}

/** The Backend API's membership operations. */
export const membershipRoutes: readonly Route[] = [
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/users/:user_id/organization_memberships',
    operation: 'UsersGetOrganizationMemberships',
    sdk: '`users.getOrganizationMembershipList()`',
    answers: '`{ data, total_count }` of memberships',
    statuses: [200, 403],
    deliberate: [401, 422],
    run: listUserMemberships,
  }),
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/organizations/:organization_id/memberships',
    operation: 'ListOrganizationMemberships',
    sdk: '`organizations.getOrganizationMembershipList()`',
    answers: '`{ data, total_count }` of memberships',
    statuses: [200, 401, 422],
    run: listOrganizationMemberships,
  }),
  route({
    api: 'backend',
    method: 'POST',
    path: '/v1/organizations/:organization_id/memberships',
    operation: 'CreateOrganizationMembership',
    sdk: '`organizations.createOrganizationMembership()`',
    answers: 'the membership',
    statuses: [200, 400, 403, 404, 422],
    deliberate: [401],
    run: createMembership,
  }),
  route({
    api: 'backend',
    method: 'PATCH',
    path: '/v1/organizations/:organization_id/memberships/:user_id',
    operation: 'UpdateOrganizationMembership',
    sdk: '`organizations.updateOrganizationMembership()`',
    answers: 'the membership with its new role',
    statuses: [200, 404, 422],
    deliberate: [401, 400],
    run: updateMembership,
  }),
  route({
    api: 'backend',
    method: 'DELETE',
    path: '/v1/organizations/:organization_id/memberships/:user_id',
    operation: 'DeleteOrganizationMembership',
    sdk: '`organizations.deleteOrganizationMembership()`',
    answers: 'the membership as it was (as Clerk answers: not a deleted-object)',
    statuses: [200, 401, 404, 422],
    run: deleteMembership,
  }),
  route({
    api: 'backend',
    method: 'PATCH',
    path: '/v1/organizations/:organization_id/memberships/:user_id/metadata',
    operation: 'UpdateOrganizationMembershipMetadata',
    sdk: '`organizations.updateOrganizationMembershipMetadata()`',
    answers: 'the membership, after a deep merge',
    statuses: [200, 400, 404, 422],
    deliberate: [401],
    run: updateMembershipMetadata,
  }),
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/organization_memberships',
    operation: 'InstanceGetOrganizationMemberships',
    sdk: '`organizations.getInstanceOrganizationMembershipList()`',
    answers: '`{ data, total_count }` of memberships',
    statuses: [200, 400, 401, 422, 500],
    run: listInstanceMemberships,
  }),
];
