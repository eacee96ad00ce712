import { describe, expect, it } from 'vitest';
import { exclusivePostgresStore, postgresStore, type StoredResource } from '../index.js';
import { describeWebhookOutbox } from '../webhooks/__tests__/support/webhookOutboxContract.js';
import type { SqlClient } from '../store/postgres/sqlClient.js';
import type { RecordingStore } from '../webhooks/recordingStore.js';
import type { WebhookMessage } from '../webhooks/webhookOutbox.js';
import { pgliteForTestFile } from './support/testStores.js';

// The Postgres stores' outboxes keep the outbox contract, and a store records a write's messages with the write:
// both, or neither. One PGlite for the file, a table per store.
const db = pgliteForTestFile();
let tables = 0;
const table = (): string => `outbox_${++tables}`;

// A table per case costs PGlite a few hundred milliseconds: fewer cases than the memory outbox's.
describeWebhookOutbox('postgresStore (PGlite) outbox', async () => postgresStore(db(), { table: table() }).webhookOutbox, { numRuns: 40 });
describeWebhookOutbox('exclusivePostgresStore (PGlite) outbox', async () => exclusivePostgresStore(db(), { table: table() }).webhookOutbox, { numRuns: 40 });

const user: StoredResource = { kind: 'user', key: 'user_1', attributes: {}, metadata: {}, createdAt: 1, updatedAt: 1, version: 1 };
const messageOf = (written: StoredResource): WebhookMessage[] => [
  { id: `msg_${written.version}`, endpoint: 'http://e', orderKey: `user:${written.key}`, type: 'user.updated', body: JSON.stringify(written), recordedAt: written.updatedAt },
];

describe.each([
  { name: 'postgresStore', make: (name: string) => postgresStore(db(), { table: name }) },
  { name: 'exclusivePostgresStore', make: (name: string) => exclusivePostgresStore(db(), { table: name }) },
])('$name records messages with the write', ({ make }) => {
  it('keeps each written change’s messages across a reopening, and none of a write that did not happen', async () => {
    const name = table();
    const store = make(name);
    expect(await store.insert(user, messageOf)).toBe(true);
    expect(await store.insert(user, messageOf)).toBe(false);
    await store.changeMetadata('user', 'user_1', (metadata) => ({ ...metadata, public_metadata: { a: 1 } }), 2, messageOf);
    await store.changeMetadata('user', 'user_missing', (metadata) => metadata, 3, messageOf);
    await expect(store.changeMetadata('user', 'user_1', () => { throw new Error('refused'); }, 4, messageOf)).rejects.toThrow('refused');
    expect(await store.delete('user', 'user_1', messageOf)).toMatchObject({ version: 2 });
    expect(await store.delete('user', 'user_1', messageOf)).toBeUndefined();
    const reopened = make(name);
    const listed = await reopened.webhookOutbox.list(10);
    expect(listed.map((entry) => [entry.id, entry.state])).toEqual([
      ['msg_2', 'pending'],
      ['msg_2', 'pending'],
      ['msg_1', 'pending'],
    ]);
    expect(JSON.parse(listed[1]!.body)).toMatchObject({ key: 'user_1', version: 2, metadata: { public_metadata: { a: 1 } } });
  });

  it('keeps a delivered entry delivered across a reopening', async () => {
    const name = table();
    const store = make(name);
    await store.insert(user, messageOf);
    const [claimed] = await store.webhookOutbox.claimDue(10, 5, 100);
    await store.webhookOutbox.markDelivered(claimed!.sequence, { at: 10, status: 204, error: null });
    // exclusivePostgresStore writes a delivery state with its next batch, without waiting: a later write commits after it.
    await store.insert({ ...user, key: 'user_2' });
    const [entry] = await make(name).webhookOutbox.list(1);
    expect(entry).toMatchObject({ id: 'msg_1', state: 'delivered', attempts: [{ at: 10, status: 204, error: null }] });
  });
});

/** A store over a client that counts its statements, with 20 users' messages recorded and claimed. */
async function claimedOf(make: (client: SqlClient, name: string) => RecordingStore) {
  const name = table();
  const counted = { statements: 0 };
  const client: SqlClient = { query: (text, params) => (counted.statements++, db().query(text, params)) };
  const store = make(client, name);
  for (let index = 1; index <= 20; index++) await store.insert({ ...user, key: `user_${index}` }, messageOf);
  const claimed = await store.webhookOutbox.claimDue(10, 100, 100);
  return { name, store, claimed, counted };
}

describe('exclusivePostgresStore’s delivery states', () => {
  it('are written together: the states of many attempts in one statement, kept across a reopening', async () => {
    // Arrange
    const { name, store, claimed, counted } = await claimedOf((client, name) => exclusivePostgresStore(client, { table: name }));

    // Act
    counted.statements = 0;
    for (const entry of claimed) await store.webhookOutbox.markDelivered(entry.sequence, { at: 10, status: 204, error: null });
    await store.webhookOutbox.flush?.();
    const written = counted.statements;

    // Assert
    expect(claimed).toHaveLength(20);
    expect(written).toBe(1);
    const reopened = await exclusivePostgresStore(db(), { table: name }).webhookOutbox.list(20);
    expect(reopened.map((entry) => entry.state)).toEqual(Array.from({ length: 20 }, () => 'delivered'));
  });
});

describe('postgresStore’s attempt outcomes', () => {
  it('that end together are written in one statement, each awaited until written', async () => {
    // Arrange
    const { store, claimed, counted } = await claimedOf((client, name) => postgresStore(client, { table: name }));

    // Act
    counted.statements = 0;
    await Promise.all(
      claimed.map((entry, index) =>
        index % 2 === 0
          ? store.webhookOutbox.markDelivered(entry.sequence, { at: 10, status: 204, error: null })
          : store.webhookOutbox.markAttemptFailed(entry.sequence, { at: 10, status: 500, error: 'HTTP 500' }, index % 4 === 1 ? 50 : null),
      ),
    );
    const written = counted.statements;

    // Assert
    expect(claimed).toHaveLength(20);
    expect(written).toBe(1);
    const listed = (await store.webhookOutbox.list(20)).reverse();
    expect(listed.map((entry) => [entry.state, entry.nextAttemptAt, entry.attempts.map((attempt) => attempt.status)])).toEqual(
      claimed.map((_, index) => (index % 2 === 0 ? ['delivered', 1, [204]] : index % 4 === 1 ? ['pending', 50, [500]] : ['failed', 1, [500]])),
    );
  });
});
