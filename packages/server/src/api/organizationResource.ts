import type { JsonObject, JsonValue } from '@metadata-semantics/core';
import type { StoredResource } from '../store/metadataStore.js';
import { optionalBoolean, optionalCount, optionalString, optionalTimestamp, presentParams, requiredString, type Body } from './bodyParams.js';
import { invalidParam } from '../http/serverErrors.js';
import { metadataField } from './userResource.js';

/** The body parameters of `POST /v1/organizations` at API version 2026-05-12. */
export const createOrganizationParams = [
  'name',
  'slug',
  'created_by',
  'max_allowed_memberships',
  'public_metadata',
  'private_metadata',
  'created_at',
  'role_set_key',
];

/** The body parameters of `PATCH /v1/organizations/{organization_id}` (metadata has its own endpoint). */
export const updateOrganizationParams = ['name', 'slug', 'max_allowed_memberships', 'admin_delete_enabled', 'created_at', 'role_set_key'];

/** A slug as Clerk takes it: lowercase letters, digits and dashes. */
function slugParam(body: Body, param: string): string | null {
  const slug = optionalString(body, param);
  if (slug !== null && !/^[a-z0-9-]+$/.test(slug)) {
    invalidParam(param, `${param} can contain only lowercase letters, digits and dashes.`);
  }
  return slug;
}

/** The slug Clerk derives from a name: lowercase letters and digits, other runs as one dash. */
export function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'organization'
  );
}

/** The attributes of a new organization, who created it (`null` when nobody was named) and when. */
export function newOrganizationAttributes(
  body: Body,
  now: number,
): { attributes: JsonObject; createdBy: string | null; slugGiven: boolean; createdAt: number } {
  const name = requiredString(body, 'name');
  const slug = slugParam(body, 'slug');
  const createdBy = optionalString(body, 'created_by');
  const attributes: JsonObject = {
    name,
    slug: slug ?? slugOf(name),
    image_url: '',
    has_image: false,
    max_allowed_memberships: optionalCount(body, 'max_allowed_memberships') ?? 0,
    admin_delete_enabled: true,
    role_set_key: optionalString(body, 'role_set_key'),
  };
  // Clerk's organization has no created_by without a creator (its schema allows only a string).
  if (createdBy !== null) attributes['created_by'] = createdBy;
  return { attributes, createdBy, slugGiven: slug !== null, createdAt: optionalTimestamp(body, 'created_at') ?? now };
}

/** The attributes `PATCH /v1/organizations/{organization_id}` sets, read and checked, and its `created_at`. */
export function organizationUpdate(body: Body): { set: JsonObject; createdAt: number | null } {
  const set: JsonObject = presentParams<JsonValue>(body, {
    name: optionalString,
    slug: slugParam,
    max_allowed_memberships: optionalCount,
    admin_delete_enabled: optionalBoolean,
    role_set_key: optionalString,
  });
  // A name and a slug can change, not disappear.
  for (const param of ['name', 'slug', 'max_allowed_memberships', 'admin_delete_enabled'] as const) {
    if (set[param] === null) delete set[param];
  }
  return { set, createdAt: optionalTimestamp(body, 'created_at') };
}

/** The Clerk JSON object of an organization; `membersCount` when the request asked for it. */
export function organizationJson(organization: StoredResource, membersCount?: number): JsonObject {
  const json: JsonObject = {
    object: 'organization',
    id: organization.key,
    role_set_key: null,
    ...organization.attributes,
    ...(membersCount === undefined ? {} : { members_count: membersCount }),
    public_metadata: metadataField(organization, 'public_metadata'),
    private_metadata: metadataField(organization, 'private_metadata'),
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
  };
  // Stored by earlier versions for an organization without a creator; Clerk's schema allows only a string.
  if (json['created_by'] === null) delete json['created_by'];
  return json;
}
