import type { ResourceField, ResourceKind } from './metadataStore.js';

/**
 * The fields whose value one resource of a kind holds at most: an organization's slug (Clerk's slugs are unique).
 * Each is a string attribute named as the field. Every store checks them as it writes (`refuseTakenValues`
 * in memory, a unique index in PostgreSQL).
 */
export const uniqueFields: Readonly<Record<ResourceKind, readonly ResourceField[]>> = {
  user: [],
  organization: ['slug'],
  organization_membership: [],
};
