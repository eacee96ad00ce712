import type { JsonObject, MetadataFields } from '@metadata-semantics/core';
import { DuplicateUniqueValuesError } from './duplicateUniqueValuesError.js';
import { kindCountsSetup } from './kindCounts.js';
import { UniqueValueTakenError, type StoredResource } from '../metadataStore.js';
import type { ResourceKind } from '../resourceKind.js';
import type { SqlClient } from './sqlClient.js';
import { attributeOrderIndexes, filterIndexes, listIndexes, searchIndexes, searchStatistics, uniqueIndexes, type ListFeatures, type UniqueIndex } from './postgresLists.js';
import { fieldValues } from '../fieldValues.js';
import { listFields, type ListFieldTable } from '../listFields.js';
import type { HeldResource } from '../memory/resourceIndex.js';

/** The table's columns, in the order of its definition. */
export const RESOURCE_COLUMNS = 'kind, key, attributes, metadata, created_at, updated_at, version';

/** The table name a store's options give (default `metadata_semantics_resources`): an identifier, or a TypeError. */
export function tableName(table: string | undefined, storeName: string): string {
  const name = table ?? 'metadata_semantics_resources';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new TypeError(`${storeName}: table name ${JSON.stringify(name)} must be letters, digits and underscores`);
  }
  return name;
}

function createTable(table: string, fillfactor: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
    kind text NOT NULL,
    key text NOT NULL,
    attributes text NOT NULL,
    metadata text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (kind, key)
  )${fillfactor}`;
}

/**
 * What a store needs of the table: `exclusivePostgresStore` lists from memory and needs no order indexes;
 * `postgresStore` reads pages from them, and leaves a fifth of each page free, so that a metadata write (which
 * changes no indexed column) can put the row's next version beside it, a heap-only update that touches no index.
 * `postgresStore` keeps slugs unique with a unique index; `exclusivePostgresStore`, the table's one writer, checks
 * them in memory (an index would refuse a batch that renames two organizations in turn, checked row by row).
 */
export interface TableNeeds {
  /** The list fields: which orders get an index, which fields a unique one. */
  readonly fields: ListFieldTable;
  readonly attributeOrders: boolean;
  readonly uniqueIndexes: boolean;
  /** The filter and trigram indexes and the count table (postgresStore's `listIndexes`). */
  readonly listIndexes: boolean;
}

function statementsFor(table: string, needs: TableNeeds): string[] {
  if (!needs.attributeOrders) return [createTable(table, ''), ...listIndexes(table)];
  return [
    createTable(table, ' WITH (fillfactor = 80)'),
    // A table another store created keeps its rows; the pages written from now on leave the room.
    `ALTER TABLE ${table} SET (fillfactor = 80)`,
    ...listIndexes(table),
    ...attributeOrderIndexes(table, needs.fields),
    ...(needs.listIndexes ? filterIndexes(table, needs.fields) : []),
  ];
}

/**
 * Creates pg_trgm when missing and then the trigram indexes of text queries: whether they are there. Without
 * the extension (a PGlite client created without it, a role that may not create it, a server without its files)
 * text queries test the rows of the kind instead, as they did before.
 */
async function createSearchIndexes(client: SqlClient, table: string, fields: ListFieldTable, create: (statement: string) => Promise<void>): Promise<boolean> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } catch {
    // Another process may have created it at the same moment: then it is there.
    const { rows } = await client.query(`SELECT count(*)::int AS count FROM pg_extension WHERE extname = 'pg_trgm'`);
    if (Number(rows[0]?.['count']) === 0) return false;
  }
  try {
    for (const statement of searchIndexes(table, fields)) await create(statement);
  } catch {
    // Its operator class out of the search path, say: the lists work without them.
    return false;
  }
  await createSearchStatistics(client, table, fields);
  return true;
}

/**
 * The statistics of the functions of searched values ({@link searchStatistics}), analysed once when created; on a
 * server older than PostgreSQL 14 (no statistics of expressions) the planner guesses as before.
 */
async function createSearchStatistics(client: SqlClient, table: string, fields: ListFieldTable): Promise<void> {
  let created = false;
  for (const { name, create } of searchStatistics(table, fields)) {
    try {
      const { rows } = await client.query('SELECT count(*)::int AS count FROM pg_statistic_ext WHERE stxname = $1', [name]);
      if (Number(rows[0]?.['count']) > 0) continue;
      await client.query(create);
      created = true;
    } catch {
      // An older server, or another process creating them at the same moment.
    }
  }
  if (created) await client.query(`ANALYZE ${table}`);
}

/**
 * The table's migration, run once however often it is asked for (again after a failure): the table and the
 * indexes the store needs, each created if missing; it answers what the lists may read beyond the columns.
 */
export function tableMigration(client: SqlClient, table: string, needs: TableNeeds): () => Promise<ListFeatures> {
  let migration: Promise<ListFeatures> | undefined;
  async function create(statement: string, beforeRetry?: () => Promise<void>): Promise<void> {
    try {
      await client.query(statement);
    } catch (error) {
      await beforeRetry?.();
      // Two processes creating the table (or an index) at once: one of them gets a
      // unique violation on the catalog; it exists now, so try once more.
      await client.query(statement).catch(() => {
        throw error;
      });
    }
  }
  async function run(): Promise<ListFeatures> {
    for (const statement of statementsFor(table, needs)) await create(statement);
    if (needs.uniqueIndexes) {
      // Rows an earlier version wrote may share a value: name them rather than fail the index build.
      for (const index of uniqueIndexes(table, needs.fields)) await create(index.create, () => refuseDuplicates(client, table, index));
    }
    if (!needs.listIndexes) return { trigrams: false, counted: false, filtered: false };
    await create(kindCountsSetup(table));
    return { trigrams: await createSearchIndexes(client, table, needs.fields, (statement) => create(statement)), counted: true, filtered: true };
  }
  return () => {
    migration ??= run().catch((error: unknown) => {
      migration = undefined;
      throw error;
    });
    return migration;
  };
}

/** A row of the table as a stored resource. */
export function toResource(row: Record<string, unknown>): StoredResource {
  return {
    kind: row['kind'] as ResourceKind,
    key: String(row['key']),
    attributes: JSON.parse(String(row['attributes'])) as JsonObject,
    metadata: JSON.parse(String(row['metadata'])) as MetadataFields,
    createdAt: Number(row['created_at']),
    updatedAt: Number(row['updated_at']),
    version: Number(row['version']),
  };
}

/** The values rows of the table share that the index keeps unique, as the error that names them; none: `undefined`. */
async function duplicatesOf(client: SqlClient, table: string, index: UniqueIndex): Promise<DuplicateUniqueValuesError | undefined> {
  const { rows } = await client.query(index.duplicates);
  if (rows.length === 0) return undefined;
  const duplicates = rows.map((row) => ({ value: String(row['value']), keys: JSON.parse(String(row['keys'])) as string[] }));
  return new DuplicateUniqueValuesError(table, index.kind, index.field, duplicates, Number(rows[0]!['total']));
}

async function refuseDuplicates(client: SqlClient, table: string, index: UniqueIndex): Promise<void> {
  const duplicates = await duplicatesOf(client, table, index);
  if (duplicates !== undefined) throw duplicates;
}

/**
 * The values rows of the table share that a unique field should not (an earlier version wrote them): one error
 * naming them per unique field that has some. For a store that opens such a table, to warn.
 */
export async function sharedUniqueValues(client: SqlClient, table: string, fields: ListFieldTable = listFields): Promise<DuplicateUniqueValuesError[]> {
  const found = await Promise.all(uniqueIndexes(table, fields).map((index) => duplicatesOf(client, table, index)));
  return found.filter((error) => error !== undefined);
}

/**
 * The store's refusal of a write that PostgreSQL refused with a unique violation (23505) of one of the table's
 * unique indexes, given the resource written; `undefined` for any other error.
 */
export function takenValueError(
  error: unknown,
  indexes: readonly UniqueIndex[],
  resource: StoredResource,
  fields: ListFieldTable,
): UniqueValueTakenError | undefined {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (code !== '23505') return undefined;
  const index = indexes.find((candidate) => candidate.name === constraint && candidate.kind === resource.kind);
  const value = index === undefined ? undefined : fieldValues(resource, index.field, fields)[0];
  return value === undefined ? undefined : new UniqueValueTakenError(resource.kind, index!.field, value);
}

/** A row of the table as an index of the whole table holds it: its metadata left as the row's JSON text. */
export function toHeldResource(row: Record<string, unknown>): HeldResource {
  return {
    kind: row['kind'] as ResourceKind,
    key: String(row['key']),
    attributes: JSON.parse(String(row['attributes'])) as JsonObject,
    metadata: String(row['metadata']),
    createdAt: Number(row['created_at']),
    updatedAt: Number(row['updated_at']),
    version: Number(row['version']),
  };
}
