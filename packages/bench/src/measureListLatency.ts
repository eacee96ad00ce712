import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createMetadataHandler, exclusivePostgresStore, memoryStore, postgresStore, type MetadataStore, type SqlClient, type StoredResource } from '@metadata-semantics/server';
import pg from 'pg';
import { postgresBin, startPostgres } from './startPostgres.js';

/** One list or count request's latency on one store, and its ratio to reading one user by id. */
export interface ListLatencyRow {
  readonly label: string;
  readonly path: string;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly ratioToGet: number;
}

/** Latencies of lists and counts at `users` users, per store. */
export interface ListLatencyReport {
  readonly users: number;
  readonly repeats: number;
  readonly stores: readonly {
    readonly store: string;
    /** How the users got there: seeded (seconds), or the table another store seeded; the opening, the indexes built. */
    readonly seeding: string;
    readonly getMs: number;
    readonly rows: readonly ListLatencyRow[];
  }[];
  /** The write cost of the filter and search indexes and the count triggers, per postgresStore. */
  readonly writeCosts: readonly WriteCost[];
  /** The Node heap limit the measuring process ran with, in MiB. */
  readonly heapLimitMiB: number;
}

/** Sequential writes on postgresStore with the list indexes (filters, trigrams, counts) and without them: median ms each. */
export interface WriteCost {
  readonly store: string;
  readonly writes: number;
  readonly changeMetadata: { readonly withIndexes: number; readonly without: number };
  readonly insert: { readonly withIndexes: number; readonly without: number };
}

const secretKey = 'sk_test_bench_lists';
const names = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Radia', 'Tim'];

/** A user as the server stores one made by `POST /v1/users` with a name, a username and an email address. */
function userRecord(index: number): StoredResource {
  const createdAt = 1_700_000_000_000 + index * 1000;
  const first = names[index % names.length]!;
  const username = `${first.toLowerCase()}${index}`;
  const email = { id: `idn_${String(index).padStart(27, '0')}`, object: 'email_address', email_address: `${username}@example.com`, reserved: false,
    verification: { object: 'verification_admin', status: 'verified', strategy: 'admin', attempts: null, expire_at: null }, linked_to: [],
    matches_sso_connection: false, created_at: createdAt, updated_at: createdAt };
  return {
    kind: 'user',
    key: `user_${String(index).padStart(27, '0')}`,
    attributes: {
      username, first_name: first, last_name: `Number${index}`, external_id: `ext_${index}`, locale: null, image_url: '', has_image: false,
      primary_email_address_id: email.id, primary_phone_number_id: null, primary_web3_wallet_id: null, password_enabled: false,
      two_factor_enabled: false, totp_enabled: false, backup_code_enabled: false, email_addresses: [email], phone_numbers: [], web3_wallets: [],
      passkeys: [], external_accounts: [], saml_accounts: [], enterprise_accounts: [], last_sign_in_at: null, banned: false, locked: false,
      lockout_expires_in_seconds: null, verification_attempts_remaining: null, delete_self_enabled: true, create_organization_enabled: true,
      create_organizations_limit: null, last_active_at: null, legal_accepted_at: null, mfa_enabled_at: null, mfa_disabled_at: null,
    },
    metadata: { public_metadata: { plan: index % 3 === 0 ? 'pro' : 'free' }, private_metadata: {}, unsafe_metadata: {} },
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Times one request `repeats` times through the handler (after two warm-up calls): median and max in ms. */
async function time(handler: (request: Request) => Promise<Response>, path: string, repeats: number): Promise<{ medianMs: number; maxMs: number }> {
  const once = async (): Promise<number> => {
    const started = performance.now();
    const response = await handler(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${secretKey}` } }));
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  // A request that takes seconds (a text query of two letters on PostgreSQL) is timed three times, after one warm-up.
  const slow = (await once()) > 1000;
  if (!slow) await once();
  const samples: number[] = [];
  for (let repeat = 0; repeat < (slow ? Math.min(3, repeats) : repeats); repeat++) samples.push(await once());
  return { medianMs: median(samples), maxMs: Math.max(...samples) };
}

const seconds = (started: number): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;

/** Inserts users `from`…`to - 1`, a thousand at a time (exclusivePostgresStore writes the inserts that arrive together in one statement). */
async function insertUsers(store: MetadataStore, from: number, to: number): Promise<void> {
  for (let first = from; first < to; first += 1000) {
    await Promise.all(Array.from({ length: Math.min(1000, to - first) }, (_, index) => store.insert(userRecord(first + index))));
  }
}

/**
 * Writes users `from`…`to - 1` into `table` (created by a store's migration) by SQL, 5,000 rows a statement: the
 * rows the stores would write, without a store's work per row, so that a million are there in minutes.
 */
async function seedTable(client: SqlClient, table: string, from: number, to: number): Promise<void> {
  for (let first = from; first < to; first += 5000) {
    const records = Array.from({ length: Math.min(5000, to - first) }, (_, index) => userRecord(first + index));
    const column = <T>(read: (record: StoredResource) => T): T[] => records.map(read);
    await client.query(
      `INSERT INTO ${table} (kind, key, attributes, metadata, created_at, updated_at, version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[])`,
      [
        column((record) => record.kind),
        column((record) => record.key),
        column((record) => JSON.stringify(record.attributes)),
        column((record) => JSON.stringify(record.metadata)),
        column((record) => record.createdAt),
        column((record) => record.updatedAt),
        column((record) => record.version),
      ],
    );
  }
}

/** The requests timed: pages, the count, every exact filter of users, text queries (selective, broad, short). */
export function listRequestsFor(users: number): { label: string; path: string }[] {
  const middle = Math.floor(users / 2);
  const late = users - 9; // a Grace: index 1 mod 10
  const lateUser = userRecord(late);
  return [
    { label: 'first page (limit 10)', path: '/v1/users?limit=10' },
    { label: `page at offset ${middle}`, path: `/v1/users?limit=10&offset=${middle}` },
    { label: 'last page', path: `/v1/users?limit=10&offset=${users - 10}` },
    { label: 'count', path: '/v1/users/count' },
    { label: 'by email address', path: `/v1/users?email_address=grace${late}@example.com` },
    { label: 'count by email address', path: `/v1/users/count?email_address=grace${late}@example.com` },
    { label: 'by username', path: `/v1/users?username=grace${late}` },
    { label: 'by external id', path: `/v1/users?external_id=ext_${late}` },
    { label: 'by user id', path: `/v1/users?user_id=${lateUser.key}` },
    { label: 'by phone number (none holds it)', path: '/v1/users?phone_number=%2B15550100' },
    { label: 'by web3 wallet (none holds it)', path: '/v1/users?web3_wallet=0x0000' },
    { label: 'query, selective (first page)', path: `/v1/users?query=grace${late}` },
    { label: 'count by query, selective', path: `/v1/users/count?query=grace${late}` },
    { label: `count by query, ${(Math.ceil(users / 90)).toLocaleString('en')} matches`, path: '/v1/users/count?query=radia9' },
    // Every user is tested (0.3 ms each on PostgreSQL): at a million users, minutes a request; timed at 100,000.
    ...(users <= 100_000 ? [{ label: 'count by query of two letters (a walk)', path: '/v1/users/count?query=ra' }] : []),
    { label: 'ordered by first name, page at offset 100', path: '/v1/users?order_by=first_name&limit=10&offset=100' },
  ];
}

/** A store to measure: made (seeded or opened) when its turn comes, closed after, so one store at a time holds the users. */
interface StoreUnderTest {
  readonly store: string;
  readonly make: () => Promise<{ store: MetadataStore; seeding: string; close: () => Promise<void>; writeCost?: () => Promise<WriteCost> }>;
}

/** The statements that drop what the list indexes add to postgresStore's table: for the writes without them. */
async function dropListIndexes(client: SqlClient, table: string): Promise<void> {
  const { rows } = await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = $1 AND (indexname LIKE '%\\_filter' OR indexname LIKE '%\\_trgm')`, [table]);
  for (const row of rows) await client.query(`DROP INDEX ${String(row['indexname'])}`);
  for (const trigger of ['inserts', 'deletes', 'truncates']) await client.query(`DROP TRIGGER IF EXISTS ${table}_counted_${trigger} ON ${table}`);
}

/**
 * Sequential `changeMetadata` (and inserts of new users) on postgresStore, with the filter and search indexes
 * and the count triggers, then without them (dropped): one run each, median ms per write.
 */
async function measureWriteCost(name: string, client: SqlClient, table: string, users: number, writes = 1000): Promise<WriteCost> {
  const store = postgresStore(client, { table });
  await store.migrate();
  // Each round inserts new users, then changes each one's metadata: rows on pages postgresStore wrote, with the
  // room it leaves for a heap-only update (a table another store filled has none until its rows are rewritten).
  const run = async (round: number): Promise<{ change: number; insert: number }> => {
    const changes: number[] = [];
    const inserts: number[] = [];
    const first = users + round * writes;
    for (let n = 0; n < writes; n++) {
      const started = performance.now();
      await store.insert(userRecord(first + n));
      inserts.push(performance.now() - started);
    }
    for (let n = 0; n < writes; n++) {
      const started = performance.now();
      await store.changeMetadata('user', userRecord(first + n).key, (metadata) => ({ ...metadata, public_metadata: { round, n } }), Date.now());
      changes.push(performance.now() - started);
    }
    return { change: median(changes), insert: median(inserts) };
  };
  const withIndexes = await run(1);
  await dropListIndexes(client, table);
  const without = await run(2);
  // A kept folder holds the seeded users alone again (its next run's migration builds the indexes again).
  await client.query(`DELETE FROM ${table} WHERE kind = 'user' AND key >= $1`, [userRecord(users).key]);
  return { store: name, writes, changeMetadata: { withIndexes: withIndexes.change, without: without.change }, insert: { withIndexes: withIndexes.insert, without: without.insert } };
}

/** The users in a kept server's table, 0 when it has none (or no table yet). */
async function seededUsers(client: SqlClient, table: string): Promise<number> {
  const { rows } = await client.query(`SELECT count(*)::int AS count FROM pg_tables WHERE tablename = $1`, [table]);
  if (Number(rows[0]!['count']) === 0) return 0;
  return Number((await client.query(`SELECT count(*)::int AS count FROM ${table} WHERE kind = 'user'`)).rows[0]!['count']);
}

/** Forces a full garbage collection when Node exposes it (`--expose-gc`). */
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * Seeds `users` users into each store in turn (memory; PGlite in a data folder, read by the CLI's
 * exclusivePostgresStore and by postgresStore with pg_trgm; a real PostgreSQL the bench starts, with postgresStore
 * over a pg Pool), then times the lists and counts users page through, each as a ratio to
 * `GET /v1/users/{id}` on the same store; and the write cost of postgresStore's list indexes.
 */
export async function measureListLatency(
  users = 100_000,
  repeats = 15,
  log: (message: string) => void = () => {},
  /** Which stores to measure (by the start of their names), default all. */
  only: readonly string[] = [],
  /**
   * A folder for the PostgreSQL server's data, kept across runs: a table already seeded with `users` users is
   * used as it is (the indexes the write cost drops are built again by the next run's migration).
   */
  keptPostgres?: string,
  /** A folder for PGlite's data, kept across runs likewise (a table seeded with `users` users is used as it is). */
  keptPglite?: string,
): Promise<ListLatencyReport> {
  const requests = listRequestsFor(users);
  const table = 'metadata_semantics_resources';
  const folder = keptPglite ?? mkdtempSync(path.join(tmpdir(), 'bench-lists-'));
  const stores: StoreUnderTest[] = [
    {
      store: 'memory',
      make: async () => {
        const started = performance.now();
        const store = memoryStore();
        await insertUsers(store, 0, users);
        return { store, seeding: `seeded in ${seconds(started)}`, close: async () => {} };
      },
    },
    {
      store: 'CLI store (PGlite, exclusivePostgresStore)',
      make: async () => {
        let started = performance.now();
        const seeder = await PGlite.create(folder);
        await exclusivePostgresStore(seeder).migrate();
        await seedTable(seeder, table, 0, users);
        await seeder.close();
        const seeding = `its folder seeded by SQL in ${seconds(started)}`;
        collect();
        const before = process.memoryUsage();
        // A new client and store read the folder's table into memory when they open, as the command-line server does.
        started = performance.now();
        const pglite = await PGlite.create(folder);
        const store = exclusivePostgresStore(pglite);
        await store.migrate();
        const opening = seconds(started);
        collect();
        const after = process.memoryUsage();
        const held = `heap used ${mib(after.heapUsed)} (${mib(after.heapUsed - before.heapUsed)} of it read on opening), RSS ${mib(after.rss)}`;
        return { store, seeding: `${seeding}; opened (read into memory) in ${opening}, holding ${held}`, close: () => pglite.close() };
      },
    },
    {
      store: 'postgresStore (PGlite, pg_trgm)',
      make: async () => {
        const pglite = await PGlite.create(folder, { extensions: { pg_trgm } });
        let started = performance.now();
        // Measured alone, it seeds the folder itself, before its indexes exist: building them once after the rows
        // are in is faster than growing them row by row.
        const seeded = (await seededUsers(pglite, table)) === users;
        if (!seeded) {
          await exclusivePostgresStore(pglite).migrate();
          await pglite.query(`TRUNCATE ${table}`);
          await seedTable(pglite, table, 0, users);
        }
        const seeding = seeded ? 'the same folder' : `its folder seeded by SQL in ${seconds(started)} (before its indexes)`;
        started = performance.now();
        const store = postgresStore(pglite);
        await store.migrate();
        return {
          store,
          seeding: `${seeding}; its indexes (orders, filters, trigrams, counts) built in ${seconds(started)}`,
          close: () => pglite.close(),
          writeCost: () => measureWriteCost('postgresStore (PGlite, pg_trgm)', pglite, table, users),
        };
      },
    },
  ];
  if (postgresBin() !== undefined) {
    stores.push({
      store: 'postgresStore (PostgreSQL)',
      make: async () => {
        const server = await startPostgres({ fsync: 'off', shared_buffers: '512MB' }, keptPostgres);
        const pool = new pg.Pool({ connectionString: server.url, max: 4 });
        let started = performance.now();
        const settings = `${server.version}, fsync off, shared_buffers 512MB, a pg Pool of 4`;
        const seeded = keptPostgres !== undefined && (await seededUsers(pool, table)) === users;
        if (!seeded) {
          await exclusivePostgresStore(pool).migrate();
          await pool.query(`TRUNCATE ${table}`);
          await seedTable(pool, table, 0, users);
        }
        const seeding = seeded ? `kept from an earlier run (${settings})` : `seeded by SQL in ${seconds(started)} (${settings})`;
        started = performance.now();
        const store = postgresStore(pool);
        await store.migrate();
        await pool.query(`ANALYZE ${table}`);
        return {
          store,
          seeding: `${seeding}; its indexes built in ${seconds(started)}`,
          close: async () => {
            await pool.end();
            await server.stop();
          },
          writeCost: () => measureWriteCost('postgresStore (PostgreSQL)', pool, table, users),
        };
      },
    });
  }
  const result: ListLatencyReport['stores'][number][] = [];
  const writeCosts: WriteCost[] = [];
  try {
    for (const { store: name, make } of stores.filter(({ store }) => only.length === 0 || only.some((prefix) => store.startsWith(prefix)))) {
      const made = await make();
      try {
        log(`lists: ${users} users in ${name}: ${made.seeding}`);
        const handler = createMetadataHandler({ secretKey, store: made.store });
        const get = await time(handler, `/v1/users/${userRecord(Math.floor(users / 2)).key}`, repeats);
        const rows: ListLatencyRow[] = [];
        for (const request of requests) {
          const measured = await time(handler, request.path, repeats);
          rows.push({ ...request, ...measured, ratioToGet: measured.medianMs / get.medianMs });
          log(`lists: ${name} ${request.label}: ${measured.medianMs.toFixed(2)} ms (${(measured.medianMs / get.medianMs).toFixed(1)}x)`);
        }
        if (name.startsWith('CLI')) {
          collect();
          made.seeding += `; RSS ${mib(process.memoryUsage().rss)} after the requests (the trigram index built by the first text query)`;
        }
        result.push({ store: name, seeding: made.seeding, getMs: get.medianMs, rows });
        if (made.writeCost !== undefined) {
          const cost = await made.writeCost();
          writeCosts.push(cost);
          log(`lists: ${name} write cost: ${JSON.stringify(cost)}`);
        }
      } finally {
        await made.close();
        collect();
      }
    }
  } finally {
    if (keptPglite === undefined) rmSync(folder, { recursive: true, force: true });
  }
  const { getHeapStatistics } = await import('node:v8');
  return { users, repeats, stores: result, writeCosts, heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) };
}
