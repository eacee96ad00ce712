import { exclusivePostgresStore, type MetadataStore, type SqlClient, type StoredResource } from '../../index.js';

/** An organization as a store holds it, with a slug (of any JSON type, to show which count). */
export const organizationWithSlug = (key: string, slug: unknown, name = key): StoredResource =>
  ({ kind: 'organization', key, attributes: { name, slug }, metadata: {}, createdAt: 1, updatedAt: 1, version: 1 }) as StoredResource;

/** An attributes change that sets the slug. */
export const withSlug = (slug: unknown) => (current: StoredResource) => ({
  attributes: { ...current.attributes, slug } as StoredResource['attributes'],
  createdAt: current.createdAt,
});

/** The keys of the organizations holding a slug, sorted. */
export async function slugHolders(store: MetadataStore, slug: string): Promise<string[]> {
  const organizations = await store.list({ kind: 'organization', where: [{ field: 'slug', anyOf: [slug] }], limit: 100, offset: 0 });
  return organizations.map((organization) => organization.key).sort();
}

/** Organizations an earlier version could write, racing: two share "acme", three "beta", one has "solo". */
export const duplicateSlugOrganizations = [
  ['org_a1', 'acme'],
  ['org_a2', 'acme'],
  ['org_b1', 'beta'],
  ['org_b2', 'beta'],
  ['org_b3', 'beta'],
  ['org_solo', 'solo'],
] as const;

/** What a store refusing or warning about that table names: each shared slug with its organizations. */
export const sharedSlugs = [
  { value: 'acme', keys: ['org_a1', 'org_a2'] },
  { value: 'beta', keys: ['org_b1', 'org_b2', 'org_b3'] },
];

/** Creates the table (as exclusivePostgresStore does: without a unique index) and writes those organizations. */
export async function writeTableWithDuplicateSlugs(client: SqlClient, table = 'metadata_semantics_resources'): Promise<void> {
  await exclusivePostgresStore(client, { table }).migrate();
  for (const [key, slug] of duplicateSlugOrganizations) {
    await client.query(
      `INSERT INTO ${table} (kind, key, attributes, metadata, created_at, updated_at, version) VALUES ('organization', $1, $2, '{}', 1, 1, 1)`,
      [key, JSON.stringify({ name: key, slug })],
    );
  }
}
