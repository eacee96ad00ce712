import type { MetadataStore, StoredResource } from '../../store/metadataStore.js';
import { membershipKeyPart } from '../../store/membershipKey.js';

/**
 * Inserts a membership, then reads both its ends again: an organization or a user deleted meanwhile (its
 * sweep of memberships may have run just before this insert) must not leave the membership behind, so then
 * it is deleted again and the missing end is named. `exists` when the user already was a member.
 */
export async function insertMembership(
  store: MetadataStore,
  membership: StoredResource,
): Promise<'inserted' | 'exists' | 'organization' | 'user'> {
  if (!(await store.insert(membership))) return 'exists';
  const organizationKey = membershipKeyPart(membership.key, 'organization')!;
  const userKey = membershipKeyPart(membership.key, 'user')!;
  const [organization, user] = await Promise.all([store.get('organization', organizationKey), store.get('user', userKey)]);
  if (organization !== undefined && user !== undefined) return 'inserted';
  await store.delete('organization_membership', membership.key);
  return organization === undefined ? 'organization' : 'user';
}
