import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DuplicateUniqueValuesError,
  UniqueValueTakenError,
  createMetadataHandler,
  exclusivePostgresStore,
  memoryStore,
  postgresStore,
  type MetadataStore,
} from '../index.js';
import { startCli, stopCli } from './support/cli.js';
import { organizationWithSlug, sharedSlugs, slugHolders, withSlug, writeTableWithDuplicateSlugs } from './support/slugs.js';
import { backendRequest, errorOf, secretKey } from './support/harness.js';
import { memoryAndPgliteStores, pgliteForTestFile } from './support/testStores.js';
import { newPglite } from './support/pgliteTemplate.js';

// Clerk's slugs are unique, and so are the server's on every store, however the requests interleave: the store
// refuses a taken slug atomically with the write, the handler answers it 422 form_identifier_exists, and a slug
// derived from the name is retried with a random suffix. A table an earlier version filled with duplicates is
// named, not a failed index build. (Two processes on a real PostgreSQL: multiProcess.postgres.test.ts.)
const db = pgliteForTestFile();
const stores = memoryAndPgliteStores('slugs', { exclusive: true, db });

const post = (handler: (request: Request) => Promise<Response>, body: object) =>
  backendRequest(handler, 'POST', '/v1/organizations', JSON.stringify(body));
const organizationOf = async (response: Response) => (await response.json()) as { id: string; slug: string };
const slugTaken = { status: 422, code: 'form_identifier_exists', paramName: 'slug' };

describe.each(stores)('$name: unique slugs through the handler, under concurrency', ({ make }) => {
  it('20 concurrent creations with one slug: one 200, the others 422 form_identifier_exists, and one organization holds it', async () => {
    // Arrange
    const store = make();
    const handler = createMetadataHandler({ secretKey, store });

    // Act
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => post(handler, { name: `Acme ${index}`, slug: 'acme' })));

    // Assert
    const created = responses.filter((response) => response.status === 200);
    expect(created).toHaveLength(1);
    for (const response of responses.filter((refused) => refused.status !== 200)) expect(await errorOf(response)).toEqual(slugTaken);
    expect(await slugHolders(store, 'acme')).toEqual([(await organizationOf(created[0]!)).id]);
    expect(await store.count({ kind: 'organization' })).toBe(1);
  });

  it('10 concurrent creations with only a name: all 200, each with its own slug, derived or with a random suffix', async () => {
    // Arrange
    const store = make();
    const handler = createMetadataHandler({ secretKey, store });

    // Act
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(handler, { name: 'Acme Inc' })));

    // Assert
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    const slugs = (await Promise.all(responses.map(organizationOf))).map((created) => created.slug);
    expect(new Set(slugs).size).toBe(10);
    expect(slugs.filter((slug) => slug === 'acme-inc')).toHaveLength(1);
    for (const slug of slugs.filter((suffixed) => suffixed !== 'acme-inc')) expect(slug).toMatch(/^acme-inc-[a-z0-9]{6}$/);
    for (const slug of slugs) expect(await slugHolders(store, slug)).toHaveLength(1);
  });

  it('10 concurrent renames to one slug: one 200, the others 422, each of them keeping its slug', async () => {
    // Arrange
    const store = make();
    const handler = createMetadataHandler({ secretKey, store });
    const ids: string[] = [];
    for (let index = 0; index < 10; index++) ids.push((await organizationOf(await post(handler, { name: `Org ${index}`, slug: `own-${index}` }))).id);

    // Act
    const responses = await Promise.all(ids.map((id) => backendRequest(handler, 'PATCH', `/v1/organizations/${id}`, '{"slug":"target"}')));

    // Assert
    const renamed = ids.filter((_, index) => responses[index]!.status === 200);
    expect(renamed).toHaveLength(1);
    for (const response of responses.filter((refused) => refused.status !== 200)) expect(await errorOf(response)).toEqual(slugTaken);
    expect(await slugHolders(store, 'target')).toEqual(renamed);
    for (const [index, id] of ids.entries()) {
      if (id !== renamed[0]) expect((await store.get('organization', id))!.attributes['slug']).toBe(`own-${index}`);
    }
  });
});

describe('a slug derived from the name', () => {
  it('is tried 10 times, then with a random suffix each, and the request fails with 409 having written nothing', async () => {
    // Arrange: a store on which every slug is taken.
    const underlying = memoryStore();
    const tried: string[] = [];
    const store: MetadataStore = {
      ...underlying,
      insert: async (resource) => {
        const slug = resource.attributes['slug'] as string;
        tried.push(slug);
        throw new UniqueValueTakenError('organization', 'slug', slug);
      },
    };
    const handler = createMetadataHandler({ secretKey, store });

    // Act
    const response = await post(handler, { name: 'Acme Inc' });

    // Assert
    expect(await errorOf(response)).toEqual({ status: 409, code: 'concurrent_modification' });
    expect(tried[0]).toBe('acme-inc');
    expect(tried).toHaveLength(10);
    expect(new Set(tried).size).toBe(10);
    for (const slug of tried.slice(1)) expect(slug).toMatch(/^acme-inc-[a-z0-9]{6}$/);
    expect(await underlying.count({ kind: 'organization' })).toBe(0);
  });
});

describe('a table that already holds duplicate slugs (an earlier version wrote them)', () => {
  it('postgresStore does not open it: migrate() names each shared slug and its organizations; once they are renamed, it opens', async () => {
    // Arrange
    const table = 'duplicates_postgres';
    await writeTableWithDuplicateSlugs(db(), table);
    const store = postgresStore(db(), { table });

    // Act
    const refusal = await store.migrate().catch((error: unknown) => error);

    // Assert
    expect(refusal).toBeInstanceOf(DuplicateUniqueValuesError);
    expect(refusal).toMatchObject({ table, kind: 'organization', field: 'slug', duplicates: sharedSlugs, total: 2 });
    const { message } = refusal as Error;
    expect(message).toContain(`the table ${table} holds 2 slug values that several organizations share`);
    expect(message).toContain('"acme" (org_a1, org_a2), "beta" (org_b1, org_b2, org_b3)');
    await expect(store.get('organization', 'org_solo')).rejects.toBeInstanceOf(DuplicateUniqueValuesError);
    // Renamed (as exclusivePostgresStore lets them be), the table opens, and its index refuses a taken slug.
    const renaming = exclusivePostgresStore(db(), { table });
    for (const key of ['org_a2', 'org_b2', 'org_b3']) await renaming.changeAttributes('organization', key, withSlug(`${key}-own`), 2);
    await store.migrate();
    await expect(store.insert(organizationWithSlug('org_new', 'acme'))).rejects.toBeInstanceOf(UniqueValueTakenError);
  });

  it('exclusivePostgresStore opens it: each organization stays readable and writable, and its slug is refused to any other', async () => {
    // Arrange
    const table = 'duplicates_exclusive';
    await writeTableWithDuplicateSlugs(db(), table);
    const store = exclusivePostgresStore(db(), { table });

    // Act
    await store.migrate();
    const inserted = await store.insert(organizationWithSlug('org_new', 'acme')).catch((error: unknown) => error);
    const renamedOnto = await store.changeAttributes('organization', 'org_solo', withSlug('beta'), 2).catch((error: unknown) => error);
    const keptSlug = await store.changeAttributes('organization', 'org_a1', (current) => ({ attributes: { ...current.attributes, name: 'Acme' }, createdAt: 1 }), 3);
    await store.changeAttributes('organization', 'org_a2', withSlug('acme-2'), 4);
    const backOnto = await store.changeAttributes('organization', 'org_a2', withSlug('acme'), 5).catch((error: unknown) => error);

    // Assert
    for (const refusal of [inserted, renamedOnto, backOnto]) expect(refusal).toBeInstanceOf(UniqueValueTakenError);
    expect(keptSlug).toMatchObject({ attributes: { name: 'Acme', slug: 'acme' } });
    expect(await slugHolders(store, 'acme')).toEqual(['org_a1']);
    expect(await slugHolders(store, 'beta')).toEqual(['org_b1', 'org_b2', 'org_b3']);
    expect(await store.get('organization', 'org_new')).toBeUndefined();
  });
});

describe('the command-line server (STORE=pglite) on a data folder holding duplicate slugs', () => {
  const root = mkdtempSync(join(tmpdir(), 'metadata-slugs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('starts with a warning naming them, serves them, and refuses their slugs to a new organization', async () => {
    // Arrange
    const dataDir = join(root, 'pglite');
    const folder = await newPglite({}, dataDir);
    await writeTableWithDuplicateSlugs(folder);
    await folder.close();
    const key = 'sk_test_duplicate_slugs';
    const call = (method: string, path: string, body?: object) =>
      fetch(`${cli.url}${path}`, { method, headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

    // Act
    const cli = await startCli({ STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: key });
    try {
      const created = await call('POST', '/v1/organizations', { name: 'Acme', slug: 'acme' });
      const read = await call('GET', '/v1/organizations/org_a2');
      const renamed = await call('PATCH', '/v1/organizations/org_a2', { slug: 'acme-2' });

      // Assert
      expect(cli.output()).toContain(
        'WARNING: the table metadata_semantics_resources holds 2 slug values that several organizations share, and a slug must be unique: "acme" (org_a1, org_a2), "beta" (org_b1, org_b2, org_b3).',
      );
      expect(await errorOf(created)).toEqual(slugTaken);
      expect(read.status).toBe(200);
      expect(renamed.status).toBe(200);
    } finally {
      expect(await stopCli(cli)).toBe(0);
    }
  });
});
