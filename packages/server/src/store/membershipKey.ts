/**
 * The organization id or the user id in a membership key
 * `<organization_id>/<user_id>`, split at the first `/` (ids have none);
 * `undefined` for a key without `/`. `postgresStore` splits the same way in SQL.
 */
export function membershipOwner(membershipKey: string, owner: 'user' | 'organization'): string | undefined {
  const slash = membershipKey.indexOf('/');
  if (slash < 0) return undefined;
  return owner === 'organization' ? membershipKey.slice(0, slash) : membershipKey.slice(slash + 1);
}
