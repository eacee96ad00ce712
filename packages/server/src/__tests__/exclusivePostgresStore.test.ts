import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { JsonObject, MetadataFields } from '@metadata-semantics/core';
import { exclusivePostgresStore, type SqlClient, type StoredResource } from '../index.js';
import { toResource } from '../internal/postgresTable.js';
import { secretKey, startServer } from './support/harness.js';
import { pgliteForTestFile } from './support/testStores.js';

// exclusivePostgresStore's own promises (the store contract is in stores.test.ts, lists in
// storeLists.property.test.ts): a write is answered only once the database has it, a batch the database
// refuses changes nothing (in memory either), a change that throws is refused alone, writes arriving together
// share a statement, what it wrote is what a new store reads back, and a row changed by another writer is
// never overwritten. One PGlite for the file, a table per test.
const db = pgliteForTestFile();
let tables = 0;

const BATCH_MARK = 'json_to_recordset';

/** A client over the file's PGlite that can hold, fail, count or slow down the batch statements, and a fresh table. */
function instrumentedClient() {
  const table = `exclusive_${++tables}`;
  const control = { batches: 0, failNext: false, hold: undefined as Promise<void> | undefined, busyMilliseconds: 0 };
  const client: SqlClient = {
    async query(text, params) {
      if (text.includes(BATCH_MARK)) {
        control.batches++;
        const busyUntil = performance.now() + control.busyMilliseconds;
        while (performance.now() < busyUntil);
        await control.hold;
        if (control.failNext) {
          control.failNext = false;
          throw new Error('the database refused the batch');
        }
      }
      return db().query<Record<string, unknown>>(text, params);
    },
  };
  return { table, control, client, store: exclusivePostgresStore(client, { table }) };
}

const user = (key: string, metadata: MetadataFields = {}): StoredResource => ({
  kind: 'user',
  key,
  attributes: { first_name: key },
  metadata,
  createdAt: 1,
  updatedAt: 1,
  version: 1,
});
const setPublic = (value: JsonObject) => (metadata: MetadataFields) => ({ ...metadata, public_metadata: value });
const rowsOf = async (table: string) => (await db().query(`SELECT kind, key, metadata, version FROM ${table} ORDER BY kind, key`)).rows;

describe('exclusivePostgresStore', () => {
  it('answers a write only once its statement has returned, and reads show it only then', async () => {
    // Arrange: the batch statement held until released.
    const { store, control } = instrumentedClient();
    await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    let release!: () => void;
    control.hold = new Promise((resolve) => (release = resolve));
    let answered = false;

    // Act
    const change = store.changeMetadata('user', 'user_1', setPublic({ n: 1 }), 2).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whileHeld = { answered, read: await store.get('user', 'user_1') };
    release();
    const result = await change;

    // Assert
    expect(whileHeld.answered).toBe(false);
    expect(whileHeld.read?.metadata).toEqual({ public_metadata: { n: 0 } });
    expect(result?.metadata).toEqual({ public_metadata: { n: 1 } });
    expect((await store.get('user', 'user_1'))?.metadata).toEqual({ public_metadata: { n: 1 } });
  });

  it('rejects every write of a batch the database refuses, changing nothing in memory or in the table; the next batch writes', async () => {
    // Arrange: two users, and writes that arrive together (one batch) while the database will refuse it.
    const { store, control, table } = instrumentedClient();
    await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    await store.insert(user('user_2'));
    const tableBefore = await rowsOf(table);
    const listBefore = await store.list({ kind: 'user', limit: 10, offset: 0 });
    control.failNext = true;

    // Act
    const outcomes = await Promise.allSettled([
      store.changeMetadata('user', 'user_1', setPublic({ n: 1 }), 2),
      store.insert(user('user_3')),
      store.delete('user', 'user_2'),
      store.changeAttributes('user', 'user_1', (current) => ({ attributes: { ...current.attributes, username: 'ada' }, createdAt: 1 }), 2),
    ]);
    const afterFailure = { table: await rowsOf(table), list: await store.list({ kind: 'user', limit: 10, offset: 0 }) };
    const count = await store.count({ kind: 'user', where: [{ field: 'username', anyOf: ['ada'] }] });
    const retried = await store.changeMetadata('user', 'user_1', setPublic({ n: 2 }), 3);

    // Assert
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(afterFailure).toEqual({ table: tableBefore, list: listBefore });
    expect(count).toBe(0);
    expect(retried).toMatchObject({ version: 2, metadata: { public_metadata: { n: 2 } } });
    expect(await exclusivePostgresStore(db(), { table }).get('user', 'user_1')).toEqual(retried);
  });

  it('refuses a change that throws alone: the other writes of its batch are written', async () => {
    // Arrange
    const { store, control, table } = instrumentedClient();
    await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    const batchesBefore = control.batches;
    const invalid = new Error('invalid');

    // Act
    const outcomes = await Promise.allSettled([
      store.changeMetadata('user', 'user_1', setPublic({ n: 1 }), 2),
      store.changeMetadata('user', 'user_1', () => {
        throw invalid;
      }, 2),
      store.changeMetadata('user', 'user_1', (metadata) => ({ ...metadata, private_metadata: { p: true } }), 2),
    ]);

    // Assert: one batch; the throwing change is rejected with its own error, the others applied in order.
    expect(control.batches - batchesBefore).toBe(1);
    expect(outcomes[1]).toEqual({ status: 'rejected', reason: invalid });
    expect(outcomes[2]).toMatchObject({ status: 'fulfilled', value: { version: 3, metadata: { public_metadata: { n: 1 }, private_metadata: { p: true } } } });
    expect(await exclusivePostgresStore(db(), { table }).get('user', 'user_1')).toEqual((outcomes[2] as PromiseFulfilledResult<unknown>).value);
  });

  it('writes concurrent writes together: 200 changes to 100 users in far fewer statements, each answered with its own state', async () => {
    // Arrange
    const { store, control } = instrumentedClient();
    await Promise.all(Array.from({ length: 100 }, (_, index) => store.insert(user(`user_${index}`))));
    const batchesBefore = control.batches;

    // Act: two changes per user, all at once.
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        store.changeMetadata('user', `user_${index % 100}`, (metadata) => ({ ...metadata, [`field_${index}`]: { index } }), 5),
      ),
    );

    // Assert
    expect(control.batches - batchesBefore).toBeLessThanOrEqual(2);
    expect(results.map((result) => result?.version)).toEqual(Array.from({ length: 200 }, (_, index) => (index < 100 ? 2 : 3)));
    expect(Object.keys((await store.get('user', 'user_7'))!.metadata)).toEqual(['field_7', 'field_107']);
  });

  it('groups the writes of concurrent HTTP requests: 200 PATCHes from another process in far fewer statements, none lost', async () => {
    // Arrange: the handler on node:http over the store, each batch statement taking 20 ms of this thread as a
    // PGlite statement does (it settles without a turn of the event loop), and a client in another process.
    const { store, control } = instrumentedClient();
    control.busyMilliseconds = 20;
    const { server, clerk } = await startServer({ store });
    try {
      const created = await clerk.users.createUser({});
      const batchesBefore = control.batches;
      const client = `await Promise.all(Array.from({ length: 200 }, (_, index) => fetch(process.argv[1], {
        method: 'PATCH', headers: { authorization: 'Bearer ${secretKey}' },
        body: JSON.stringify({ public_metadata: { ['key' + index]: index } }),
      }).then((response) => { if (response.status !== 200) process.exit(1); })));`;

      // Act
      const code = await new Promise((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', client, `${server.url}/v1/users/${created.id}/metadata`], { stdio: 'inherit' });
        child.once('exit', resolve);
      });

      // Assert
      expect(code).toBe(0);
      expect(control.batches - batchesBefore).toBeLessThan(50);
      expect(Object.keys((await clerk.users.getUser(created.id)).publicMetadata)).toHaveLength(200);
    } finally {
      await server.close();
    }
  });

  it('is read back whole by a new store on the table: inserts, changes, deletes with memberships', async () => {
    // Arrange
    const { store, table } = instrumentedClient();
    const membership = (key: string): StoredResource => ({ ...user(key), kind: 'organization_membership', attributes: { role: 'org:member' } });

    // Act: writes in several batches, some of them concurrent.
    await Promise.all([store.insert(user('user_1')), store.insert(user('user_2')), store.insert({ ...user('org_1'), kind: 'organization' })]);
    await Promise.all([store.insert(membership('org_1/user_1')), store.insert(membership('org_1/user_2'))]);
    await Promise.all([
      store.changeMetadata('user', 'user_1', setPublic({ kept: true }), 7),
      store.changeAttributes('user', 'user_2', (current) => ({ attributes: { ...current.attributes, username: 'grace' }, createdAt: 3 }), 7),
      store.delete('organization_membership', 'org_1/user_2'),
    ]);
    await Promise.all([store.delete('user', 'user_1'), store.insert(user('user_4'))]);
    const reopened = exclusivePostgresStore(db(), { table });

    // Assert
    for (const kind of ['user', 'organization', 'organization_membership'] as const) {
      const query = { kind, limit: 100, offset: 0 };
      expect(await reopened.list(query), kind).toEqual(await store.list(query));
    }
    expect((await reopened.list({ kind: 'user', limit: 100, offset: 0 })).map((resource) => resource.key)).toEqual(['user_2', 'user_4']);
    expect(await reopened.get('organization_membership', 'org_1/user_1')).toBeUndefined();
  });

  it('reads a table of many pages back whole, each kind in creation order, its rows stored in another order', async () => {
    // Arrange: 3,000 users and 1,000 memberships in one statement, their creation times a permutation of the rows'
    // order on disk (as after an import with created_at), a few of them equal.
    const { table } = instrumentedClient();
    await exclusivePostgresStore(db(), { table }).migrate();
    await db().query(
      `INSERT INTO ${table} (kind, key, attributes, metadata, created_at, updated_at, version)
       SELECT CASE WHEN i % 4 = 0 THEN 'organization_membership' ELSE 'user' END,
         CASE WHEN i % 4 = 0 THEN 'org_1/user_' ELSE 'user_' END || md5(i::text),
         '{"first_name":"' || md5(i::text) || '"}',
         '{"public_metadata":{"n":' || i || ',"note":"' || repeat(md5(i::text), 16) || '"}}',
         (i * 7919) % 4000 / 2, i, 1 + i % 3
       FROM generate_series(0, 3999) AS i`,
    );
    const stored = (await db().query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY created_at, key COLLATE "C"`)).rows.map(toResource);
    let pages = 0;
    const client: SqlClient = {
      query(text, params) {
        if (text.includes('ctid')) pages++;
        return db().query<Record<string, unknown>>(text, params);
      },
    };

    // Act
    const reopened = exclusivePostgresStore(client, { table });
    const oldestFirst = { orderBy: { field: 'created_at', descending: false }, limit: 4000, offset: 0 } as const;
    const users = await reopened.list({ kind: 'user', ...oldestFirst });
    const memberships = await reopened.list({ kind: 'organization_membership', ...oldestFirst });

    // Assert
    expect(pages).toBeGreaterThan(1);
    expect(users).toEqual(stored.filter((resource) => resource.kind === 'user'));
    expect(memberships).toEqual(stored.filter((resource) => resource.kind === 'organization_membership'));
  });

  it('refuses to overwrite a row another writer changed, or to insert over one: the batch fails and changes nothing', async () => {
    // Arrange: a second store writes the table behind the first one's back.
    const { store, table } = instrumentedClient();
    await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    const other = exclusivePostgresStore(db(), { table });
    const theirs = await other.changeMetadata('user', 'user_1', setPublic({ theirs: true }), 2);
    await other.insert(user('user_2'));

    // Act
    const change = await store.changeMetadata('user', 'user_1', setPublic({ mine: true }), 3).catch((error: unknown) => error);
    const insert = await store.insert(user('user_2', { public_metadata: { mine: true } })).catch((error: unknown) => error);

    // Assert
    expect(String(change)).toMatch(/another writer changed/);
    expect(String(insert)).toMatch(/duplicate key/);
    expect(await exclusivePostgresStore(db(), { table }).get('user', 'user_1')).toEqual(theirs);
    expect((await store.get('user', 'user_1'))?.metadata).toEqual({ public_metadata: { n: 0 } });
    expect(await store.get('user', 'user_2')).toBeUndefined();
  });

  it('refuses a key PostgreSQL cannot hold, and a table name that is not an identifier', async () => {
    // Arrange
    const { store } = instrumentedClient();

    // Act / Assert
    await expect(store.insert(user('user_\u0000'))).rejects.toBeInstanceOf(TypeError);
    expect(await store.get('user', 'user_\u0000')).toBeUndefined();
    expect(() => exclusivePostgresStore(db(), { table: 'x; DROP TABLE y' })).toThrow(TypeError);
  });
});
