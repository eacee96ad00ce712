import { KeyedQueue } from './keyedQueue.js';
import { kindCountStatement } from './kindCounts.js';
import { countStatement, listStatement, searchedSampleStatement, uniqueIndexes, type ListFeatures } from './postgresLists.js';
import { trigramSharesOf, type TrigramShares } from './narrowingSubstrings.js';
import { RESOURCE_COLUMNS, tableMigration, tableName, takenValueError, toResource } from './postgresTable.js';
import { isStorableText } from '../../shared/storableText.js';
import { listFields, type ListFieldTable } from '../listFields.js';
import { membershipKeyPartSql } from '../membershipKey.js';
import type { SqlClient } from './sqlClient.js';
import { StoreConflictError, type AttributesChange, type MetadataChange, type ResourceQuery, type StoredResource } from '../metadataStore.js';
import type { ResourceKind } from '../resourceKind.js';
import type { InsertOptions, RecordingStore, RecordMessages } from '../../webhooks/recordingStore.js';
import { postgresWebhookOutbox } from './postgresWebhookOutbox.js';
import { createOutboxTable, insertMessages, messageRow, outboxTableName } from './webhookOutboxTable.js';
import { writeToldAsRows } from './toldMessages.js';

/**
 * Options of {@link postgresStore}.
 *
 * @public
 */
export interface PostgresStoreOptions {
  /** The table's name: letters, digits and underscores. Default `metadata_semantics_resources`. */
  readonly table?: string;
  /** How many times a metadata change is tried before {@link StoreConflictError}. Default 100. */
  readonly maxAttempts?: number;
  /**
   * Whether `migrate()` creates the list indexes: one per exact filter on an attribute, pg_trgm's trigram index
   * of text queries, and the count table with its triggers. Default `true`.
   *
   * @remarks
   * They cost every write (measured at a million users on PostgreSQL 15: an insert 0.85 ms with them, 0.48 ms
   * without; a metadata write 0.73 ms and 0.63 ms); without them a filter on an attribute, a text query and a
   * count of a whole kind test every row of the kind (at a million users: a filter by email address 3.5 s, a
   * selective text query 9.2 s, the count 0.3 s; docs/benchmarks.md).
   * `false` creates none and reads none (indexes already there are left as they are: drop them to save their
   * cost); the order indexes, the primary key and the memberships' indexes stay.
   */
  readonly listIndexes?: boolean;
}

/**
 * A {@link MetadataStore} with its migration.
 *
 * @public
 */
export interface PostgresMetadataStore extends RecordingStore {
  /**
   * Creates the table when it does not exist. Idempotent and safe to run from
   * several processes at once; every other method runs it first (once).
   *
   * @throws {@link DuplicateUniqueValuesError} (`postgresStore` only) when the table already holds organizations
   * sharing a slug, naming them; the store does not open until they are renamed or deleted
   */
  migrate(): Promise<void>;
}

const columns = RESOURCE_COLUMNS;

/**
 * A {@link MetadataStore} in a PostgreSQL table, over any client with
 * `query(text, params)`: the `pg` driver (a `Pool`, for several server
 * processes sharing one database) or PGlite (embedded).
 *
 * @param client - a `pg` `Pool` or `Client`, a `PGlite` instance, or anything with the same `query`
 * @param options - table name and retry limit
 * @returns the store; its table is created on first use (or by `migrate()`)
 *
 * @remarks
 * Concurrency model: optimistic compare-and-set on a version column. A change
 * reads the row (metadata and version), applies the change in JavaScript
 * (with the core library's reducers), then writes with
 * `UPDATE … WHERE kind = $1 AND key = $2 AND version = $read`. If another
 * writer got in between, the update matches no row, and the change is read and
 * applied again, after a short random back-off, up to `maxAttempts` times
 * (then {@link StoreConflictError}). Within one process, changes to the same
 * resource are also queued, so the retries only happen between processes.
 * Each statement is a single query, so any pooled client works and no
 * transaction spans a network round trip. `delete` is one statement too: it
 * removes the resource and, only when it existed, its memberships; a second
 * statement then removes any membership of it another process committed in
 * between. An insert's `requires` ({@link InsertOptions}) are read in the
 * insert's statement under `FOR KEY SHARE`: a concurrent deletion of one either
 * commits first (and nothing is inserted) or waits for the insert (and its
 * second statement removes the membership), so none outlives its owner.
 *
 * Unique slugs: a unique partial index on the organizations' `slug` refuses a second holder atomically, whichever
 * process writes it; `insert` and `changeAttributes` turn PostgreSQL's unique violation into
 * {@link UniqueValueTakenError}. A table that already holds duplicates (written by an earlier version) does not
 * open: `migrate()` throws {@link DuplicateUniqueValuesError} naming them.
 *
 * Metadata and attributes are stored as JSON text (not `jsonb`), which keeps
 * key order and every key (including `__proto__`) exactly as written. A key
 * that PostgreSQL text cannot hold (U+0000, a lone surrogate) belongs to no
 * resource: `get`, `changeMetadata` and `delete` find nothing, and `insert`
 * throws a `TypeError` (the handler only inserts keys it generated).
 *
 * @public
 */
export function postgresStore(client: SqlClient, options: PostgresStoreOptions = {}): PostgresMetadataStore {
  return postgresStoreOf(client, options, listFields);
}

/**
 * {@link postgresStore} over another field table (a test's, with a field of its own).
 *
 * @internal
 */
export function postgresStoreOf(client: SqlClient, options: PostgresStoreOptions, fields: ListFieldTable): PostgresMetadataStore {
  const table = tableName(options.table, 'postgresStore');
  const maxAttempts = options.maxAttempts ?? 100;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError('postgresStore: maxAttempts must be an integer of at least 1');
  }
  const queue = new KeyedQueue();
  const migrateTable = tableMigration(client, table, { fields, attributeOrders: true, uniqueIndexes: true, listIndexes: options.listIndexes ?? true });
  const outbox = outboxTableName(table);
  let migration: Promise<ListFeatures> | undefined;
  const migrate = (): Promise<ListFeatures> => {
    migration ??= migrateTable()
      .then(async (features) => {
        await createOutboxTable(client, outbox, true);
        await writeToldAsRows(client, outbox);
        return features;
      })
      .catch((error: unknown) => {
        migration = undefined;
        throw error;
      });
    return migration;
  };
  const indexes = uniqueIndexes(table, fields);

  /**
   * A write statement (a data-modifying one with `RETURNING`) that also records `record`'s messages of `resource`
   * in the outbox, in the same statement: they exist if and only if the write committed. `then` names the write as
   * a CTE and gives the rest of the statement; without it the statement answers the write's rows. Without
   * `record` the statement is the write alone. The messages are the last parameter.
   */
  function recordingStatement(
    write: string,
    params: unknown[],
    resource: StoredResource,
    record: RecordMessages | undefined,
    then: { readonly name: string; readonly rest: string } = { name: 'written', rest: 'SELECT * FROM written' },
  ): { text: string; params: unknown[] } {
    if (record === undefined) return { text: then.name === 'written' ? write : `WITH ${then.name} AS (${write}) ${then.rest}`, params };
    const param = `$${params.length + 1}`;
    const recorded = insertMessages(outbox, param, false, `EXISTS (SELECT 1 FROM ${then.name})`);
    return {
      text: `WITH ${then.name} AS (${write}), recorded AS (${recorded}) ${then.rest}`,
      params: [...params, JSON.stringify(record(resource).map((message) => messageRow(message)))],
    };
  }

  /** Runs a write, turning the unique index's refusal of `resource` into the store's. */
  async function writing<T>(resource: StoredResource, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      throw takenValueError(error, indexes, resource, fields) ?? error;
    }
  }

  // The memberships of resource $2 of kind $1 ('user' or 'organization'): membership keys split at the first '/'.
  const ownedMemberships = `kind = 'organization_membership' AND strpos(key, '/') > 0
    AND (($1::text = 'organization' AND ${membershipKeyPartSql('organization')} = $2) OR ($1::text = 'user' AND ${membershipKeyPartSql('user')} = $2))`;

  let statisticsCheckedAt = Number.NEGATIVE_INFINITY;
  const sampledShares = new Map<ResourceKind, { readonly at: number; readonly shares: Promise<TrigramShares | undefined> }>();

  /**
   * The shares of the trigrams of a kind's searched values, from a sample of about 2,000 rows, taken when a text
   * query first needs them and again when ten minutes old (the old ones serve meanwhile): which parts of a query's
   * string narrow. Only the rows read change with them, never the rows found.
   */
  function trigramShares(query: ResourceQuery, features: ListFeatures): Promise<TrigramShares | undefined> {
    if (!features.trigrams || !(query.where ?? []).some((condition) => 'contains' in condition)) return Promise.resolve(undefined);
    const held = sampledShares.get(query.kind);
    if (held !== undefined && Date.now() - held.at < 600_000) return held.shares;
    const shares = sampleShares(query.kind).catch(() => undefined);
    sampledShares.set(query.kind, { at: Date.now(), shares: held === undefined ? shares : shares.then((fresh) => fresh ?? held.shares) });
    return held?.shares ?? shares;
  }

  async function sampleShares(kind: ResourceKind): Promise<TrigramShares | undefined> {
    // The kind's own count (exact, kept by the table's triggers), not the table's: the sample is of one kind's rows,
    // and a kind the others outnumber would otherwise get a few hundred rows, or pages, and noisy shares.
    const { rows } = await client.query(kindCountStatement(table), [kind]);
    const held = Number(rows[0]?.['count'] ?? 0);
    const statement = searchedSampleStatement(table, kind, fields, held > 4000 ? (100 * 2000) / held : 100);
    if (statement === undefined) return undefined;
    const sample = await client.query(statement);
    return trigramSharesOf(sample.rows.map((row) => String(row['searched'])));
  }

  /**
   * Re-analyses the table when it has grown well past what the planner's statistics say, or holds rows but
   * has no statistics of its columns (at most every 5 seconds): PGlite runs no autovacuum, and a planner that
   * thinks a kind holds a few rows reads them all through a kind's partial index and sorts them to answer a
   * page deep in a list, instead of walking the creation index. (Creating an index updates the page count
   * but not the columns' statistics: a table another store filled looks analysed by pages alone.)
   */
  async function refreshStatistics(): Promise<void> {
    if (Date.now() - statisticsCheckedAt < 5000) return;
    statisticsCheckedAt = Date.now();
    const { rows } = await client.query(
      // pg_stats, not pg_statistic: any role may read the statistics of the columns it may read.
      `SELECT c.relpages AS analyzed, pg_relation_size(c.oid) / current_setting('block_size')::int AS actual,
         EXISTS (SELECT 1 FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname
           WHERE n.oid = c.relnamespace AND s.tablename = c.relname) AS described
       FROM pg_class c WHERE c.oid = $1::regclass`,
      [table],
    );
    const analyzed = Number(rows[0]?.['analyzed'] ?? 0);
    const actual = Number(rows[0]?.['actual'] ?? 0);
    if (actual > 1.2 * analyzed + 8 || (actual > 0 && rows[0]?.['described'] === false)) await client.query(`ANALYZE ${table}`);
  }

  /**
   * Reads a resource and writes it back changed, under a compare-and-set on its version: `write` answers
   * undefined when another process wrote first, and the change is applied again to what that process wrote.
   */
  function changeUnderVersion(
    kind: ResourceKind,
    key: string,
    what: string,
    write: (current: StoredResource) => Promise<StoredResource | undefined>,
  ): Promise<StoredResource | undefined> {
    return queue.run(`${kind}\u0000${key}`, async () => {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const current = await read(kind, key);
        if (current === undefined) return undefined;
        const written = await write(current);
        if (written !== undefined) return written;
        // Lost the race to another process: back off a little, at random, and retry.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
      }
      throw new StoreConflictError(`The ${what} of ${kind} ${key} changed concurrently ${maxAttempts} times in a row; nothing was written`);
    });
  }

  async function read(kind: ResourceKind, key: string): Promise<StoredResource | undefined> {
    if (!isStorableText(key)) return undefined;
    const { rows } = await client.query(`SELECT ${columns} FROM ${table} WHERE kind = $1 AND key = $2`, [kind, key]);
    return rows[0] === undefined ? undefined : toResource(rows[0]);
  }

  return {
    async migrate() {
      await migrate();
    },
    webhookOutbox: postgresWebhookOutbox(client, outbox, async () => {
      await migrate();
    }),
    async insert(resource, record?: RecordMessages, options?: InsertOptions) {
      if (!isStorableText(resource.key)) {
        throw new TypeError(`postgresStore: a key holding U+0000 or a lone surrogate cannot be stored: ${JSON.stringify(resource.key)}`);
      }
      const requires = options?.requires ?? [];
      // No stored key holds what PostgreSQL cannot take.
      if (!requires.every(({ key }) => isStorableText(key))) return false;
      await migrate();
      // Each required row is read under FOR KEY SHARE, which a DELETE of it waits for (and which waits for one under
      // way): a deletion that commits first leaves no row to lock, so nothing is inserted or recorded; one that
      // comes after waits for this statement to commit, and its second sweep (see delete) removes the membership.
      const required = requires.map(
        (_, index) => `EXISTS (SELECT 1 FROM ${table} WHERE kind = $${8 + 2 * index} AND key = $${9 + 2 * index} FOR KEY SHARE)`,
      );
      const statement = recordingStatement(
        `INSERT INTO ${table} (${columns}) SELECT $1, $2, $3, $4, $5, $6, $7 WHERE ${['true', ...required].join(' AND ')}
         ON CONFLICT (kind, key) DO NOTHING RETURNING key`,
        [
          resource.kind,
          resource.key,
          JSON.stringify(resource.attributes),
          JSON.stringify(resource.metadata),
          resource.createdAt,
          resource.updatedAt,
          resource.version,
          ...requires.flatMap(({ kind, key }) => [kind, key]),
        ],
        resource,
        record,
      );
      const { rows } = await writing(resource, () => client.query(statement.text, statement.params));
      return rows.length === 1;
    },
    async get(kind, key) {
      await migrate();
      return read(kind, key);
    },
    async delete(kind, key, record?: RecordMessages) {
      if (!isStorableText(key)) return undefined;
      await migrate();
      // One statement: the resource and, only when it existed, its memberships
      // (keys split at the first '/', as in memoryStore).
      const deleteStatement = (resource: StoredResource | undefined) =>
        recordingStatement(
          `DELETE FROM ${table} WHERE kind = $1 AND key = $2 ${resource === undefined ? '' : 'AND version = $3'} RETURNING ${columns}`,
          resource === undefined ? [kind, key] : [kind, key, resource.version],
          resource as StoredResource,
          resource === undefined ? undefined : record,
          {
            name: 'deleted',
            rest: `, memberships AS (
              DELETE FROM ${table} WHERE ${ownedMemberships} AND EXISTS (SELECT 1 FROM deleted) RETURNING key
            )
            SELECT ${columns} FROM deleted`,
          },
        );
      let rows: Record<string, unknown>[];
      if (record === undefined) {
        const statement = deleteStatement(undefined);
        ({ rows } = await client.query(statement.text, statement.params));
      } else {
        // The messages are made from the row as it is deleted: read, then deleted only at the version read.
        rows = [];
        await changeUnderVersion(kind, key, 'row', async (current) => {
          const statement = deleteStatement(current);
          ({ rows } = await client.query(statement.text, statement.params));
          return rows[0] === undefined ? undefined : current;
        });
      }
      if (rows[0] === undefined) return undefined;
      if (kind !== 'organization_membership') {
        // A membership inserted by another process may have committed after that statement's snapshot was taken:
        // its insert held the owner row FOR KEY SHARE, and the DELETE above waited for it to commit, but went on
        // with the older snapshot. This second sweep, a statement of its own, sees it. An insert that comes later
        // finds no owner row to lock and writes nothing, so no membership outlives its owner, and the deletion is
        // answered only after both statements.
        await client.query(`DELETE FROM ${table} WHERE ${ownedMemberships}`, [kind, key]);
      }
      return toResource(rows[0]);
    },
    async changeMetadata(kind: ResourceKind, key: string, change: MetadataChange, updatedAt: number, record?: RecordMessages) {
      if (!isStorableText(key)) return undefined;
      await migrate();
      return changeUnderVersion(kind, key, 'metadata', async (current) => {
        const next = { ...current, metadata: change(current.metadata), updatedAt, version: current.version + 1 };
        const statement = recordingStatement(
          `UPDATE ${table} SET metadata = $3, updated_at = $4, version = version + 1
           WHERE kind = $1 AND key = $2 AND version = $5 RETURNING version`,
          [kind, key, JSON.stringify(next.metadata), updatedAt, current.version],
          next,
          record,
        );
        const { rows } = await client.query(statement.text, statement.params);
        return rows.length === 1 ? next : undefined;
      });
    },
    async changeAttributes(kind: ResourceKind, key: string, change: AttributesChange, updatedAt: number, record?: RecordMessages) {
      // No stored key holds what PostgreSQL cannot take (U+0000, a lone surrogate).
      if (!isStorableText(key)) return undefined;
      await migrate();
      return changeUnderVersion(kind, key, 'attributes', async (current) => {
        const { attributes, createdAt } = change(current);
        const next = { ...current, attributes, createdAt, updatedAt, version: current.version + 1 };
        const statement = recordingStatement(
          `UPDATE ${table} SET attributes = $3, created_at = $4, updated_at = $5, version = version + 1
           WHERE kind = $1 AND key = $2 AND version = $6 RETURNING version`,
          [kind, key, JSON.stringify(attributes), createdAt, updatedAt, current.version],
          next,
          record,
        );
        const { rows } = await writing(next, () => client.query(statement.text, statement.params));
        return rows.length === 1 ? next : undefined;
      });
    },
    async list(query) {
      const features = await migrate();
      await refreshStatistics();
      const statement = listStatement(table, columns, query, fields, features, await trigramShares(query, features));
      const { rows } = await client.query(statement.text, statement.params);
      return rows.map(toResource);
    },
    async count(query) {
      const features = await migrate();
      if (features.counted && (query.where ?? []).length === 0) {
        const { rows } = await client.query(kindCountStatement(table), [query.kind]);
        return Number(rows[0]?.['count'] ?? 0);
      }
      await refreshStatistics();
      const statement = countStatement(table, query, fields, features, await trigramShares(query, features));
      const { rows } = await client.query(statement.text, statement.params);
      return Number(rows[0]?.['count'] ?? 0);
    },
  };
}
