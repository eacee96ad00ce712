// Clerk's Backend API operations on organizations.
import { organizationMetadataFields } from '@metadata-semantics/core';
import { jsonAnswer } from '../../http/responses.js';
import { fail, notFound, unknownValueParam } from '../../http/serverErrors.js';
import { randomId, randomSuffix } from '../../shared/ids.js';
import { isStorableText } from '../../shared/storableText.js';
import { membershipKey } from '../../store/membershipKey.js';
import { StoreConflictError, UniqueValueTakenError, type MetadataStore, type StoredResource } from '../../store/metadataStore.js';
import { refuseUnknownParams, type Body } from '../bodyParams.js';
import { listFilters, listOrders } from '../listQueries.js';
import { newMembershipAttributes } from '../membershipResource.js';
import { changeResourceMetadata, initialMetadata } from '../metadataWrites.js';
import {
  createOrganizationParams,
  newOrganizationAttributes,
  organizationJson,
  organizationUpdate,
  updateOrganizationParams,
} from '../organizationResource.js';
import { booleanParam, orderOf, pageAnswer, pageOf, refuseUnsupportedParams } from '../queryParams.js';
import { route, type Route, type RouteContext } from '../route.js';
import { deleteResource } from './deleteResource.js';
import { insertMembership } from './insertMembership.js';

/** The orders of `GET /v1/organizations` (Clerk's names → the store's fields). */
const organizationOrders = listOrders('organization');

/** The filters and text queries of `GET /v1/organizations`. */
const organizationFilters = listFilters('organization');

/** An organization's number of memberships. */
export function membersCountOf(store: MetadataStore, organizationKey: string): Promise<number> {
  return store.count({ kind: 'organization_membership', where: [{ field: 'organization_id', anyOf: [organizationKey] }] });
}

async function findBySlug(store: MetadataStore, slug: string): Promise<StoredResource | undefined> {
  const [organization] = await store.list({ kind: 'organization', where: [{ field: 'slug', anyOf: [slug] }], limit: 1, offset: 0 });
  return organization;
}

/** Whether a store refused a write because another organization has its slug. */
const isSlugTaken = (error: unknown): error is UniqueValueTakenError => error instanceof UniqueValueTakenError && error.field === 'slug';

/** Answers a slug another organization has (Clerk's slugs are unique). */
function slugTaken(slug: string): never {
  fail({ code: 'form_identifier_exists', message: 'slug is taken', longMessage: `Another organization already has the slug ${JSON.stringify(slug)}.`, meta: {
    param_name: 'slug',
  } });
}

/**
 * How many slugs a creation with only a name tries: the one derived from the name, then that with a random
 * suffix of six letters and digits (36^6, about 2.2 billion of them), each taken only by the rare organization
 * that already has it.
 */
const DERIVED_SLUG_ATTEMPTS = 10;

/**
 * Inserts an organization; the store refuses a slug another organization has, atomically with the write. A slug
 * the request gave is answered 422; a derived one gets a random suffix and is tried again, and after
 * {@link DERIVED_SLUG_ATTEMPTS} taken ones the request fails with 409 (StoreConflictError), having written nothing.
 */
async function insertOrganization(context: RouteContext, organization: StoredResource, slugGiven: boolean): Promise<StoredResource> {
  const derived = organization.attributes['slug'] as string;
  let candidate = organization;
  for (let attempt = 1; ; attempt++) {
    try {
      await context.store.insert(candidate, context.events?.('organization', 'created', organizationJson));
      return candidate;
    } catch (error) {
      if (!isSlugTaken(error)) throw error;
      if (slugGiven) slugTaken(error.value);
      if (attempt === DERIVED_SLUG_ATTEMPTS) {
        throw new StoreConflictError(`Every slug tried for the organization (${derived} and ${attempt - 1} with a random suffix) was taken; nothing was written`);
      }
      candidate = { ...organization, attributes: { ...organization.attributes, slug: `${derived}-${randomSuffix()}` } };
    }
  }
}

async function listOrganizations({ query, store }: RouteContext) {
  refuseUnsupportedParams(query, ['user_id']);
  const where = organizationFilters(query);
  const [organizations, totalCount] = await Promise.all([
    store.list({ kind: 'organization', where, orderBy: orderOf(query, organizationOrders), ...pageOf(query) }),
    store.count({ kind: 'organization', where }),
  ]);
  const withCounts = booleanParam(query, 'include_members_count');
  const data = await Promise.all(
    organizations.map(async (organization) =>
      organizationJson(organization, withCounts ? await membersCountOf(store, organization.key) : undefined),
    ),
  );
  return pageAnswer(data, totalCount);
}

async function createOrganization(context: RouteContext) {
  const body: Body = await context.jsonBody();
  refuseUnknownParams(body, createOrganizationParams);
  const { store } = context;
  const metadata = initialMetadata(context, 'organization', body, organizationMetadataFields);
  const now = context.now();
  const { attributes, createdBy, slugGiven, createdAt } = newOrganizationAttributes(body, now);
  // Clerk's description lists no 404 for this operation: an unknown creator is the 422 of its parameter.
  const creator =
    createdBy === null
      ? undefined
      : ((await store.get('user', createdBy)) ?? unknownValueParam('created_by', `No user was found with id ${JSON.stringify(createdBy)}.`));
  const organization = await insertOrganization(
    context,
    { kind: 'organization', key: randomId('org_'), attributes, metadata, createdAt, updatedAt: now, version: 1 },
    slugGiven,
  );
  if (creator !== undefined) {
    // A creator deleted meanwhile leaves the organization without its admin membership (and no event of one), as a
    // later deletion would.
    await insertMembership(context, {
      kind: 'organization_membership',
      key: membershipKey(organization.key, creator.key),
      attributes: newMembershipAttributes('org:admin', creator),
      metadata: { public_metadata: {}, private_metadata: {} },
      createdAt: now,
      updatedAt: now,
      version: 1,
    }, organization);
  }
  return context.resourceAnswer(organization, organizationJson);
}

/** An organization by id or, failing that, by slug, as Clerk's `GET /v1/organizations/{organization_id}`. */
async function getOrganization({ params, query, store }: RouteContext<'organization_id'>) {
  const idOrSlug = params.organization_id;
  // No id or slug holds U+0000 or a lone surrogate (PostgreSQL cannot take them).
  if (!isStorableText(idOrSlug)) notFound('organization', idOrSlug);
  const organization = (await store.get('organization', idOrSlug)) ?? (await findBySlug(store, idOrSlug)) ?? notFound('organization', idOrSlug);
  const membersCount = booleanParam(query, 'include_members_count') ? await membersCountOf(store, organization.key) : undefined;
  return jsonAnswer(200, organizationJson(organization, membersCount));
}

async function updateOrganization(context: RouteContext<'organization_id'>) {
  const body = await context.jsonBody();
  refuseUnknownParams(body, updateOrganizationParams);
  const organizationId = context.params.organization_id;
  const { set, createdAt } = organizationUpdate(body);
  const organization = await context.store
    .changeAttributes(
      'organization',
      organizationId,
      (current) => ({ attributes: { ...current.attributes, ...set }, createdAt: createdAt ?? current.createdAt }),
      context.now(),
      context.events?.('organization', 'updated', organizationJson),
    )
    .catch((error: unknown) => (isSlugTaken(error) ? slugTaken(error.value) : Promise.reject(error)));
  return context.resourceAnswer(organization ?? notFound('organization', organizationId), organizationJson);
}

const organizationMetadata = (operation: 'update' | 'replace') => async (context: RouteContext<'organization_id'>) => {
  const organizationId = context.params.organization_id;
  const params = await context.parsedBody();
  const record = context.events?.('organization', 'updated', organizationJson);
  const organization = await changeResourceMetadata(context, 'organization', organizationId, operation, params, organizationMetadataFields, record);
  return context.resourceAnswer(organization ?? notFound('organization', organizationId), organizationJson);
};

/** The Backend API's organization operations. */
export const organizationRoutes: readonly Route[] = [
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/organizations',
    operation: 'ListOrganizations',
    sdk: '`organizations.getOrganizationList()`',
    answers: '`{ data, total_count }` of organizations',
    statuses: [200, 400, 403, 422],
    deliberate: [401],
    run: listOrganizations,
  }),
  route({
    api: 'backend',
    method: 'POST',
    path: '/v1/organizations',
    operation: 'CreateOrganization',
    sdk: '`organizations.createOrganization()`',
    answers: 'the organization; `created_by` becomes an `org:admin` member',
    statuses: [200, 400, 402, 403, 422],
    deliberate: [401],
    run: createOrganization,
  }),
  route({
    api: 'backend',
    method: 'GET',
    path: '/v1/organizations/:organization_id',
    operation: 'GetOrganization',
    sdk: '`organizations.getOrganization({ organizationId } or { slug })`',
    answers: 'the organization, found by its id or its slug',
    statuses: [200, 403, 404],
    deliberate: [401],
    run: getOrganization,
  }),
  route({
    api: 'backend',
    method: 'PATCH',
    path: '/v1/organizations/:organization_id',
    operation: 'UpdateOrganization',
    sdk: '`organizations.updateOrganization()`',
    answers: 'the organization',
    statuses: [200, 400, 402, 403, 404, 422],
    deliberate: [401],
    run: updateOrganization,
  }),
  route({
    api: 'backend',
    method: 'DELETE',
    path: '/v1/organizations/:organization_id',
    operation: 'DeleteOrganization',
    sdk: '`organizations.deleteOrganization()`',
    answers: '`{ "object": "organization", "id": …, "deleted": true }`; its memberships go too (its users stay)',
    statuses: [200, 404],
    deliberate: [401],
    run: deleteResource('organization', 'organization_id'),
  }),
  route({
    api: 'backend',
    method: 'PATCH',
    path: '/v1/organizations/:organization_id/metadata',
    operation: 'MergeOrganizationMetadata',
    sdk: '`organizations.updateOrganizationMetadata()`',
    answers: 'the organization, after a deep merge',
    statuses: [200, 400, 401, 404, 422],
    run: organizationMetadata('update'),
  }),
  route({
    api: 'backend',
    method: 'PUT',
    path: '/v1/organizations/:organization_id/metadata',
    operation: 'ReplaceOrganizationMetadata',
    sdk: '`organizations.replaceOrganizationMetadata()`',
    answers: 'the organization, after replacing each provided field',
    statuses: [200, 400, 401, 404, 422],
    run: organizationMetadata('replace'),
  }),
];
