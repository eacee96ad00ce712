import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateUniqueValuesError, postgresStore } from '../index.js';
import { runCli } from './support/cli.js';
import { sharedSlugs, writeTableWithDuplicateSlugs } from './support/slugs.js';

// A real PostgreSQL database whose table an earlier version filled with organizations sharing slugs: postgresStore
// does not open it but names them, and the command-line server (STORE=postgres) reports it as a start-up error.
// Run with: scripts/with-postgres.sh npx vitest run src/__tests__/uniqueSlugs.postgres.test.ts
const serverUrl = process.env['TEST_POSTGRES_URL'];
// A database of its own: the command-line server uses the default table.
const database = `duplicate_slugs_${process.pid}_${Date.now()}`;
const databaseUrl = serverUrl === undefined ? '' : Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
let server: pg.Pool | undefined;
let pool: pg.Pool | undefined;

describe.skipIf(!serverUrl)(
  serverUrl ? 'a PostgreSQL table holding duplicate slugs' : 'a PostgreSQL table holding duplicate slugs (skipped: TEST_POSTGRES_URL is unset; run under scripts/with-postgres.sh)',
  () => {
    beforeAll(async () => {
      server = new pg.Pool({ connectionString: serverUrl, max: 1 });
      await server.query(`CREATE DATABASE ${database}`);
      pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
      await writeTableWithDuplicateSlugs(pool);
    });
    afterAll(async () => {
      await pool?.end();
      await server?.query(`DROP DATABASE IF EXISTS ${database}`);
      await server?.end();
    });

    it('postgresStore.migrate() throws DuplicateUniqueValuesError naming each shared slug and its organizations', async () => {
      // Act
      const refusal = await postgresStore(pool!).migrate().catch((error: unknown) => error);

      // Assert
      expect(refusal).toBeInstanceOf(DuplicateUniqueValuesError);
      expect(refusal).toMatchObject({ table: 'metadata_semantics_resources', field: 'slug', duplicates: sharedSlugs, total: 2 });
    });

    it('the command-line server exits 1 with a start-up error naming them', async () => {
      // Act
      const run = await runCli({ STORE: 'postgres', DATABASE_URL: databaseUrl, PORT: '0', SECRET_KEY: 'sk_test_duplicates' });

      // Assert
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain(
        `metadata-semantics-server: DATABASE_URL=${databaseUrl}: cannot use the database: the table metadata_semantics_resources holds 2 slug values ` +
          'that several organizations share, and a slug must be unique: "acme" (org_a1, org_a2), "beta" (org_b1, org_b2, org_b3). Give each organization its own slug',
      );
    });
  },
);
