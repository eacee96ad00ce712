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

// docs/webhooks.md: exclusivePostgresStore stores the messages of one line recorded in one batch as one row, the
// later ones told by the first as the part of their body that differs (PGlite takes each row and each byte of a
// statement at a cost); a reopened store gives each back whole.
describe('exclusivePostgresStore’s message bodies', () => {
  /** An event of one user as a store records it: about 2.4 KB, of which a change alters a few fields. */
  const eventOf = (index: number, line = 'user_1'): WebhookMessage => ({
    id: `msg_${line}_${index}`,
    endpoint: 'http://e',
    orderKey: `user:${line}`,
    type: 'user.updated',
    body: JSON.stringify({ type: 'user.updated', data: { id: line, about: 'é\u{1F600}'.repeat(800), public_metadata: { count: index }, updated_at: 1000 + index }, timestamp: 1000 + index }),
    recordedAt: 1000 + index,
  });
  const stored = async (name: string) =>
    (await db().query<{ text: number; rows: number }>(`SELECT sum(length(body) + coalesce(length(told), 0)) AS text, count(*) AS rows FROM ${name}_webhook_outbox`)).rows[0]!;

  it('of one resource, recorded together, take one row and a tenth of their text, and are read back whole', async () => {
    // Arrange
    const name = table();
    const store = exclusivePostgresStore(db(), { table: name });
    // The line's first event a `user.created`, its base: the others keep their own type
    const events = Array.from({ length: 50 }, (_, index) => (index === 0 ? { ...eventOf(index), type: 'user.created' as const } : eventOf(index)));

    // Act
    await store.webhookOutbox.record(events);
    const { text, rows } = await stored(name);
    const reopened = await exclusivePostgresStore(db(), { table: name }).webhookOutbox.list(100);

    // Assert
    const whole = events.reduce((sum, event) => sum + event.body.length, 0);
    expect(Number(rows)).toBe(1);
    expect(Number(text)).toBeLessThan(whole / 10);
    expect(reopened.map((entry) => [entry.id, entry.type, entry.endpoint, entry.orderKey, entry.body]).reverse()).toEqual(
      events.map((event) => [event.id, event.type, event.endpoint, event.orderKey, event.body]),
    );
  });

  it('told by a row: a reopened store numbers the next message past them, not past the rows', async () => {
    // Arrange: one row telling two messages
    const name = table();
    await exclusivePostgresStore(db(), { table: name }).webhookOutbox.record([eventOf(1), eventOf(2), eventOf(3)]);

    // Act
    const reopened = exclusivePostgresStore(db(), { table: name });
    await reopened.webhookOutbox.record([eventOf(4, 'user_2')]);
    const listed = await exclusivePostgresStore(db(), { table: name }).webhookOutbox.list(10);

    // Assert
    expect(listed.map((entry) => [entry.sequence, entry.id])).toEqual([4, 3, 2, 1].map((sequence) => [sequence, eventOf(sequence, sequence === 4 ? 'user_2' : 'user_1').id]));
  });

  it('told by a row: the trim keeps the row while a message it tells is pending, though over 1,000 settled are newer', async () => {
    // Arrange: a line's three messages in one row (the first telling the others), the first two delivered, the last pending
    const name = table();
    const store = exclusivePostgresStore(db(), { table: name });
    await store.webhookOutbox.record([eventOf(1), eventOf(2), eventOf(3)]);
    for (const index of [0, 1]) {
      const [head] = await store.webhookOutbox.claimDue(5000, 1, 6000);
      await store.webhookOutbox.markDelivered(head!.sequence, { at: 5000, status: 204, error: null });
    }
    // 1,001 later messages of other lines, delivered: the base is past the newest 1,000 settled rows
    const later = Array.from({ length: 1001 }, (_, index) => eventOf(index, `user_other_${index}`));
    await store.webhookOutbox.record(later);
    const claimed = await store.webhookOutbox.claimDue(5000, 2000, 6000);
    for (const entry of claimed) if (entry.orderKey !== 'user:user_1') await store.webhookOutbox.markDelivered(entry.sequence, { at: 5000, status: 204, error: null });
    await store.webhookOutbox.flush?.();

    // Act: a reopening trims the settled rows, then reads the rest back
    const reopened = exclusivePostgresStore(db(), { table: name });
    const listed = await reopened.webhookOutbox.list(2000);

    // Assert
    const pending = listed.filter((entry) => entry.state === 'pending');
    expect(pending.map((entry) => [entry.id, entry.body])).toEqual([[eventOf(3).id, eventOf(3).body]]);
    const rows = Number((await db().query<{ rows: number }>(`SELECT count(*) AS rows FROM ${name}_webhook_outbox`)).rows[0]!.rows);
    expect(rows).toBeLessThan(1003);
  });
});

describe('postgresStore opening a table exclusivePostgresStore wrote', () => {
  it('sends every message whole: those a row tells are written as rows of their own by its migration', async () => {
    // Arrange: three events of one user recorded together, the last two told by the first one's row
    const name = table();
    const body = (index: number): string => JSON.stringify({ type: 'user.updated', data: { id: 'user_1', about: 'x'.repeat(500), updated_at: index } });
    const events = [1, 2, 3].map((index) => ({ id: `msg_${index}`, endpoint: 'http://e', orderKey: 'user:user_1', type: 'user.updated' as const, body: body(index), recordedAt: index }));
    await exclusivePostgresStore(db(), { table: name }).webhookOutbox.record(events);

    // Act
    const listed = await postgresStore(db(), { table: name }).webhookOutbox.list(10);

    // Assert
    expect(listed.map((entry) => entry.body).reverse()).toEqual(events.map((event) => event.body));
  });
});

describe('an outbox table an earlier version made, without the told column', () => {
  it('gets it when a store opens it, and takes the events of one resource recorded together', async () => {
    // Arrange: the table as the version before the told column left it
    const name = table();
    await exclusivePostgresStore(db(), { table: name }).migrate();
    await db().query(`ALTER TABLE ${name}_webhook_outbox DROP COLUMN told`);
    const events = [1, 2].map((index) => ({ id: `msg_${index}`, endpoint: 'http://e', orderKey: 'user:user_1', type: 'user.updated' as const, body: `{"about":"${'x'.repeat(500)}","at":${index}}`, recordedAt: index }));

    // Act
    await exclusivePostgresStore(db(), { table: name }).webhookOutbox.record(events);
    const listed = await exclusivePostgresStore(db(), { table: name }).webhookOutbox.list(10);

    // Assert
    expect(listed.map((entry) => entry.body).reverse()).toEqual(events.map((event) => event.body));
  });
});
