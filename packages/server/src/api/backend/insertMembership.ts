import type { StoredResource } from '../../store/metadataStore.js';
import { membershipKeyPart } from '../../store/membershipKey.js';
import { membershipJson } from '../membershipResource.js';
import type { RouteContext } from '../route.js';

/**
 * Inserts a membership, then reads both its ends again: an organization or a user deleted meanwhile (its
 * sweep of memberships may have run just before this insert) must not leave the membership behind, so then
 * it is deleted again and the missing end is named. `exists` when the user already was a member. The
 * `organizationMembership.created` event, when webhooks are on, shows `shownOrganization` (as the answer does).
 */
export async function insertMembership(
  context: RouteContext,
  membership: StoredResource,
  shownOrganization: StoredResource,
): Promise<'inserted' | 'exists' | 'organization' | 'user'> {
  const { store } = context;
  const record = context.events?.('organization_membership', 'created', (written) => membershipJson(written, shownOrganization));
  if (!(await store.insert(membership, record))) return 'exists';
  const organizationKey = membershipKeyPart(membership.key, 'organization')!;
  const userKey = membershipKeyPart(membership.key, 'user')!;
  const [organization, user] = await Promise.all([store.get('organization', organizationKey), store.get('user', userKey)]);
  if (organization !== undefined && user !== undefined) return 'inserted';
  await store.delete('organization_membership', membership.key);
  return organization === undefined ? 'organization' : 'user';
}
