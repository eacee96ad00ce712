import type { JsonObject, JsonValue } from '@metadata-semantics/core';
import type { StoredResource } from '../store/metadataStore.js';
import { randomId } from '../shared/ids.js';
import { organizationJson } from './organizationResource.js';
import { rolePermissions } from './rolePermissions.js';
import { metadataField } from './userResource.js';

/** The body parameters of `POST /v1/organizations/{organization_id}/memberships`. */
export const createMembershipParams = ['user_id', 'role', 'public_metadata', 'private_metadata'];

/** A membership's `public_user_data`: the user's public profile, taken when the membership is written. */
export function publicUserData(user: StoredResource): JsonObject {
  const emails = user.attributes['email_addresses'];
  const firstEmail = Array.isArray(emails) ? (emails[0] as JsonObject | undefined) : undefined;
  const imageUrl = user.attributes['image_url'] ?? '';
  return {
    user_id: user.key,
    first_name: user.attributes['first_name'] ?? null,
    last_name: user.attributes['last_name'] ?? null,
    profile_image_url: imageUrl,
    image_url: imageUrl,
    has_image: user.attributes['has_image'] ?? false,
    identifier: (firstEmail?.['email_address'] as JsonValue | undefined) ?? user.attributes['username'] ?? '',
    username: user.attributes['username'] ?? null,
    banned: user.attributes['banned'] ?? false,
  };
}

/** The attributes of a new membership of `user`. */
export function newMembershipAttributes(role: string, user: StoredResource): JsonObject {
  return { id: randomId('orgmem_'), ...roleAttributes(role), public_user_data: publicUserData(user) };
}

/** A role and its name without the `org:` prefix (its permissions follow from it when answered). */
export function roleAttributes(role: string): JsonObject {
  return { role, role_name: role.replace(/^org:/, '') };
}

/** The Clerk JSON object of a membership, with its organization inside, as the SDK expects. */
export function membershipJson(membership: StoredResource, organization: StoredResource): JsonObject {
  const userData = membership.attributes['public_user_data'] as JsonObject | undefined;
  return {
    object: 'organization_membership',
    ...membership.attributes,
    // From the role, never stored (earlier versions stored [] whatever the role).
    permissions: rolePermissions(String(membership.attributes['role'])),
    // Stored by earlier versions without it.
    public_user_data: { profile_image_url: userData?.['image_url'] ?? null, ...userData },
    public_metadata: metadataField(membership, 'public_metadata'),
    private_metadata: metadataField(membership, 'private_metadata'),
    organization: organizationJson(organization),
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}
