import type { JsonObject, MetadataFields } from '@metadata-semantics/core';
import type { ResourceKind, StoredResource } from '../metadataStore.js';
import type { SqlClient } from '../postgresStore.js';
import { attributeOrderIndexes, listIndexes } from './postgresLists.js';
import type { HeldResource } from './resourceIndex.js';

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
 */
export interface TableNeeds {
  readonly attributeOrders: boolean;
}

function statementsFor(table: string, needs: TableNeeds): string[] {
  if (!needs.attributeOrders) return [createTable(table, ''), ...listIndexes(table)];
  return [
    createTable(table, ' WITH (fillfactor = 80)'),
    // A table another store created keeps its rows; the pages written from now on leave the room.
    `ALTER TABLE ${table} SET (fillfactor = 80)`,
    ...listIndexes(table),
    ...attributeOrderIndexes(table),
  ];
}

/**
 * The table's migration, run once however often it is asked for (again after a failure): the table and the
 * indexes the store needs, each created if missing.
 */
export function tableMigration(client: SqlClient, table: string, needs: TableNeeds): () => Promise<void> {
  let migration: Promise<void> | undefined;
  async function run(): Promise<void> {
    for (const statement of statementsFor(table, needs)) {
      try {
        await client.query(statement);
      } catch (error) {
        // Two processes creating the table (or an index) at once: one of them gets a
        // unique violation on the catalog; it exists now, so try once more.
        await client.query(statement).catch(() => {
          throw error;
        });
      }
    }
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
