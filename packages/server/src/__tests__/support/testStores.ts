import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { exclusivePostgresStore, memoryStore, postgresStore, type MetadataStore } from '../../index.js';

/** A store to run a test on: its name, and a maker of a fresh, empty one. */
export interface TestStore {
  readonly name: string;
  readonly make: () => MetadataStore;
}

/**
 * The memory store and postgresStore over one PGlite for the calling test file
 * (a fresh instance takes seconds and a lot of memory): each `make` gets a table
 * of its own, named after `tablePrefix`; with `exclusive`, exclusivePostgresStore (the CLI's store of a
 * PGlite folder) over it too. Call at the top level of a test file.
 */
export function memoryAndPgliteStores(tablePrefix: string, { exclusive = false } = {}): readonly TestStore[] {
  let db: PGlite | undefined;
  let tables = 0;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db?.close();
  });
  const stores: TestStore[] = [
    { name: 'memoryStore', make: () => memoryStore() },
    { name: 'postgresStore (PGlite)', make: () => postgresStore(db!, { table: `${tablePrefix}_${++tables}` }) },
  ];
  if (exclusive) stores.push({ name: 'exclusivePostgresStore (PGlite)', make: () => exclusivePostgresStore(db!, { table: `${tablePrefix}_${++tables}` }) });
  return stores;
}
