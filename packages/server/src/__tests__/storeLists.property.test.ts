import type { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fc, it } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  exclusivePostgresStore,
  memoryStore,
  postgresStore,
  type MetadataStore,
  type ResourceCondition,
  type ResourceField,
  type ResourceKind,
  type ResourceListQuery,
  type StoredResource,
} from '../index.js';
import { newPglite } from './support/pgliteTemplate.js';

// Every store answers a list and a count alike: one random set of users, organizations and memberships in
// memoryStore, postgresStore and exclusivePostgresStore over PGlite, then random queries, compared key by key;
// then random changes between queries, so that the memory structures (value indexes, sorted orders) must follow
// every change as the table does. Values mix ASCII case, accents, astral characters and tied creation times; query
// values also hold U+0000 and lone surrogates, which PostgreSQL cannot take: they match nothing, never a 500.
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 150);
const letters = fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', 'z', '-', ' ', '😀', 'ß', '"', '\\', '\n');
const text = fc.string({ unit: letters, minLength: 0, maxLength: 4 });
const queryText = fc.oneof(text, fc.constantFrom('\u0000', 'a\u0000', '\ud800', 'b\udc00x'));

interface Dataset {
  users: StoredResource[];
  organizations: StoredResource[];
  memberships: StoredResource[];
}

function record(kind: ResourceKind, key: string, attributes: StoredResource['attributes'], createdAt: number): StoredResource {
  return { kind, key, attributes, metadata: {}, createdAt, updatedAt: createdAt + 1, version: 1 };
}

const datasetArbitrary = fc
  .record({
    users: fc.array(
      fc.record({ first: fc.option(text), last: fc.option(text), username: fc.option(text), emails: fc.array(text, { maxLength: 2 }), time: fc.integer({ min: 1, max: 6 }) }),
      { minLength: 1, maxLength: 25 },
    ),
    organizations: fc.array(fc.record({ name: text, slug: text, time: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 6 }),
    memberships: fc.array(fc.record({ user: fc.nat(), organization: fc.nat(), role: fc.constantFrom('org:admin', 'org:member') }), { maxLength: 30 }),
  })
  .map(({ users, organizations, memberships }): Dataset => {
    const userRecords = users.map((user, index) =>
      record('user', `user_${String(index).padStart(2, '0')}`, {
        first_name: user.first,
        last_name: user.last,
        username: user.username,
        email_addresses: user.emails.map((email, item) => ({ id: `idn_${index}_${item}`, email_address: email })),
      }, user.time),
    );
    // Slugs are unique in every store: a repeated one gets its organization's index.
    const slugs = new Set<string>();
    const organizationRecords = organizations.map((organization, index) => {
      const slug = slugs.has(organization.slug) ? `${organization.slug}${index}` : organization.slug;
      slugs.add(slug);
      return record('organization', `org_${index}`, { name: organization.name, slug }, organization.time);
    });
    const keys = new Set<string>();
    const membershipRecords: StoredResource[] = [];
    for (const membership of memberships) {
      const user = userRecords[membership.user % userRecords.length]!;
      const organization = organizationRecords[membership.organization % organizationRecords.length]!;
      const key = `${organization.key}/${user.key}`;
      if (keys.has(key)) continue;
      keys.add(key);
      membershipRecords.push(
        record('organization_membership', key, {
          id: `orgmem_${keys.size}`,
          role: membership.role,
          public_user_data: { first_name: user.attributes['first_name'] ?? null, username: user.attributes['username'] ?? null },
        }, 3),
      );
    }
    return { users: userRecords, organizations: organizationRecords, memberships: membershipRecords };
  });

const [dataset] = fc.sample(datasetArbitrary, { seed: 1105, numRuns: 1 }) as [Dataset];
const fieldsOf: Record<ResourceKind, readonly ResourceField[]> = {
  user: ['id', 'first_name', 'last_name', 'username', 'email_address', 'phone_number'],
  organization: ['id', 'name', 'slug'],
  organization_membership: ['id', 'organization_id', 'user_id', 'role', 'first_name', 'username'],
};
const orderFields: Record<ResourceKind, readonly ResourceListQuery['orderBy'][]> = {
  user: ['created_at', 'updated_at', 'first_name', 'last_name', 'username', 'email_address', 'last_active_at'].map((field) => ({ field, descending: false }) as never),
  organization: ['created_at', 'name', 'slug', 'members_count'].map((field) => ({ field, descending: false }) as never),
  organization_membership: ['created_at', 'first_name', 'username'].map((field) => ({ field, descending: false }) as never),
};

/** The names and email addresses changes give users: queries ask for them too. */
const renamedValues = ['ada', 'Ada', 'grace'];

function valuesFor(kind: ResourceKind): fc.Arbitrary<string> {
  const existing = [...dataset.users, ...dataset.organizations, ...dataset.memberships].flatMap((resource) => [resource.key, ...resource.key.split('/')]);
  return fc.oneof(
    queryText,
    fc.constantFrom(...existing, 'org:admin'),
    ...(kind === 'user' ? [fc.constantFrom(...dataset.users.flatMap((user) => [user.attributes['username'] as string | null ?? 'x']), ...renamedValues)] : []),
  );
}

// A part of a stored value (sliced by UTF-16 unit, so at times half of a surrogate pair): needles that match.
const storedTexts = [...dataset.users, ...dataset.organizations, ...dataset.memberships]
  .flatMap((resource) => JSON.stringify(resource.attributes).match(/"(?:[^"\\]|\\.)*"/g) ?? [])
  .map((literal) => JSON.parse(literal) as string)
  .filter((value) => value.length > 0);
const storedPart = fc
  .constantFrom(...storedTexts)
  .chain((value) => fc.tuple(fc.nat(value.length - 1), fc.integer({ min: 1, max: value.length })).map(([start, length]) => value.slice(start, start + length)))
  .chain((part) => fc.constantFrom(part, part.toUpperCase()));

const queryArbitrary = fc.constantFrom<ResourceKind>('user', 'organization', 'organization_membership').chain((kind) => {
  const field = fc.constantFrom(...fieldsOf[kind]);
  const condition: fc.Arbitrary<ResourceCondition> = fc.oneof(
    fc.record({ field, anyOf: fc.array(valuesFor(kind), { maxLength: 3 }) }),
    fc.record({ field, noneOf: fc.array(valuesFor(kind), { maxLength: 3 }) }),
    fc.record({ fields: fc.uniqueArray(field, { minLength: 1, maxLength: 3 }), contains: fc.oneof(queryText, storedPart) }),
  );
  return fc.record({
    kind: fc.constant(kind),
    where: fc.array(condition, { maxLength: 2 }),
    orderBy: fc.option(fc.tuple(fc.constantFrom(...orderFields[kind]), fc.boolean()).map(([order, descending]) => ({ ...order!, descending })), { nil: undefined }),
    limit: fc.integer({ min: 1, max: 30 }),
    offset: fc.integer({ min: 0, max: 30 }),
  });
});

let db: PGlite;
let trigramDb: PGlite;
const stores: { name: string; store: MetadataStore }[] = [];
const keysOf = (resources: StoredResource[]) => resources.map((resource) => resource.key);

beforeAll(async () => {
  db = await newPglite();
  trigramDb = await newPglite({ extensions: { pg_trgm } });
  stores.push(
    { name: 'memoryStore', store: memoryStore() },
    { name: 'postgresStore (PGlite)', store: postgresStore(db, { table: 'lists' }) },
    { name: 'postgresStore (PGlite with pg_trgm: trigram indexes)', store: postgresStore(trigramDb, { table: 'lists' }) },
    { name: 'exclusivePostgresStore (PGlite)', store: exclusivePostgresStore(db, { table: 'lists_exclusive' }) },
  );
  for (const { store } of stores) {
    for (const resource of [...dataset.users, ...dataset.organizations, ...dataset.memberships]) await store.insert(resource);
  }
});
afterAll(async () => {
  await db.close();
  await trigramDb.close();
});

/** Each store's page (as keys) and count of a query. */
const answersOf = (of: readonly { store: MetadataStore }[], query: ResourceListQuery) =>
  Promise.all(of.map(async ({ store }) => ({ page: keysOf(await store.list(query)), count: await store.count(query) })));

describe('lists and counts, memoryStore against postgresStore and exclusivePostgresStore', () => {
  it.prop([queryArbitrary], { numRuns })('the same page, in the same order, and the same count', async (query) => {
    // Act
    const [memory, ...others] = await answersOf(stores, query);

    // Assert
    for (const other of others) expect(other).toEqual(memory);
    expect(memory!.page.length).toBe(Math.max(0, Math.min(query.limit, memory!.count - query.offset)));
  });
});

/** A change every store applies alike: a user's names and email address, a metadata change, or a deletion. */
const changeArbitrary = fc.oneof(
  fc.record({ op: fc.constant('rename' as const), user: fc.nat(), first: fc.option(fc.constantFrom(...renamedValues)), username: fc.option(fc.constantFrom(...renamedValues)), email: fc.constantFrom(...renamedValues) }),
  fc.record({ op: fc.constant('touch' as const), user: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), kind: fc.constantFrom<ResourceKind>('user', 'organization', 'organization_membership'), index: fc.nat() }),
);

async function applyChange(store: MetadataStore, change: typeof changeArbitrary extends fc.Arbitrary<infer T> ? T : never): Promise<void> {
  if (change.op === 'delete') {
    const resources = change.kind === 'user' ? dataset.users : change.kind === 'organization' ? dataset.organizations : dataset.memberships;
    if (resources.length > 0) await store.delete(change.kind, resources[change.index % resources.length]!.key);
    return;
  }
  const key = dataset.users[change.user % dataset.users.length]!.key;
  if (change.op === 'touch') {
    await store.changeMetadata('user', key, (metadata) => ({ ...metadata, public_metadata: { touched: true } }), 50);
    return;
  }
  await store.changeAttributes(
    'user',
    key,
    (current) => ({
      attributes: { ...current.attributes, first_name: change.first, username: change.username, email_addresses: [{ id: 'idn_new', email_address: change.email }] },
      createdAt: current.createdAt,
    }),
    40,
  );
}

let runs = 0;
describe('lists and counts after changes', () => {
  it.prop([fc.array(queryArbitrary, { minLength: 1, maxLength: 3 }), fc.array(changeArbitrary, { minLength: 1, maxLength: 6 })], {
    numRuns: Math.ceil(numRuns / 5),
  })('every store answers alike before and after the same changes', async (randomQueries, changes) => {
    // Arrange: fresh stores holding the dataset, asked once (building the memory structures), also for the
    // values the changes write.
    const queries = [
      ...randomQueries,
      ...(['username', 'first_name', 'email_address'] as const).map((field) => ({ kind: 'user' as const, where: [{ field, anyOf: renamedValues }], limit: 30, offset: 0 })),
      { kind: 'user' as const, orderBy: { field: 'username' as const, descending: false }, limit: 30, offset: 0 },
    ];
    runs++;
    const fresh = [
      { store: memoryStore() },
      { store: postgresStore(db, { table: `changed_${runs}` }) },
      { store: postgresStore(trigramDb, { table: `changed_${runs}` }) },
      { store: exclusivePostgresStore(db, { table: `changed_exclusive_${runs}` }) },
    ];
    for (const { store } of fresh) {
      for (const resource of [...dataset.users, ...dataset.organizations, ...dataset.memberships]) await store.insert(resource);
    }
    for (const query of queries) await answersOf(fresh, query);

    // Act
    for (const change of changes) for (const { store } of fresh) await applyChange(store, change);

    // Assert
    for (const query of queries) {
      const [memory, ...others] = await answersOf(fresh, query);
      for (const other of others) expect(other).toEqual(memory);
    }
  });
});

describe('contains, on characters JSON escapes', () => {
  it('matches a value holding a quote, a backslash or a newline in every store', async () => {
    // Arrange
    const quoted = record('user', 'user_quoted', { first_name: 'a"b\\c\nd', email_addresses: [{ id: 'idn_q', email_address: 'Q"x@example.com' }] }, 9);
    const found: number[][] = [];
    for (const isolated of [memoryStore(), postgresStore(db, { table: 'escapes' }), exclusivePostgresStore(db, { table: 'escapes_exclusive' })]) {
      await isolated.insert(quoted);

      // Act
      const counts = [];
      for (const [fields, contains] of [[['first_name'], 'A"B'], [['first_name'], 'b\\C'], [['first_name'], 'c\nD'], [['email_address'], 'q"X@'], [['first_name'], '"Z']] as const) {
        counts.push(await isolated.count({ kind: 'user', where: [{ fields, contains }] }));
      }
      found.push(counts);
    }

    // Assert
    expect(found).toEqual([
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 0],
    ]);
  });
});
