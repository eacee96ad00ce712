import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { JsonObject, MetadataFields } from '@metadata-semantics/core';
import { exclusivePostgresStore, type MetadataStore, type SqlClient, type StoredResource } from '../index.js';
import { toResource } from '../store/postgres/postgresTable.js';
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
  const control = {
    batches: 0,
    /** Each batch statement: its rows and the length of its parameter. */
    statements: [] as { rows: number; text: number }[],
    /** Refuses a batch whose rows (its JSON parameter) it returns true for. */
    refuse: undefined as ((rows: string) => boolean) | undefined,
    hold: undefined as Promise<void> | undefined,
    busyMilliseconds: 0,
    /** Thrown by the next batch statement; after a PANIC, as PGlite, no later statement ever returns. */
    fault: undefined as Record<string, unknown> | undefined,
    panicked: false,
    statementsAfterPanic: 0,
  };
  const client: SqlClient = {
    async query(text, params) {
      if (control.panicked) {
        control.statementsAfterPanic++;
        return new Promise(() => {});
      }
      if (text.includes(BATCH_MARK) && control.fault !== undefined) {
        const fault = control.fault;
        control.fault = undefined;
        control.panicked = fault['severity'] === 'PANIC';
        throw Object.assign(new Error(String(fault['message'])), fault);
      }
      if (text.includes(BATCH_MARK)) {
        control.batches++;
        const rows = String(params?.[0]);
        control.statements.push({ rows: Number(params?.[1]), text: rows.length });
        const busyUntil = performance.now() + control.busyMilliseconds;
        while (performance.now() < busyUntil);
        await control.hold;
        if (control.refuse?.(rows) === true) throw new Error('the database refused the batch');
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
const rowsOf = async (table: string) => (await db().query<Record<string, unknown>>(`SELECT kind, key, metadata, version FROM ${table} ORDER BY kind, key`)).rows;

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

  it('gives each write of a refused batch its own outcome: only the write the database refuses alone fails, having changed nothing', async () => {
    // Arrange: two users, and writes that arrive together (one batch) while the database refuses any statement
    // that inserts user_3.
    const { store, control, table } = instrumentedClient();
    await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    await store.insert(user('user_2'));
    control.refuse = (rows) => rows.includes('"key":"user_3"');
    const batchesBefore = control.batches;

    // Act
    const outcomes = await Promise.allSettled([
      store.changeMetadata('user', 'user_1', setPublic({ n: 1 }), 2),
      store.insert(user('user_3')),
      store.delete('user', 'user_2'),
      store.changeAttributes('user', 'user_1', (current) => ({ attributes: { ...current.attributes, username: 'ada' }, createdAt: 1 }), 2),
    ]);

    // Assert: the batch, then each write alone; user_3 refused and nowhere, the others written in order.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(control.batches - batchesBefore).toBe(5);
    expect(await store.get('user', 'user_3')).toBeUndefined();
    expect(await store.count({ kind: 'user', where: [{ field: 'username', anyOf: ['ada'] }] })).toBe(1);
    expect((await rowsOf(table)).map((row) => row['key'])).toEqual(['user_1']);
    expect(await exclusivePostgresStore(db(), { table }).get('user', 'user_1')).toEqual(await store.get('user', 'user_1'));
    expect((await store.get('user', 'user_1'))?.metadata).toEqual({ public_metadata: { n: 1 } });
  });

  it('refuses a write the database refuses alone, changing nothing in memory or in the table; the next batch writes', async () => {
    // Arrange
    const { store, control, table } = instrumentedClient();
    await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    const tableBefore = await rowsOf(table);
    control.refuse = () => true;

    // Act
    const refused = await store.changeMetadata('user', 'user_1', setPublic({ n: 1 }), 2).catch((error: unknown) => error);
    const afterFailure = { table: await rowsOf(table), read: await store.get('user', 'user_1') };
    control.refuse = undefined;
    const retried = await store.changeMetadata('user', 'user_1', setPublic({ n: 2 }), 3);

    // Assert
    expect(String(refused)).toMatch(/the database refused the batch/);
    expect(afterFailure).toEqual({ table: tableBefore, read: expect.objectContaining({ version: 1, metadata: { public_metadata: { n: 0 } } }) });
    expect(retried).toMatchObject({ version: 2, metadata: { public_metadata: { n: 2 } } });
    expect(await exclusivePostgresStore(db(), { table }).get('user', 'user_1')).toEqual(retried);
  });

  it('bounds a batch: 136 inserts of 1 MiB arriving together (over 512 Mi characters in one parameter) are all written, in statements of at most 4 MiB of rows unless one row is larger', async () => {
    // Arrange: 136 MiB of attributes whose JSON escapes every character twice over in the batch's parameter:
    // more than a JavaScript string can hold, were they one statement.
    const { store, control, table } = instrumentedClient();
    const quotes = '"'.repeat(1024 * 1024);
    const batchesBefore = control.batches;

    // Act
    const outcomes = await Promise.allSettled(
      Array.from({ length: 136 }, (_, index) => store.insert({ ...user(`user_${index}`), attributes: { first_name: quotes } })),
    );

    // Assert
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(control.batches - batchesBefore).toBeGreaterThan(1);
    // 4 MiB of row text, each character of it escaped once more in the parameter's JSON, and the rows' fields.
    for (const { rows, text } of control.statements.slice(batchesBefore)) {
      if (rows > 1) expect(text).toBeLessThanOrEqual(2 * 4 * 1024 * 1024 + 65_536);
    }
    expect(await exclusivePostgresStore(db(), { table }).count({ kind: 'user' })).toBe(136);
    // Over 500 MiB of text for PGlite to parse: about 15 s alone, over two minutes next to another heavy file
    // on a busy 2-core machine.
  }, 300_000);

  it('stops at a PANIC: the batch and every later operation refused at once, no statement sent after it, every answered write kept', async () => {
    // Arrange
    const { store, control, table } = instrumentedClient();
    const kept = await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    control.fault = { severity: 'PANIC', code: '53100', message: 'could not write to file "pg_wal/xlogtemp.42": No space left on device' };

    // Act
    const inBatch = await Promise.allSettled([store.changeMetadata('user', 'user_1', setPublic({ n: 1 }), 2), store.insert(user('user_2'))]);
    const later = await Promise.allSettled([store.insert(user('user_3')), store.get('user', 'user_1'), store.list({ kind: 'user', limit: 10, offset: 0 })]);

    // Assert
    for (const outcome of [...inBatch, ...later]) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { name: 'StoreUnavailableError', permanent: true } });
    }
    expect(String((inBatch[0] as PromiseRejectedResult).reason)).toMatch(/cannot be trusted: the disk is full \(PANIC could not write/);
    expect(control.statementsAfterPanic).toBe(0);
    expect(kept).toBe(true);
    expect(await rowsOf(table)).toEqual([{ kind: 'user', key: 'user_1', metadata: '{"public_metadata":{"n":0}}', version: 1 }]);
  });

  it('refuses the writes of a batch a full disk refused, as unavailable for now, and writes the next batch', async () => {
    // Arrange
    const { store, control } = instrumentedClient();
    await store.insert(user('user_1', { public_metadata: { n: 0 } }));
    control.fault = { severity: 'ERROR', code: '53100', message: 'could not extend file "base/5/16387": No space left on device' };

    // Act
    const refused = await Promise.allSettled([store.changeMetadata('user', 'user_1', setPublic({ n: 1 }), 2), store.insert(user('user_2'))]);
    const next = await store.changeMetadata('user', 'user_1', setPublic({ n: 2 }), 3);

    // Assert
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { name: 'StoreUnavailableError', permanent: false } });
    }
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/the disk is full/);
    expect(await store.get('user', 'user_2')).toBeUndefined();
    expect(next).toMatchObject({ version: 2, metadata: { public_metadata: { n: 2 } } });
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
    // The first statement is held until all 200 requests have reached the store, so that a slow machine,
    // trickling them in, cannot decide the count: writes that arrive while a statement runs share the next.
    const { store, control } = instrumentedClient();
    control.busyMilliseconds = 20;
    let arrived = 0;
    let allArrived!: () => void;
    const counted: MetadataStore = {
      ...store,
      changeMetadata: (...args) => {
        if (++arrived === 200) allArrived();
        return store.changeMetadata(...args);
      },
    };
    const { server, clerk } = await startServer({ store: counted });
    try {
      const created = await clerk.users.createUser({});
      const batchesBefore = control.batches;
      control.hold = new Promise((resolve) => (allArrived = resolve));
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
      expect(control.batches - batchesBefore).toBeLessThanOrEqual(3);
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
