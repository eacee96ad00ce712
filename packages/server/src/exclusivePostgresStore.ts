import { RESOURCE_COLUMNS, tableMigration, tableName, toHeldResource } from './internal/postgresTable.js';
import { ResourceIndex, type HeldResource } from './internal/resourceIndex.js';
import { membershipOwner } from './internal/membershipKey.js';
import { changeAttributesIn, changeMetadataIn, deleteFrom, insertInto, type Owner, type ResourceState } from './internal/resourceWrites.js';
import { isStorableText } from './internal/storableText.js';
import { readTablePages, tableSize, type TableSize } from './internal/tablePages.js';
import type { ResourceKind, StoredResource } from './metadataStore.js';
import type { PostgresMetadataStore, SqlClient } from './postgresStore.js';

/**
 * Options of {@link exclusivePostgresStore}.
 *
 * @public
 */
export interface ExclusivePostgresStoreOptions {
  /** The table's name: letters, digits and underscores. Default `metadata_semantics_resources`, as {@link postgresStore}. */
  readonly table?: string;
}

const idOf = (kind: ResourceKind, key: string): string => `${kind}\u0000${key}`;

/** The writes of one group commit, over the committed resources: what they read and change, before it is written. */
class WriteBatch implements ResourceState {
  /** What changed, by kind and key: the resource now, or `undefined` when deleted. */
  readonly changed = new Map<string, { kind: ResourceKind; key: string; resource: StoredResource | undefined }>();

  constructor(private readonly committed: ResourceIndex) {}

  get(kind: ResourceKind, key: string): StoredResource | undefined {
    const entry = this.changed.get(idOf(kind, key));
    return entry === undefined ? this.committed.get(kind, key) : entry.resource;
  }

  put(resource: StoredResource): void {
    this.changed.set(idOf(resource.kind, resource.key), { kind: resource.kind, key: resource.key, resource });
  }

  remove(kind: ResourceKind, key: string): void {
    this.changed.set(idOf(kind, key), { kind, key, resource: undefined });
  }

  memberships(owner: Owner, key: string): string[] {
    const keys = new Set(this.committed.memberships(owner, key));
    for (const entry of this.changed.values()) {
      if (entry.kind === 'organization_membership' && membershipOwner(entry.key, owner) === key) keys.add(entry.key);
    }
    return [...keys].filter((membershipKey) => this.get('organization_membership', membershipKey) !== undefined);
  }

  /** The rows the batch writes, each checked against the version this process last wrote. */
  rows(): object[] {
    const rows: object[] = [];
    for (const { kind, key, resource } of this.changed.values()) {
      const stored = this.committed.held(kind, key);
      if (resource === undefined) {
        if (stored !== undefined) rows.push({ op: 'delete', kind, key, previous: stored.version });
        continue;
      }
      const row = { kind, key, metadata: JSON.stringify(resource.metadata), updated_at: resource.updatedAt, version: resource.version };
      if (stored === undefined) {
        rows.push({ op: 'insert', ...row, attributes: JSON.stringify(resource.attributes), created_at: resource.createdAt });
      } else if (stored.attributes === resource.attributes && stored.createdAt === resource.createdAt) {
        // A metadata change: the attributes stay as they are in the row.
        rows.push({ op: 'update', ...row, previous: stored.version });
      } else {
        rows.push({ op: 'update', ...row, attributes: JSON.stringify(resource.attributes), created_at: resource.createdAt, previous: stored.version });
      }
    }
    return rows;
  }

  /** Makes the batch the committed state, once the database has it. */
  commit(): void {
    for (const { kind, key, resource } of this.changed.values()) {
      if (resource === undefined) this.committed.remove(kind, key);
      else this.committed.put(resource);
    }
  }
}

/**
 * One statement (so one transaction) for a whole batch: deletes, updates and inserts from one JSON parameter.
 * Each row is written only if its version is the one this process last wrote, and an insert fails on a row
 * that exists; when fewer rows than the batch's are written, another writer changed the table, and the cast
 * fails the statement, which writes nothing.
 */
function batchStatement(table: string): string {
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
  ), written AS (
    SELECT (SELECT count(*) FROM deleted) + (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) AS rows
  )
  SELECT CASE WHEN rows = $2::bigint THEN rows
    ELSE (rows || ' of ' || $2::bigint || ' rows written: another writer changed ${table}')::bigint END AS written
  FROM written`;
}

/**
 * Runs `callback` on a later turn of the event loop, once the I/O that is ready has been read: Node's and
 * Bun's `setImmediate`, elsewhere a zero timeout.
 */
function nextTurn(callback: () => void): void {
  const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => unknown };
  if (typeof setImmediate === 'function') setImmediate(callback);
  else setTimeout(callback, 0);
}

interface QueuedWrite {
  readonly apply: (batch: WriteBatch) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

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
 * previous batch was being written go to the database together, as one statement and so one transaction.
 * Several changes to one resource in a batch write one row. Each write is answered only once its batch is
 * committed, and the resources in memory change only then: a batch the database refuses rejects every write
 * in it and changes nothing, in the table or in memory. A change's function runs once; when it throws, that
 * write alone is refused, having changed nothing. A read sees committed writes only.
 *
 * Each row is written only if its version is the one this store last wrote, and inserts fail on an existing
 * row: if another writer changed the table after all, the batch fails (its requests answer 500) rather than
 * overwrite that change. Restart the store to read the table again.
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
 * {@link exclusivePostgresStore}, its opening watched: the command-line server refuses a table that would not
 * fit in its memory.
 *
 * @internal
 */
export function watchedExclusivePostgresStore(client: SqlClient, options: ExclusivePostgresStoreOptions, watch: OpeningWatch): PostgresMetadataStore {
  const table = tableName(options.table, 'exclusivePostgresStore');
  const createTable = tableMigration(client, table, { attributeOrders: false });
  const statement = batchStatement(table);
  // Metadata as JSON text: the index holds the whole table.
  const committed = new ResourceIndex('text');
  let opening: Promise<void> | undefined;
  let queued: QueuedWrite[] = [];
  let writing = false;
  let scheduled = false;

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
  }

  function migrate(): Promise<void> {
    opening ??= load().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  }

  /** Applies the queued writes to a batch, writes it in one statement, then answers each write. */
  async function writeBatch(writes: readonly QueuedWrite[]): Promise<void> {
    const batch = new WriteBatch(committed);
    const outcomes = writes.map((write) => {
      try {
        return { value: write.apply(batch) };
      } catch (error) {
        return { error };
      }
    });
    try {
      const rows = batch.rows();
      if (rows.length > 0) await client.query(statement, [JSON.stringify(rows), rows.length]);
    } catch (error) {
      for (const write of writes) write.reject(error);
      return;
    }
    batch.commit();
    writes.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) write.reject(outcome.error);
      else write.resolve(outcome.value);
    });
  }

  /**
   * Writes the queued writes as one batch, then, if more arrived meanwhile, schedules the next. Each batch
   * starts on a later turn of the event loop: a PGlite statement settles without one, so starting at once
   * would write every request alone, and looping would keep the requests arriving meanwhile unread.
   */
  async function writeQueued(): Promise<void> {
    scheduled = false;
    writing = true;
    const writes = queued;
    queued = [];
    await writeBatch(writes);
    writing = false;
    if (queued.length > 0) schedule();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    nextTurn(() => void writeQueued());
  }

  async function write<T>(apply: (batch: WriteBatch) => T): Promise<T> {
    await migrate();
    return new Promise<T>((resolve, reject) => {
      queued.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      if (!writing) schedule();
    });
  }

  async function read<T>(answer: () => T): Promise<T> {
    await migrate();
    return answer();
  }

  return {
    migrate,
    async insert(resource) {
      if (!isStorableText(resource.key)) {
        throw new TypeError(`exclusivePostgresStore: a key holding U+0000 or a lone surrogate cannot be stored: ${JSON.stringify(resource.key)}`);
      }
      return write((batch) => insertInto(batch, resource));
    },
    get: (kind, key) => read(() => committed.get(kind, key)),
    delete: (kind, key) => write((batch) => deleteFrom(batch, kind, key)),
    changeMetadata: (kind, key, change, updatedAt) => write((batch) => changeMetadataIn(batch, kind, key, change, updatedAt)),
    changeAttributes: (kind, key, change, updatedAt) => write((batch) => changeAttributesIn(batch, kind, key, change, updatedAt)),
    list: (query) => read(() => committed.list(query)),
    count: (query) => read(() => committed.count(query)),
  };
}
