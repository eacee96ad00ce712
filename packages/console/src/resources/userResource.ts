import { userMetadataFields } from '@metadata-semantics/core';
import { segment } from '../api/createConsoleApi.js';
import { dateText, pageParams, pickParams, text, type ApiResource, type ResourceDescriptor } from './resourceDescriptor.js';

interface EmailAddress {
  readonly id?: string;
  readonly email_address?: string;
}

/** The primary email address, or the first. */
function emailOf(user: ApiResource): string {
  const emails = Array.isArray(user['email_addresses']) ? (user['email_addresses'] as EmailAddress[]) : [];
  const primary = emails.find((email) => email.id === user['primary_email_address_id']) ?? emails[0];
  return primary?.email_address ?? '';
}

const nameOf = (user: ApiResource): string => [text(user, 'first_name'), text(user, 'last_name')].filter(Boolean).join(' ');

const searches = [
  { param: 'query', label: 'anything' },
  { param: 'email_address_query', label: 'email' },
  { param: 'phone_number_query', label: 'phone' },
  { param: 'username_query', label: 'username' },
  { param: 'name_query', label: 'name' },
];

const filters = [
  { param: 'user_id', label: 'user ids (-id excludes)' },
  { param: 'external_id', label: 'external ids (-id excludes)' },
  { param: 'email_address', label: 'email addresses' },
  { param: 'phone_number', label: 'phone numbers' },
  { param: 'username', label: 'usernames' },
  { param: 'web3_wallet', label: 'web3 wallets' },
];

const listParams = [...searches, ...filters].map(({ param }) => param);

/** Users: `GET /v1/users` (a bare array) and `/v1/users/count` for the total. */
export const userResource: ResourceDescriptor = {
  kind: 'user',
  route: 'users',
  title: 'Users',
  noun: 'user',
  searches,
  filters,
  orders: [
    'created_at',
    'updated_at',
    'email_address',
    'web3wallet',
    'first_name',
    'last_name',
    'phone_number',
    'username',
    'last_active_at',
    'last_sign_in_at',
  ],
  columns: [
    { label: 'Name', cell: nameOf },
    { label: 'Email', cell: emailOf },
    { label: 'Username', cell: (user) => text(user, 'username') },
    { label: 'Id', cell: (user) => text(user, 'id') },
    { label: 'Updated', cell: (user) => dateText(user.updated_at) },
  ],
  async fetchPage(api, query) {
    const [items, count] = await Promise.all([
      api.get<ApiResource[]>('v1/users', pickParams(query, [...listParams, ...pageParams])),
      api.get<{ total_count: number }>('v1/users/count', pickParams(query, listParams)),
    ]);
    return { items, total: count.total_count };
  },
  idNames: ['user id'],
  idsOf: (user) => [text(user, 'id')],
  load: (api, [id]) => api.get(`v1/users/${segment(id!)}`),
  metadataPath: ([id]) => `v1/users/${segment(id!)}/metadata`,
  modes: ['update', 'replace'],
  fields: userMetadataFields,
  heading: (user) => nameOf(user) || emailOf(user) || text(user, 'username') || text(user, 'id'),
  facts: (user) => [
    ['Id', text(user, 'id')],
    ['Email', emailOf(user)],
    ['Username', text(user, 'username')],
    ['External id', text(user, 'external_id')],
    ['Created', dateText(user['created_at'])],
    ['Updated', dateText(user.updated_at)],
  ],
  related: ([id]) => [{ label: 'Memberships of this user', href: `#/memberships?user_id=${encodeURIComponent(id!)}` }],
};
