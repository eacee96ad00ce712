import { isStorableText } from '../../shared/storableText.js';
import { listFields, type ListFieldTable } from '../listFields.js';
import { ResourceIndex, type HeldResource } from '../memory/resourceIndex.js';
import { changeAttributesIn, changeMetadataIn, deleteFrom, insertInto } from '../memory/resourceWrites.js';
import { StoreUnavailableError } from '../metadataStore.js';
import type { PostgresMetadataStore } from './postgresStore.js';
import { RESOURCE_COLUMNS, tableMigration, tableName, toHeldResource } from './postgresTable.js';
import type { SqlClient } from './sqlClient.js';
import { describeStorageError, isDiskFull, isStorageFault } from './storageFault.js';
import { readTablePages, tableSize, type TableSize } from './tablePages.js';
import { nextTurn } from '../../shared/nextTurn.js';
import { WriteBatch } from './writeBatch.js';
import { memoryWebhookOutbox } from '../../webhooks/memoryWebhookOutbox.js';
import type { RecordMessages } from '../../webhooks/recordingStore.js';
import type { WebhookOutbox, WebhookOutboxEntry } from '../../webhooks/webhookOutbox.js';
import {
  createOutboxTable,
  createStatesTable,
  insertMessages,
  KEEP_SETTLED,
  outboxTableName,
  selectWithStates,
  statesTableName,
  trimSettledStates,
  upsertMarks,
} from './webhookOutboxTable.js';
import { outboxEntriesOf } from './toldMessages.js';

/**
 * Options of {@link exclusivePostgresStore}.
 *
 * @public
 */
export interface ExclusivePostgresStoreOptions {
  /** The table's name: letters, digits and underscores. Default `metadata_semantics_resources`, as {@link postgresStore}. */
  readonly table?: string;
}

/**
 * One statement (so one transaction) for a whole batch: deletes, updates and inserts from one JSON parameter.
 * Each row is written only if its version is the one this process last wrote, and an insert fails on a row
 * that exists; when fewer rows than the batch's are written, another writer changed the table, and the cast
 * fails the statement, which writes nothing. The webhook messages the writes recorded ($3) are inserted into
 * the outbox by the same statement, and the delivery states of the batch ($4) written to the outbox's states
 * table: with the changes, or not at all.
 */
function batchStatement(table: string, outbox: string, states: string): string {
  return `WITH batch AS MATERIALIZED (
    SELECT * FROM json_to_recordset($1::json) AS b(op text, kind text, key text, attributes text, metadata text,
      created_at bigint, updated_at bigint, version bigint, previous bigint)
  ), deleted AS (
    DELETE FROM ${table} t USING batch b
    WHERE b.op = 'delete' AND t.kind = b.kind AND t.key = b.key AND t.version = b.previous RETURNING 1
  ), updated AS (
    UPDATE ${table} t SET attributes = coalesce(b.attributes, t.attributes), metadata = b.metadata,
      created_at = coalesce(b.created_at, t.created_at), updated_at = b.updated_at, version = b.version
    FROM batch b WHERE b.op = 'update' AND t.kind = b.kind AND t.key = b.key AND t.version = b.previous RETURNING 1
  ), inserted AS (
    INSERT INTO ${table} (${RESOURCE_COLUMNS})
    SELECT kind, key, attributes, metadata, created_at, updated_at, version FROM batch WHERE op = 'insert' RETURNING 1
  ), recorded AS (
    ${insertMessages(outbox, '$3', true)} RETURNING 1
  ), marked AS (
    ${upsertMarks(states, '$4')} RETURNING 1
  ), written AS (
    SELECT (SELECT count(*) FROM deleted) + (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) AS rows
  )
  SELECT CASE WHEN rows = $2::bigint THEN rows
    ELSE (rows || ' of ' || $2::bigint || ' rows written: another writer changed ${table}')::bigint END AS written
  FROM written`;
}

interface QueuedWrite {
  readonly apply: (batch: WriteBatch) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** Written in a batch of its own: its first batch failed with others in it. */
  readonly alone?: boolean;
}

/**
 * A batch's bounds. A write is added while the batch stays within both (a write alone may exceed them): one
 * statement must not outgrow what the client can send and the database can hold in memory, and a large write
 * must not take smaller ones down with it.
 */
const MAX_BATCH_ROWS = 1_000;
const MAX_BATCH_TEXT = 4 * 1024 * 1024;

/**
 * How long a delivery state may wait for a batch of writes to go with before it is written alone: a restart after
 * a crash sends again what was delivered in the last this many milliseconds.
 */
const MARK_DELAY = 100;

type Outcome = { readonly value: unknown } | { readonly error: unknown };

/**
 * A {@link MetadataStore} in a PostgreSQL table that this store alone writes (PGlite in its data folder, as
 * the command-line server runs it): every resource is also held in memory, so reads, lists and counts never
 * ask the database, and writes that arrive together are committed together.
 *
 * @param client - a `PGlite` instance (or a `pg` client) that no other process or store writes through
 * @param options - the table's name
 * @returns the store; its table is created and read into memory on first use (or by `migrate()`)
 *
 * @remarks
 * Use it only when this store is the one writer of its table, as when one process holds PGlite's data
 * folder (the command-line server locks it). Several server processes on one database need
 * {@link postgresStore}: this store does not see the others' writes.
 *
 * Reads: the table is read into memory once, when the store opens, a range of its blocks at a time (in time
 * linear in its rows, whatever their order; docs/server.md gives the time and memory per 100,000 users), and
 * the memory store's structures answer every `get`, `list` and `count` from then on: a list page costs the
 * same at any offset, counts are lengths, an `anyOf` filter reads an index. Memory holds every resource, its
 * metadata as JSON text, parsed on each read (about two thirds of the parsed object's memory).
 *
 * Writes, group commit: a change is applied in memory to the state the writes before it leave (in arrival
 * order, so concurrent changes to one resource all land, in order), and the writes that arrived while the
 * previous batch was being written go to the database together, as one statement and so one transaction, up to
 * 1,000 rows and about 4 MiB of row text (a larger write goes alone; the rest wait for the next batch).
 * Several changes to one resource in a batch write one row. Each write is answered only once its batch is
 * committed, and the resources in memory change only then. Each write's outcome is its own: when the database
 * refuses a batch of several writes, each is written again alone (its change's function runs again, on the
 * state then), so only a write the database refuses by itself fails. When a change's function throws, that
 * write alone is refused, having changed nothing. A read sees committed writes only.
 *
 * Storage faults: a full disk refuses the writes of its batch with {@link StoreUnavailableError} (the database
 * rolled them back; later writes may succeed once there is space). After a fault the database cannot be
 * trusted with — PostgreSQL's PANIC or FATAL, the embedded engine failing, or a permanent
 * {@link StoreUnavailableError} from the client — the store sends no further statement (PGlite never answers
 * one after a PANIC) and refuses every operation with a permanent {@link StoreUnavailableError}: restart the
 * process, and the table holds every write that was answered.
 *
 * Each row is written only if its version is the one this store last wrote, and inserts fail on an existing
 * row: if another writer changed the table after all, those writes fail (their requests answer 500) rather than
 * overwrite that change. Restart the store to read the table again.
 *
 * Unique slugs are checked in memory, against the committed resources and the writes before it in its batch:
 * a taken slug refuses its own write alone ({@link UniqueValueTakenError}). So are the resources an insert
 * `requires` ({@link InsertOptions}): a deletion before it in its batch refuses it, one after it takes it along.
 * A table that already holds organizations sharing a slug (an earlier version wrote them) opens: they stay
 * readable and writable, and their slugs are refused to any other organization, so each can be renamed away
 * ({@link postgresStore} refuses to open such a table).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 *
 * const store = exclusivePostgresStore(await PGlite.create());
 * await store.migrate(); // optional: creates the table and reads it into memory
 * await store.get('user', 'user_missing'); // => undefined
 * ```
 *
 * @public
 */
export function exclusivePostgresStore(client: SqlClient, options: ExclusivePostgresStoreOptions = {}): PostgresMetadataStore {
  return watchedExclusivePostgresStore(client, options, {});
}

/**
 * What watches an {@link exclusivePostgresStore} read its table into memory: each may throw, which stops the
 * opening (`migrate()` rejects with that error, and nothing is held).
 *
 * @internal
 */
export interface OpeningWatch {
  /** Before any row is read, with the table's size. */
  readonly beforeReading?: (table: TableSize) => void;
  /** After each page of rows, with what has been read so far (characters of JSON text) and the table's size. */
  readonly afterPage?: (read: TableSize, table: TableSize) => void;
}

/** The characters of JSON text in a row: what a page's size is measured in. */
const rowCharacters = (row: Record<string, unknown>): number => String(row['attributes']).length + String(row['metadata']).length;

/**
 * {@link exclusivePostgresStore}, its opening watched (the command-line server refuses a table that would not
 * fit in its memory), over a field table (the default, or a test's with a field of its own).
 *
 * @internal
 */
export function watchedExclusivePostgresStore(
  client: SqlClient,
  options: ExclusivePostgresStoreOptions,
  watch: OpeningWatch,
  fields: ListFieldTable = listFields,
): PostgresMetadataStore {
  const table = tableName(options.table, 'exclusivePostgresStore');
  const createTable = tableMigration(client, table, { fields, attributeOrders: false, uniqueIndexes: false, listIndexes: false });
  const outboxTable = outboxTableName(table);
  const statesTable = statesTableName(outboxTable);
  const statement = batchStatement(table, outboxTable, statesTable);
  // Metadata as JSON text: the index holds the whole table.
  const committed = new ResourceIndex('text', fields);
  // The outbox's entries, held in memory as the resources are: the table has them too, written by the batches.
  const outbox = memoryWebhookOutbox({ keepSettled: KEEP_SETTLED });
  let nextSequence = 1;
  /** Delivery states written since the table's settled rows were last trimmed. */
  let marksSinceTrim = 0;
  /** Delivery states not yet written, by sequence: the next batch takes them (see `persist`). */
  const unwrittenMarks = new Map<number, WebhookOutboxEntry>();
  let markTimer: ReturnType<typeof setTimeout> | undefined;
  let opening: Promise<void> | undefined;
  let queued: QueuedWrite[] = [];
  let writing = false;
  let scheduled = false;
  /** Set by a fault the database cannot be trusted after: nothing more is sent. */
  let stopped: StoreUnavailableError | undefined;

  /** Reads the table into memory a page at a time, each kind's creation order built once at the end. */
  async function load(): Promise<void> {
    await createTable();
    const watched = watch.beforeReading !== undefined || watch.afterPage !== undefined;
    const size = watched ? await tableSize(client, table) : { rows: 0, bytes: 0 };
    watch.beforeReading?.(size);
    const held: HeldResource[] = [];
    let characters = 0;
    await readTablePages(client, table, RESOURCE_COLUMNS, rowCharacters, (rows, pageCharacters) => {
      for (const row of rows) held.push(toHeldResource(row));
      characters += pageCharacters;
      watch.afterPage?.({ rows: held.length, bytes: characters }, size);
    });
    committed.putAll(held);
    await loadOutbox();
  }

  /** Reads the outbox's pending rows and its newest settled ones into memory; older settled rows are deleted. */
  async function loadOutbox(): Promise<void> {
    await createOutboxTable(client, outboxTable, false);
    await createStatesTable(client, outboxTable, statesTable);
    await client.query(trimSettledStates(outboxTable, statesTable));
    const { rows } = await client.query(selectWithStates(outboxTable, statesTable));
    const { rows: states } = await client.query(`SELECT * FROM ${statesTable}`);
    const entries = outboxEntriesOf(rows, states);
    for (const entry of entries) outbox.restore(entry);
    // The messages rows tell have later sequences than the rows: the next is past every one held anywhere.
    const held = [...entries.map((entry) => entry.sequence), ...states.map((state) => Number(state['sequence']))];
    nextSequence = held.reduce((last, sequence) => Math.max(last, sequence), 0) + 1;
  }

  function migrate(): Promise<void> {
    if (stopped !== undefined) return Promise.reject(stopped);
    opening ??= load().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  }

  /**
   * Takes writes from the front of the queue into one batch while it stays within its bounds, each applied as
   * a step; a write that would take it past them stays queued, its step undone.
   */
  function takeBatch(): { batch: WriteBatch; writes: QueuedWrite[]; outcomes: Outcome[] } {
    const batch = new WriteBatch(committed, () => nextSequence++);
    for (const entry of unwrittenMarks.values()) batch.mark(entry);
    unwrittenMarks.clear();
    const writes: QueuedWrite[] = [];
    const outcomes: Outcome[] = [];
    while (queued.length > 0) {
      const write = queued[0]!;
      if (writes.length > 0 && write.alone === true) break;
      let outcome: Outcome;
      try {
        outcome = { value: write.apply(batch) };
      } catch (error) {
        outcome = { error };
        batch.undoStep();
      }
      if (writes.length > 0 && (batch.changed.size > MAX_BATCH_ROWS || batch.size > MAX_BATCH_TEXT)) {
        batch.undoStep();
        break;
      }
      batch.keepStep();
      writes.push(queued.shift()!);
      outcomes.push(outcome);
      if (write.alone === true) break;
    }
    return { batch, writes, outcomes };
  }

  /** Stops the store for good after `error`: this batch's writes, the queued ones and every later one are refused. */
  function stop(error: unknown, writes: readonly QueuedWrite[]): void {
    stopped =
      error instanceof StoreUnavailableError && error.permanent
        ? error
        : new StoreUnavailableError(`exclusivePostgresStore stopped: the database failed and cannot be trusted: ${describeStorageError(error)}`, { permanent: true, cause: error });
    const refused = [...writes, ...queued];
    queued = [];
    for (const write of refused) write.reject(stopped);
  }

  /** What a batch the database refused means for its writes. */
  function refuseBatch(error: unknown, writes: readonly QueuedWrite[]): void {
    if (isStorageFault(error) || (error instanceof StoreUnavailableError && error.permanent)) return stop(error, writes);
    if (isDiskFull(error)) {
      const full = new StoreUnavailableError(`exclusivePostgresStore: ${describeStorageError(error)}; nothing of these writes was written`, { permanent: false, cause: error });
      for (const write of writes) write.reject(full);
      return;
    }
    if (writes.length === 1) return writes[0]!.reject(error);
    // Which write the database refused is unknown: each goes again alone, so the others are written.
    queued.unshift(...writes.map((write) => ({ ...write, alone: true })));
  }

  /** Writes one batch in one statement, then answers each of its writes. */
  async function writeBatch(): Promise<void> {
    const { batch, writes, outcomes } = takeBatch();
    try {
      const rows = batch.rows();
      if (rows.length > 0 || batch.messages.length > 0 || batch.marks.size > 0) {
        await client.query(statement, [JSON.stringify(rows), rows.length, JSON.stringify(batch.messageRows()), JSON.stringify(batch.markRows())]);
      }
      marksSinceTrim += batch.marks.size;
      if (marksSinceTrim >= KEEP_SETTLED) {
        marksSinceTrim = 0;
        await client.query(trimSettledStates(outboxTable, statesTable));
      }
    } catch (error) {
      // The delivery states go with a later batch (unless a newer state of their entry is waiting already).
      for (const [sequence, entry] of batch.marks) if (!unwrittenMarks.has(sequence)) unwrittenMarks.set(sequence, entry);
      return refuseBatch(error, writes);
    }
    batch.commit();
    for (const entry of batch.messages) outbox.restore(entry);
    writes.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) write.reject(outcome.error);
      else write.resolve(outcome.value);
    });
  }

  /**
   * Writes the queued writes as one batch, then, if more are queued, schedules the next. Each batch starts on a
   * later turn of the event loop: a PGlite statement settles without one, so starting at once would write
   * every request alone, and looping would keep the requests arriving meanwhile unread.
   */
  async function writeQueued(): Promise<void> {
    scheduled = false;
    writing = true;
    await writeBatch();
    writing = false;
    if (queued.length > 0 && stopped === undefined) schedule();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    nextTurn(() => void writeQueued());
  }

  async function write<T>(apply: (batch: WriteBatch) => T): Promise<T> {
    await migrate();
    if (stopped !== undefined) throw stopped;
    return new Promise<T>((resolve, reject) => {
      queued.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      if (!writing) schedule();
    });
  }

  async function read<T>(answer: () => T | Promise<T>): Promise<T> {
    await migrate();
    if (stopped !== undefined) throw stopped;
    return answer();
  }

  /** What records a write's messages in its batch, as part of its step. */
  const recording = (batch: WriteBatch, record: RecordMessages | undefined) =>
    record === undefined ? undefined : (written: Parameters<RecordMessages>[0]) => batch.recordMessages(record(written));

  /**
   * Has the delivery state an entry has in memory written to the states table with the next batch, without
   * waiting for it: a batch of writes takes every state waiting, and without writes a batch of states alone goes
   * within {@link MARK_DELAY}, so that delivering a line one message at a time costs a statement per many
   * attempts, not one each. A state that is never written (the process dies first, the store stops) leaves the
   * message pending: it is sent again after a restart, with its id, as at-least-once allows.
   */
  function persist(sequence: number): void {
    const entry = outbox.entry(sequence);
    if (entry === undefined) return;
    unwrittenMarks.set(sequence, entry);
    if (markTimer !== undefined) return;
    markTimer = setTimeout(() => void flushMarks(), MARK_DELAY);
    (markTimer as { unref?: () => void }).unref?.();
  }

  /** Writes the waiting delivery states now (with any queued writes). */
  async function flushMarks(): Promise<void> {
    if (markTimer !== undefined) clearTimeout(markTimer);
    markTimer = undefined;
    if (unwrittenMarks.size === 0 || stopped !== undefined) return;
    await write(() => undefined).catch(() => {});
  }

  // Claims are held in memory (this store is its table's one user); delivery states are written in the batches,
  // so delivering costs no statement of its own. A state that was not written leaves the row pending: after a
  // restart the message is sent again, with its id.
  const webhookOutbox: WebhookOutbox = {
    record: (messages) => write((batch) => batch.recordMessages(messages)),
    claimDue: (now, limit, leaseUntil) => read(() => outbox.claimDue(now, limit, leaseUntil)),
    async markDelivered(sequence, attempt) {
      await read(() => outbox.markDelivered(sequence, attempt));
      persist(sequence);
    },
    async markAttemptFailed(sequence, attempt, retryAt) {
      await read(() => outbox.markAttemptFailed(sequence, attempt, retryAt));
      persist(sequence);
    },
    async requeue(id, now) {
      const requeued = await read(() => outbox.requeue(id, now));
      for (const entry of await outbox.list(Number.MAX_SAFE_INTEGER)) if (entry.id === id) persist(entry.sequence);
      return requeued;
    },
    list: (limit) => read(() => outbox.list(limit)),
    flush: flushMarks,
  };

  return {
    migrate,
    webhookOutbox,
    async insert(resource, record, options) {
      if (!isStorableText(resource.key)) {
        throw new TypeError(`exclusivePostgresStore: a key holding U+0000 or a lone surrogate cannot be stored: ${JSON.stringify(resource.key)}`);
      }
      return write((batch) => insertInto(batch, resource, recording(batch, record), options?.requires));
    },
    get: (kind, key) => read(() => committed.get(kind, key)),
    delete: (kind, key, record) => write((batch) => deleteFrom(batch, kind, key, recording(batch, record))),
    changeMetadata: (kind, key, change, updatedAt, record) => write((batch) => changeMetadataIn(batch, kind, key, change, updatedAt, recording(batch, record))),
    changeAttributes: (kind, key, change, updatedAt, record) =>
      write((batch) => changeAttributesIn(batch, kind, key, change, updatedAt, recording(batch, record))),
    list: (query) => read(() => committed.list(query)),
    count: (query) => read(() => committed.count(query)),
  };
}
