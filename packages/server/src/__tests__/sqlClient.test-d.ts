import type { PGlite } from '@electric-sql/pglite';
import type { Client, Pool } from 'pg';
import { describe, expectTypeOf, it } from 'vitest';
import type { MetadataStore, PostgresMetadataStore, SqlClient } from '../index.js';
import { postgresStore } from '../index.js';

// postgresStore takes pg's Pool and Client and PGlite as they are.
describe('SqlClient', () => {
  it('is satisfied by pg Pool, pg Client and PGlite', () => {
    expectTypeOf<Pool>().toExtend<SqlClient>();
    expectTypeOf<Client>().toExtend<SqlClient>();
    expectTypeOf<PGlite>().toExtend<SqlClient>();
  });

  it('gives a MetadataStore with migrate()', () => {
    expectTypeOf(postgresStore).returns.toEqualTypeOf<PostgresMetadataStore>();
    expectTypeOf<PostgresMetadataStore>().toExtend<MetadataStore>();
  });
});
