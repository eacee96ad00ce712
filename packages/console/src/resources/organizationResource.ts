import { organizationMetadataFields } from '@metadata-semantics/core';
import { segment } from '../api/createConsoleApi.js';
import { dateText, pageParams, pickParams, text, type ApiResource, type ResourceDescriptor } from './resourceDescriptor.js';

const listParams = ['query', 'organization_id'];

/** Organizations: `GET /v1/organizations`, with their members counted. */
export const organizationResource: ResourceDescriptor = {
  kind: 'organization',
  route: 'organizations',
  title: 'Organizations',
  noun: 'organization',
  searches: [{ param: 'query', label: 'id, name or slug' }],
  filters: [{ param: 'organization_id', label: 'organization ids (-id excludes)' }],
  orders: ['created_at', 'name', 'members_count'],
  columns: [
    { label: 'Name', cell: (organization) => text(organization, 'name') },
    { label: 'Slug', cell: (organization) => text(organization, 'slug') },
    { label: 'Members', cell: (organization) => text(organization, 'members_count') },
    { label: 'Id', cell: (organization) => text(organization, 'id') },
    { label: 'Updated', cell: (organization) => dateText(organization.updated_at) },
  ],
  async fetchPage(api, query) {
    const params = pickParams(query, [...listParams, ...pageParams]);
    params.set('include_members_count', 'true');
    const page = await api.get<{ data: ApiResource[]; total_count: number }>('v1/organizations', params);
    return { items: page.data, total: page.total_count };
  },
  idNames: ['organization id'],
  idsOf: (organization) => [text(organization, 'id')],
  load: (api, [id]) => api.get(`v1/organizations/${segment(id!)}`, new URLSearchParams({ include_members_count: 'true' })),
  metadataPath: ([id]) => `v1/organizations/${segment(id!)}/metadata`,
  modes: ['update', 'replace'],
  fields: organizationMetadataFields,
  heading: (organization) => text(organization, 'name') || text(organization, 'id'),
  facts: (organization) => [
    ['Id', text(organization, 'id')],
    ['Slug', text(organization, 'slug')],
    ['Members', text(organization, 'members_count')],
    ['Created by', text(organization, 'created_by')],
    ['Created', dateText(organization['created_at'])],
    ['Updated', dateText(organization.updated_at)],
  ],
  related: ([id]) => [{ label: 'Memberships of this organization', href: `#/memberships?organization_id=${encodeURIComponent(id!)}` }],
};
