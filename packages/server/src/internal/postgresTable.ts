import type { JsonObject, MetadataFields } from '@metadata-semantics/core';
import type { ResourceKind, StoredResource } from '../metadataStore.js';
import type { SqlClient } from '../postgresStore.js';
import { listIndexes } from './postgresLists.js';

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

function createTable(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
    kind text NOT NULL,
    key text NOT NULL,
    attributes text NOT NULL,
    metadata text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (kind, key)
  )`;
}

/**
 * The table's migration, run once however often it is asked for (again after a failure): the table and its
 * list indexes, each created if missing.
 */
export function tableMigration(client: SqlClient, table: string): () => Promise<void> {
  let migration: Promise<void> | undefined;
  async function run(): Promise<void> {
    for (const statement of [createTable(table), ...listIndexes(table)]) {
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
