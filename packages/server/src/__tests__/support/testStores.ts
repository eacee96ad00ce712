import type { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll } from 'vitest';
import { exclusivePostgresStore, memoryStore, postgresStore, type MetadataStore } from '../../index.js';
import { newPglite } from './pgliteTemplate.js';

/** A store to run a test on: its name, and a maker of a fresh, empty one. */
export interface TestStore {
  readonly name: string;
  readonly make: () => MetadataStore;
}

/**
 * The memory store and postgresStore over one PGlite for the calling test file
 * (a fresh instance takes seconds and a lot of memory): each `make` gets a table
 * of its own, named after `tablePrefix`; with `exclusive`, exclusivePostgresStore (the CLI's store of a
 * PGlite folder) over it too. Call at the top level of a test file; pass `db` (from {@link pgliteForTestFile})
 * when the file uses its PGlite otherwise too.
 */
export function memoryAndPgliteStores(tablePrefix: string, { exclusive = false, db = pgliteForTestFile() } = {}): readonly TestStore[] {
  let tables = 0;
  const stores: TestStore[] = [
    { name: 'memoryStore', make: () => memoryStore() },
    { name: 'postgresStore (PGlite)', make: () => postgresStore(db(), { table: `${tablePrefix}_${++tables}` }) },
  ];
  if (exclusive) stores.push({ name: 'exclusivePostgresStore (PGlite)', make: () => exclusivePostgresStore(db(), { table: `${tablePrefix}_${++tables}` }) });
  return stores;
}

/**
 * One PGlite for the calling test file, opened before its tests and closed after them (a fresh instance takes
 * seconds and a lot of memory). Call at the top level of a test file; the getter works inside its tests. With
 * `trigrams`, the client is created with pg_trgm, so that postgresStore creates its trigram indexes.
 */
export function pgliteForTestFile({ trigrams = false } = {}): () => PGlite {
  let db: PGlite | undefined;
  beforeAll(async () => {
    db = await newPglite(trigrams ? { extensions: { pg_trgm } } : {});
  });
  afterAll(async () => {
    await db?.close();
  });
  return () => db!;
}
