import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  StoreConflictError,
  UniqueValueTakenError,
  createMetadataHandler,
  exclusivePostgresStore,
  memoryStore,
  postgresStore,
  type MetadataStore,
  type RecordingStore,
  type SqlClient,
  type StoredResource,
} from '../index.js';
import { backendRequest, errorOf, secretKey, startServer } from './support/harness.js';
import { organizationWithSlug, slugHolders, withSlug } from './support/slugs.js';
import { newPglite } from './support/pgliteTemplate.js';

// The store contract, for memoryStore, postgresStore and exclusivePostgresStore over PGlite (one
// PGlite for this file: a fresh one takes seconds), and 500 concurrent PATCHes
// through the real SDK and HTTP on each. Under scripts/with-postgres.sh (as in
// CI), also for postgresStore over a pg Pool on a real PostgreSQL server.
let db: PGlite;
let tableCount = 0;
const postgresUrl = process.env['TEST_POSTGRES_URL'];
let pool: pg.Pool | undefined;
// Unique per run, so a reused database never holds an earlier run's rows.
const pgTablePrefix = `store_test_${process.pid}_${Date.now()}`;
const pgTables: string[] = [];

beforeAll(async () => {
  db = await newPglite();
  if (postgresUrl) pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
});
afterAll(async () => {
  await db.close();
  if (pool !== undefined) {
    for (const table of pgTables) await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  }
});

function freshPgPoolStore(): MetadataStore {
  const table = `${pgTablePrefix}_${pgTables.length}`;
  pgTables.push(table);
  return postgresStore(pool!, { table });
}

function freshPostgresStore(client: SqlClient = db, maxAttempts?: number) {
  tableCount++;
  return postgresStore(client, { table: `resources_${tableCount}`, ...(maxAttempts === undefined ? {} : { maxAttempts }) });
}

const stores: { name: string; make: () => MetadataStore }[] = [
  { name: 'memoryStore', make: () => memoryStore() },
  { name: 'postgresStore (PGlite)', make: () => freshPostgresStore() },
  { name: 'exclusivePostgresStore (PGlite)', make: () => exclusivePostgresStore(db, { table: `exclusive_${++tableCount}` }) },
  ...(postgresUrl ? [{ name: 'postgresStore (pg Pool, TEST_POSTGRES_URL)', make: freshPgPoolStore }] : []),
];

function resource(kind: StoredResource['kind'], key: string, metadata: StoredResource['metadata'] = {}): StoredResource {
  return { kind, key, attributes: { name: key }, metadata, createdAt: 1, updatedAt: 1, version: 1 };
}

describe.each(stores)('$name', ({ make }) => {
  it('inserts once per kind and key, and reads back an equal record', async () => {
    // Arrange
    const store = make();
    const user = resource('user', 'user_1', { public_metadata: { z: 1, a: { ['__proto__']: 'kept' } } });

    // Act
    const first = await store.insert(user);
    const second = await store.insert(resource('user', 'user_1'));
    const otherKind = await store.insert(resource('organization', 'user_1'));

    // Assert
    expect([first, second, otherKind]).toEqual([true, false, true]);
    const read = await store.get('user', 'user_1');
    expect(read).toEqual(user);
    expect(Object.keys(read!.metadata['public_metadata'] as object)).toEqual(['z', 'a']);
    expect(Object.hasOwn((read!.metadata['public_metadata'] as Record<string, object>)['a']!, '__proto__')).toBe(true);
    expect(await store.get('user', 'user_2')).toBeUndefined();
  });

  it('inserts a resource that requires others only while they all exist; refused, it writes and records nothing', async () => {
    // Arrange
    const store = make() as RecordingStore;
    await store.insert(resource('organization', 'org_1'));
    await store.insert(resource('user', 'user_1'));
    const requires = (user: string) => [
      { kind: 'organization', key: 'org_1' },
      { kind: 'user', key: user },
    ] as const;
    const record = (written: StoredResource) => [
      { id: `msg_${written.key}`, endpoint: 'http://sink', orderKey: written.key, type: 'organizationMembership.created', body: '{}', recordedAt: 1 } as const,
    ];

    // Act
    const missing = await store.insert(resource('organization_membership', 'org_1/user_2'), record, { requires: requires('user_2') });
    const present = await store.insert(resource('organization_membership', 'org_1/user_1'), record, { requires: requires('user_1') });

    // Assert
    expect([missing, present]).toEqual([false, true]);
    expect(await store.get('organization_membership', 'org_1/user_2')).toBeUndefined();
    expect(await store.get('organization_membership', 'org_1/user_1')).toBeDefined();
    expect((await store.webhookOutbox.list(10)).map((entry) => entry.id)).toEqual(['msg_org_1/user_1']);
  });

  it('changes metadata atomically: version + 1, updatedAt set; missing resources are not touched', async () => {
    // Arrange
    const store = make();
    await store.insert(resource('user', 'user_1', { public_metadata: { n: 1 } }));
    let calls = 0;

    // Act
    const changed = await store.changeMetadata('user', 'user_1', (m) => ({ ...m, public_metadata: { n: 2 } }), 99);
    const missing = await store.changeMetadata('user', 'user_2', () => {
      calls++;
      return {};
    }, 99);

    // Assert
    expect(changed).toMatchObject({ version: 2, updatedAt: 99, createdAt: 1, metadata: { public_metadata: { n: 2 } } });
    expect(await store.get('user', 'user_1')).toEqual(changed);
    expect(missing).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('writes nothing when the change throws, and rethrows', async () => {
    // Arrange
    const store = make();
    await store.insert(resource('user', 'user_1', { public_metadata: { n: 1 } }));
    const boom = new Error('invalid');

    // Act
    const outcome = store.changeMetadata('user', 'user_1', () => {
      throw boom;
    }, 5);

    // Assert
    await expect(outcome).rejects.toBe(boom);
    expect(await store.get('user', 'user_1')).toEqual(resource('user', 'user_1', { public_metadata: { n: 1 } }));
  });

  it("deletes a user with the user's memberships, and only those, returning the deleted user", async () => {
    // Arrange
    const store = make();
    await store.insert(resource('user', 'user_1', { public_metadata: { a: 1 } }));
    await store.insert(resource('user', 'user_2'));
    await store.insert(resource('organization_membership', 'org_1/user_1'));
    await store.insert(resource('organization_membership', 'org_1/user_2'));
    await store.insert(resource('organization_membership', 'user_1/user_2'));

    // Act
    const deleted = await store.delete('user', 'user_1');
    const again = await store.delete('user', 'user_1');

    // Assert
    expect(deleted).toEqual(resource('user', 'user_1', { public_metadata: { a: 1 } }));
    expect(again).toBeUndefined();
    expect(await store.get('user', 'user_1')).toBeUndefined();
    expect(await store.get('organization_membership', 'org_1/user_1')).toBeUndefined();
    expect(await store.get('organization_membership', 'org_1/user_2')).toBeDefined();
    expect(await store.get('organization_membership', 'user_1/user_2')).toBeDefined();
    expect(await store.get('user', 'user_2')).toBeDefined();
  });

  it("deletes an organization with the organization's memberships, and only those", async () => {
    // Arrange
    const store = make();
    await store.insert(resource('organization', 'org_1', { public_metadata: { tier: 1 } }));
    await store.insert(resource('organization', 'org_2'));
    await store.insert(resource('user', 'user_1'));
    await store.insert(resource('organization_membership', 'org_1/user_1'));
    await store.insert(resource('organization_membership', 'org_1/user_2'));
    await store.insert(resource('organization_membership', 'org_2/user_1'));
    await store.insert(resource('organization_membership', 'org_2/org_1'));

    // Act
    const deleted = await store.delete('organization', 'org_1');

    // Assert
    expect(deleted).toEqual(resource('organization', 'org_1', { public_metadata: { tier: 1 } }));
    expect(await store.get('organization', 'org_1')).toBeUndefined();
    expect(await store.get('organization_membership', 'org_1/user_1')).toBeUndefined();
    expect(await store.get('organization_membership', 'org_1/user_2')).toBeUndefined();
    expect(await store.get('organization_membership', 'org_2/user_1')).toBeDefined();
    expect(await store.get('organization_membership', 'org_2/org_1')).toBeDefined();
    expect(await store.get('organization', 'org_2')).toBeDefined();
    expect(await store.get('user', 'user_1')).toBeDefined();
  });

  it('deletes one membership, returning it, and nothing else', async () => {
    // Arrange
    const store = make();
    await store.insert(resource('organization', 'org_1'));
    await store.insert(resource('user', 'user_1'));
    await store.insert(resource('organization_membership', 'org_1/user_1', { private_metadata: { p: 1 } }));
    await store.insert(resource('organization_membership', 'org_1/user_2'));

    // Act
    const deleted = await store.delete('organization_membership', 'org_1/user_1');
    const again = await store.delete('organization_membership', 'org_1/user_1');

    // Assert
    expect(deleted).toEqual(resource('organization_membership', 'org_1/user_1', { private_metadata: { p: 1 } }));
    expect(again).toBeUndefined();
    expect(await store.get('organization_membership', 'org_1/user_2')).toBeDefined();
    expect(await store.get('organization', 'org_1')).toBeDefined();
    expect(await store.get('user', 'user_1')).toBeDefined();
  });

  it('deleting a missing user or organization deletes nothing, not even memberships naming it', async () => {
    // Arrange: memberships whose user and organization were never stored.
    const store = make();
    await store.insert(resource('organization_membership', 'org_9/user_9'));

    // Act
    const user = await store.delete('user', 'user_9');
    const organization = await store.delete('organization', 'org_9');

    // Assert
    expect([user, organization]).toEqual([undefined, undefined]);
    expect(await store.get('organization_membership', 'org_9/user_9')).toEqual(resource('organization_membership', 'org_9/user_9'));
  });

  it('keeps all 500 keys of 500 concurrent PATCHes on one user (SDK over HTTP)', async () => {
    // Arrange
    const { server, clerk } = await startServer({ store: make() });
    try {
      const user = await clerk.users.createUser({ publicMetadata: { seed: true } });

      // Act
      const results = await Promise.all(
        Array.from({ length: 500 }, (_, index) =>
          clerk.users.updateUserMetadata(user.id, { publicMetadata: { [`key${index}`]: index } }),
        ),
      );

      // Assert
      const stored = (await clerk.users.getUser(user.id)).publicMetadata as Record<string, unknown>;
      expect(Object.keys(stored)).toHaveLength(501);
      for (let index = 0; index < 500; index++) expect(stored[`key${index}`]).toBe(index);
      // Each answer is the state right after its own change: 500 distinct sizes 2..501.
      expect(new Set(results.map((result) => Object.keys(result.publicMetadata).length)).size).toBe(500);
    } finally {
      await server.close();
    }
  });
});

// An organization's slug is unique: every store refuses a second holder atomically with the write
// (UniqueValueTakenError, nothing written), also when the writes arrive together.
describe.each(stores)('$name: unique slugs', ({ make }) => {
  it('refuses a slug another organization has, on insert and on changeAttributes, writing nothing', async () => {
    // Arrange
    const store = make();
    await store.insert(organizationWithSlug('org_1', 'acme'));
    await store.insert(organizationWithSlug('org_2', 'beta'));

    // Act
    const inserted = await store.insert(organizationWithSlug('org_3', 'acme')).catch((error: unknown) => error);
    const renamed = await store.changeAttributes('organization', 'org_2', withSlug('acme'), 2).catch((error: unknown) => error);
    const kept = await store.changeAttributes('organization', 'org_1', (current) => ({ attributes: { ...current.attributes, name: 'Acme Inc' }, createdAt: 1 }), 3);

    // Assert
    for (const refusal of [inserted, renamed]) {
      expect(refusal).toBeInstanceOf(UniqueValueTakenError);
      expect(refusal).toMatchObject({ kind: 'organization', field: 'slug', value: 'acme' });
    }
    expect(await store.get('organization', 'org_3')).toBeUndefined();
    expect(await store.get('organization', 'org_2')).toEqual(organizationWithSlug('org_2', 'beta'));
    // Keeping its own slug, an organization's other attributes change.
    expect(kept).toMatchObject({ attributes: { name: 'Acme Inc', slug: 'acme' }, version: 2 });
    expect(await slugHolders(store, 'acme')).toEqual(['org_1']);
  });

  it('frees a slug when its organization is renamed or deleted; other kinds and slugs that are not strings are not checked', async () => {
    // Arrange
    const store = make();
    await store.insert(organizationWithSlug('org_1', 'acme'));

    // Act
    await store.changeAttributes('organization', 'org_1', withSlug('acme-old'), 2);
    const afterRename = await store.insert(organizationWithSlug('org_2', 'acme'));
    await store.delete('organization', 'org_2');
    const afterDelete = await store.insert(organizationWithSlug('org_3', 'acme'));
    const users = await Promise.all(['user_1', 'user_2'].map((key) => store.insert({ ...organizationWithSlug(key, 'acme'), kind: 'user' })));
    const notStrings = await Promise.all(['org_4', 'org_5'].map((key) => store.insert(organizationWithSlug(key, 5))));

    // Assert
    expect([afterRename, afterDelete, ...users, ...notStrings]).toEqual([true, true, true, true, true, true]);
    expect(await slugHolders(store, 'acme')).toEqual(['org_3']);
  });

  it('20 concurrent inserts with one slug store one organization, and 10 concurrent renames to one slug write one', async () => {
    // Arrange
    const store = make();
    for (let index = 0; index < 10; index++) await store.insert(organizationWithSlug(`org_own_${index}`, `own-${index}`));

    // Act
    const inserts = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => store.insert(organizationWithSlug(`org_${index}`, 'acme'))));
    const renames = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => store.changeAttributes('organization', `org_own_${index}`, withSlug('target'), 2)),
    );

    // Assert
    for (const outcomes of [inserts, renames]) {
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(UniqueValueTakenError);
    }
    expect(await slugHolders(store, 'acme')).toHaveLength(1);
    expect(await slugHolders(store, 'target')).toHaveLength(1);
    expect(await store.count({ kind: 'organization' })).toBe(11);
  });
});

// Creating a membership while its organization or user is being deleted must not leave the membership behind, and a
// refused creation must record no event: the deletion may land between the handler's reads and its insert, in the
// insert's own step (exclusivePostgresStore: queued in the same batch), or after the insert. A wrapper runs the
// deletion exactly there; webhooks are on (not delivered), so the store's outbox shows what was recorded.
describe.each(stores)('$name: creating a membership while its organization or user is deleted', ({ name, make }) => {
  type Moment = 'before the insert' | 'queued with the insert' | 'after the insert';
  async function race(owner: 'organization' | 'user', moment: Moment, request: 'membership' | 'organization with created_by') {
    // Arrange: an organization, a user, and a store that deletes one of them at the chosen moment.
    const underlying = make() as RecordingStore;
    let armed = false;
    const ownerId = () => (owner === 'organization' ? organizationId : userId);
    const racing: RecordingStore = {
      ...underlying,
      insert: async (resource, record, options) => {
        const racer = armed && resource.kind === 'organization_membership';
        if (racer) armed = false;
        if (racer && moment === 'before the insert') await underlying.delete(owner, ownerId());
        const deletion = racer && moment === 'queued with the insert' ? underlying.delete(owner, ownerId()) : undefined;
        const inserted = await underlying.insert(resource, record, options);
        await deletion;
        if (racer && moment === 'after the insert') await underlying.delete(owner, ownerId());
        return inserted;
      },
    };
    const handler = createMetadataHandler({
      secretKey,
      store: racing,
      webhooks: { endpoints: [{ url: 'http://127.0.0.1:9/hooks', secret: 'whsec_AAAA' }], delivery: false },
    });
    const userId = ((await (await backendRequest(handler, 'POST', '/v1/users', '{}')).json()) as { id: string }).id;
    let organizationId =
      request === 'membership' ? ((await (await backendRequest(handler, 'POST', '/v1/organizations', '{"name":"Acme"}')).json()) as { id: string }).id : '';

    // Act
    armed = true;
    const response =
      request === 'membership'
        ? await backendRequest(handler, 'POST', `/v1/organizations/${organizationId}/memberships`, JSON.stringify({ user_id: userId, role: 'org:member' }))
        : await backendRequest(handler, 'POST', '/v1/organizations', JSON.stringify({ name: 'Acme', created_by: userId }));

    // Assert: the owner is gone, no membership outlives it, and the created event is recorded exactly when the
    // membership was created (answered 200 with it); a refused creation is answered as if the owner had been gone
    // from the start.
    expect(armed).toBe(false);
    const answer = (await response.clone().json()) as { id: string; organization?: { id: string } };
    if (request === 'organization with created_by') organizationId = answer.id;
    const created = moment === 'after the insert';
    if (request === 'organization with created_by') expect(response.status).toBe(200);
    else if (created) expect(answer.organization?.id).toBe(organizationId);
    else expect(await errorOf(response)).toEqual({ status: 404, code: 'resource_not_found' });
    expect(await underlying.get('organization_membership', `${organizationId}/${userId}`)).toBeUndefined();
    expect(await underlying.get(owner, ownerId())).toBeUndefined();
    const recorded = (await underlying.webhookOutbox.list(100)).filter((entry) => entry.type === 'organizationMembership.created');
    expect(recorded).toHaveLength(created ? 1 : 0);
  }

  const moments: Moment[] = ['before the insert', 'after the insert', ...(name.startsWith('exclusive') ? (['queued with the insert'] as const) : [])];
  for (const owner of ['organization', 'user'] as const) {
    for (const moment of moments) {
      const outcome = moment === 'after the insert' ? '200, then the deletion removes it' : '404, and no event is recorded';
      it(`the ${owner} deleted ${moment}: ${outcome}; no membership outlives it`, () => race(owner, moment, 'membership'));
    }
  }
  for (const moment of moments) {
    it(`the creator named by created_by deleted ${moment}: the organization is created, its admin membership only with its event`, () =>
      race('user', moment, 'organization with created_by'));
  }
});

// A store of your own that knows nothing of `requires` (and records nothing: webhooks refuse it) gets the check from
// the handler in two steps: the insert, then the owners read again and the membership deleted when one is gone.
describe('a store of your own, creating a membership while its organization or user is deleted', () => {
  for (const moment of ['before the insert', 'after the insert'] as const) {
    for (const owner of ['organization', 'user'] as const) {
      it(`the ${owner} deleted ${moment}: 404, and no membership outlives it`, async () => {
        // Arrange: a store of your own (over a memory store) that deletes the owner at the chosen moment.
        const inner = memoryStore();
        let armed = false;
        const ownerId = () => (owner === 'organization' ? organizationId : userId);
        const own: MetadataStore = {
          async insert(resource) {
            const racer = armed && resource.kind === 'organization_membership';
            if (racer) armed = false;
            if (racer && moment === 'before the insert') await inner.delete(owner, ownerId());
            const inserted = await inner.insert(resource);
            if (racer && moment === 'after the insert') await inner.delete(owner, ownerId());
            return inserted;
          },
          get: (kind, key) => inner.get(kind, key),
          delete: (kind, key) => inner.delete(kind, key),
          changeMetadata: (kind, key, change, updatedAt) => inner.changeMetadata(kind, key, change, updatedAt),
          changeAttributes: (kind, key, change, updatedAt) => inner.changeAttributes(kind, key, change, updatedAt),
          list: (query) => inner.list(query),
          count: (query) => inner.count(query),
        };
        const handler = createMetadataHandler({ secretKey, store: own });
        const userId = ((await (await backendRequest(handler, 'POST', '/v1/users', '{}')).json()) as { id: string }).id;
        const organizationId = ((await (await backendRequest(handler, 'POST', '/v1/organizations', '{"name":"Acme"}')).json()) as { id: string }).id;

        // Act
        armed = true;
        const body = JSON.stringify({ user_id: userId, role: 'org:member' });
        const response = await backendRequest(handler, 'POST', `/v1/organizations/${organizationId}/memberships`, body);

        // Assert
        expect(armed).toBe(false);
        expect(await errorOf(response)).toEqual({ status: 404, code: 'resource_not_found' });
        expect(await inner.get('organization_membership', `${organizationId}/${userId}`)).toBeUndefined();
      });
    }
  }
});

describe('postgresStore specifics', () => {
  it('two stores on one database (two "processes") lose no change: 2 × 250 concurrent changes', async () => {
    // Arrange: separate stores have separate in-process queues, so they race on the version column.
    const first = freshPostgresStore();
    const second = postgresStore(db, { table: `resources_${tableCount}` });
    await first.insert(resource('user', 'user_1', { public_metadata: {} }));
    const add = (key: string) => (m: StoredResource['metadata']) => ({
      ...m,
      public_metadata: { ...(m['public_metadata'] as object), [key]: true },
    });

    // Act
    await Promise.all(
      Array.from({ length: 250 }, (_, index) => [
        first.changeMetadata('user', 'user_1', add(`a${index}`), 2),
        second.changeMetadata('user', 'user_1', add(`b${index}`), 2),
      ]).flat(),
    );

    // Assert
    const stored = await first.get('user', 'user_1');
    expect(Object.keys(stored!.metadata['public_metadata'] as object)).toHaveLength(500);
    expect(stored!.version).toBe(501);
  });

  it('retries a change that lost the race, and gives up with StoreConflictError after maxAttempts', async () => {
    // Arrange: a client that lets another writer bump the version just before each of our UPDATEs.
    const table = `resources_${tableCount + 1}`;
    const interfering: SqlClient = {
      async query(text, params) {
        if (text.trimStart().startsWith('UPDATE') && interferences > 0) {
          interferences--;
          await db.query(`UPDATE ${table} SET version = version + 1`);
        }
        return db.query(text, params);
      },
    };
    let interferences = 0;
    const patient = freshPostgresStore(interfering, 3);
    await patient.insert(resource('user', 'user_1', { public_metadata: { n: 0 } }));
    const setN = (n: number) => (m: StoredResource['metadata']) => ({ ...m, public_metadata: { n } });

    // Act
    interferences = 2;
    const afterTwoLosses = await patient.changeMetadata('user', 'user_1', setN(1), 2);
    interferences = 3;
    const afterThreeLosses = patient.changeMetadata('user', 'user_1', setN(2), 3);

    // Assert
    expect(afterTwoLosses?.metadata).toEqual({ public_metadata: { n: 1 } });
    await expect(afterThreeLosses).rejects.toBeInstanceOf(StoreConflictError);
    expect((await patient.get('user', 'user_1'))?.metadata).toEqual({ public_metadata: { n: 1 } });
  });

  it("deleting an organization or a user also removes a membership committed after the deletion's first statement", async () => {
    for (const owner of ['organization', 'user'] as const) {
      // Arrange: another process commits a membership of the owner right after the deleting statement ran
      // (its snapshot could not see it).
      const table = `resources_${tableCount + 1}`;
      let lateMembership = false;
      const client: SqlClient = {
        async query(text, params) {
          const result = await db.query<Record<string, unknown>>(text, params);
          if (lateMembership && text.includes('WITH deleted AS')) {
            lateMembership = false;
            await db.query(`INSERT INTO ${table} VALUES ('organization_membership', 'org_1/user_1', '{}', '{}', 1, 1, 1)`);
          }
          return result;
        },
      };
      const store = freshPostgresStore(client);
      await store.insert(resource('organization', 'org_1'));
      await store.insert(resource('user', 'user_1'));

      // Act
      lateMembership = true;
      const deleted = await store.delete(owner, owner === 'organization' ? 'org_1' : 'user_1');

      // Assert
      expect(lateMembership).toBe(false);
      expect(deleted?.kind).toBe(owner);
      expect(await store.get('organization_membership', 'org_1/user_1')).toBeUndefined();
    }
  });

  it('migrates idempotently, also when two stores migrate at once', async () => {
    // Arrange
    const table = 'resources_migrated';
    const stores = [postgresStore(db, { table }), postgresStore(db, { table })];

    // Act
    await Promise.all(stores.map((store) => store.migrate()));
    await stores[0]!.migrate();

    // Assert
    const { rows } = await db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM information_schema.tables WHERE table_name = 'resources_migrated'",
    );
    expect(rows[0]?.count).toBe(1);
  });

  it('refuses a table name that is not an identifier, and a bad maxAttempts', () => {
    // Arrange / Act / Assert
    expect(() => postgresStore(db, { table: 'x; DROP TABLE y' })).toThrow(TypeError);
    expect(() => postgresStore(db, { maxAttempts: 0 })).toThrow(TypeError);
  });
});
