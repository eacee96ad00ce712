import type { StoredResource } from '../../store/metadataStore.js';
import { membershipKeyPart } from '../../store/membershipKey.js';
import { membershipJson } from '../membershipResource.js';
import type { RouteContext } from '../route.js';

/**
 * Inserts a membership while its organization and its user exist: the store checks both in the insert's own
 * atomic step, so an end deleted before it leaves nothing written and no event recorded, and one deleted after it
 * takes the membership with it. A refused insert is explained by reading the ends then (an end that is gone stays
 * gone: ids are never reused): the missing end is named, or `exists` when the user already was a member. The
 * `organizationMembership.created` event, when webhooks are on, shows `shownOrganization` (as the answer does).
 */
export async function insertMembership(
  context: RouteContext,
  membership: StoredResource,
  shownOrganization: StoredResource,
): Promise<'inserted' | 'exists' | 'organization' | 'user'> {
  const { store } = context;
  const organizationKey = membershipKeyPart(membership.key, 'organization')!;
  const userKey = membershipKeyPart(membership.key, 'user')!;
  const record = context.events?.('organization_membership', 'created', (written) => membershipJson(written, shownOrganization));
  const requires = [
    { kind: 'organization', key: organizationKey },
    { kind: 'user', key: userKey },
  ] as const;
  if (await store.insert(membership, record, { requires })) return 'inserted';
  const [organization, user] = await Promise.all([store.get('organization', organizationKey), store.get('user', userKey)]);
  if (organization === undefined) return 'organization';
  return user === undefined ? 'user' : 'exists';
}
