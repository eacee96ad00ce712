// A membership's key names its organization and its user: `<organization_id>/<user_id>`. Built, split (in
// JavaScript and in SQL) here only.

/** Which end of a membership a key part names. */
export type MembershipEnd = 'organization' | 'user';

/** The key of a user's membership of an organization. Ids hold no `/`, so the key splits back at its first. */
export function membershipKey(organizationId: string, userId: string): string {
  return `${organizationId}/${userId}`;
}

/** The organization's or the user's id in a membership key, split at the first `/`; `undefined` for a key without one. */
export function membershipKeyPart(key: string, end: MembershipEnd): string | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  return end === 'organization' ? key.slice(0, slash) : key.slice(slash + 1);
}

/**
 * {@link membershipKeyPart} in SQL, over the text column `column`: the expression `postgresStore`'s queries and
 * its indexes by organization and by user share (the planner uses an index only for the very same expression).
 */
export function membershipKeyPartSql(end: MembershipEnd, column = 'key'): string {
  return end === 'organization' ? `split_part(${column}, '/', 1)` : `substr(${column}, strpos(${column}, '/') + 1)`;
}
