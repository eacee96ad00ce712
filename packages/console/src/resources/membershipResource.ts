import { organizationMetadataFields } from '@metadata-semantics/core';
import { ConsoleApiError } from '../api/consoleApiError.js';
import { segment } from '../api/createConsoleApi.js';
import { dateText, pageParams, pickParams, text, type ApiResource, type ResourceDescriptor } from './resourceDescriptor.js';

const organizationOf = (membership: ApiResource): ApiResource => (membership['organization'] ?? {}) as ApiResource;
const userDataOf = (membership: ApiResource): ApiResource => (membership['public_user_data'] ?? {}) as ApiResource;

type Page = { data: ApiResource[]; total_count: number };

/**
 * The list the filters select: an organization's (which filters by user and role, and orders), else a
 * user's (newest first only), else every membership (ordered, unfiltered). A filter or order the chosen list
 * cannot apply is refused rather than dropped, as the server refuses one.
 */
async function membershipPage(api: Parameters<ResourceDescriptor['fetchPage']>[0], query: URLSearchParams): Promise<Page> {
  const organizationId = query.get('organization_id');
  const userIds = query.getAll('user_id');
  const refuse = (message: string): never => {
    throw new ConsoleApiError(422, [{ code: 'form_param_unsupported', message, long_message: message }]);
  };
  if (organizationId) {
    const params = pickParams(query, ['user_id', 'role', ...pageParams]);
    return api.get<Page>(`v1/organizations/${segment(organizationId)}/memberships`, params);
  }
  if (query.has('role')) refuse('Filtering by role needs an organization id.');
  if (userIds.length > 0) {
    if (userIds.length > 1 || userIds[0]!.startsWith('-')) refuse('Without an organization id, the user filter takes one user id.');
    if (query.get('order_by')) refuse('A user’s memberships come newest first only; add an organization id to order them.');
    return api.get<Page>(`v1/users/${segment(userIds[0]!.replace(/^\+/, ''))}/organization_memberships`, pickParams(query, ['limit', 'offset']));
  }
  return api.get<Page>('v1/organization_memberships', pickParams(query, pageParams));
}

/** Organization memberships: listed per organization, per user or all; read through their organization's list. */
export const membershipResource: ResourceDescriptor = {
  kind: 'organization_membership',
  route: 'memberships',
  title: 'Memberships',
  noun: 'membership',
  searches: [],
  filters: [
    { param: 'organization_id', label: 'organization id' },
    { param: 'user_id', label: 'user ids (-id excludes)' },
    { param: 'role', label: 'roles' },
  ],
  orders: ['created_at', 'first_name', 'last_name', 'username'],
  columns: [
    { label: 'Organization', cell: (membership) => text(organizationOf(membership), 'name') },
    { label: 'User', cell: (membership) => text(userDataOf(membership), 'identifier') || text(userDataOf(membership), 'user_id') },
    { label: 'Role', cell: (membership) => text(membership, 'role') },
    { label: 'Id', cell: (membership) => text(membership, 'id') },
    { label: 'Updated', cell: (membership) => dateText(membership.updated_at) },
  ],
  async fetchPage(api, query) {
    const page = await membershipPage(api, query);
    return { items: page.data, total: page.total_count };
  },
  idNames: ['organization id', 'user id'],
  idsOf: (membership) => [text(organizationOf(membership), 'id'), text(userDataOf(membership), 'user_id')],
  async load(api, [organizationId, userId]) {
    // The API has no GET of one membership: its organization's list, filtered to the user.
    // '+' marks the id as included, whatever its first character (a leading '-' would exclude it).
    const params = new URLSearchParams({ user_id: `+${userId!}`, limit: '1' });
    const page = await api.get<Page>(`v1/organizations/${segment(organizationId!)}/memberships`, params);
    const membership = page.data[0];
    if (membership === undefined) {
      const message = `No membership of user ${userId} in organization ${organizationId} was found.`;
      throw new ConsoleApiError(404, [{ code: 'resource_not_found', message: 'not found', long_message: message }]);
    }
    return membership;
  },
  metadataPath: ([organizationId, userId]) => `v1/organizations/${segment(organizationId!)}/memberships/${segment(userId!)}/metadata`,
  modes: ['update'],
  fields: organizationMetadataFields,
  heading: (membership) =>
    `${text(organizationOf(membership), 'name') || text(organizationOf(membership), 'id')} · ${text(userDataOf(membership), 'identifier') || text(userDataOf(membership), 'user_id')}`,
  facts: (membership) => [
    ['Id', text(membership, 'id')],
    ['Role', text(membership, 'role')],
    ['Organization id', text(organizationOf(membership), 'id')],
    ['User id', text(userDataOf(membership), 'user_id')],
    ['Created', dateText(membership['created_at'])],
    ['Updated', dateText(membership.updated_at)],
  ],
  related: ([organizationId, userId]) => [
    { label: 'The organization', href: `#/organizations/${encodeURIComponent(organizationId!)}` },
    { label: 'The user', href: `#/users/${encodeURIComponent(userId!)}` },
  ],
};
