import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, type SqlClient, type StoredResource, type WebhookMessage } from '../index.js';

// Two processes on one real PostgreSQL (two pools, two postgresStores): one creates a membership while the other
// deletes its organization, each statement held open in a transaction at the moment that decides the race. Either
// the deletion waits for the insert and then removes the membership before it is answered, or the insert finds the
// organization gone and writes and records nothing: no membership outlives its owner, and no event is recorded for
// an insert that was refused.
// Run with: scripts/with-postgres.sh npx vitest run src/__tests__/membershipOwners.postgres.test.ts
const databaseUrl = process.env['TEST_POSTGRES_URL'];

const resource = (kind: StoredResource['kind'], key: string): StoredResource => ({ kind, key, attributes: {}, metadata: {}, createdAt: 1, updatedAt: 1, version: 1 });
const membership = resource('organization_membership', 'org_1/user_1');
const requires = [
  { kind: 'organization', key: 'org_1' },
  { kind: 'user', key: 'user_1' },
] as const;
const record = (written: StoredResource): WebhookMessage[] => [
  { id: `msg_${written.key}`, endpoint: 'http://sink', orderKey: written.key, type: 'organizationMembership.created', body: '{}', recordedAt: 1 },
];

describe.skipIf(!databaseUrl)('creating a membership while another process deletes its organization (real PostgreSQL)', () => {
  const pools: pg.Pool[] = [];
  let tables = 0;
  beforeAll(() => {
    for (let index = 0; index < 3; index++) pools.push(new pg.Pool({ connectionString: databaseUrl, max: 4 }));
  });
  afterAll(async () => {
    for (let index = 1; index <= tables; index++) await pools[2]!.query(`DROP TABLE IF EXISTS owners_${process.pid}_${index}, owners_${process.pid}_${index}_webhook_outbox`);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  /**
   * A client of `pool` that runs the first statement `holds` picks inside a transaction, and runs `whileHeld` after
   * the statement and before its commit.
   */
  function holdingClient(pool: pg.Pool, holds: (text: string, params?: unknown[]) => boolean, whileHeld: () => Promise<void>): SqlClient {
    let armed = true;
    return {
      async query(text, params) {
        if (!armed || !holds(text, params)) return pool.query(text, params);
        armed = false;
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await client.query(text, params);
          await whileHeld();
          await client.query('COMMIT');
          return result;
        } finally {
          client.release();
        }
      },
    };
  }

  /** Waits until `work` settles or a statement on `table` waits for a lock (the held transaction blocks it). */
  async function settledOrBlocked(work: Promise<unknown>, table: string): Promise<'settled' | 'blocked'> {
    let settled = false;
    void work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      const { rows } = await pools[2]!.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position($1 in query) > 0`,
        [table],
      );
      if (settled) return 'settled';
      if ((rows[0] as { waiting: number }).waiting > 0) return 'blocked';
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function tableWithOwners(): Promise<string> {
    const table = `owners_${process.pid}_${++tables}`;
    const setup = postgresStore(pools[2]!, { table });
    await setup.insert(resource('organization', 'org_1'));
    await setup.insert(resource('user', 'user_1'));
    return table;
  }

  it('the insert first: the deletion waits for it, then removes the membership before it is answered', async () => {
    // Arrange: process A's membership insert stays open while process B deletes the organization.
    const table = await tableWithOwners();
    const deleter = postgresStore(pools[1]!, { table });
    await deleter.migrate();
    let deletion: Promise<StoredResource | undefined> | undefined;
    let whileInserting: string | undefined;
    const isTheInsert = (text: string, params?: unknown[]) => text.includes(`INSERT INTO ${table}`) && params?.[1] === membership.key;
    const creator = postgresStore(
      holdingClient(pools[0]!, isTheInsert, async () => {
        deletion = deleter.delete('organization', 'org_1');
        whileInserting = await settledOrBlocked(deletion, table);
      }),
      { table },
    );

    // Act
    const inserted = await creator.insert(membership, record, { requires });
    const deleted = await deletion;

    // Assert: the insert was acknowledged (with its event), and the acknowledged deletion took the membership.
    expect(whileInserting).toBe('blocked');
    expect(inserted).toBe(true);
    expect(deleted?.key).toBe('org_1');
    expect(await deleter.get('organization_membership', membership.key)).toBeUndefined();
    expect((await creator.webhookOutbox.list(10)).map((entry) => entry.id)).toEqual([`msg_${membership.key}`]);
  });

  it('the deletion first: the insert waits for it, then finds the organization gone and writes and records nothing', async () => {
    // Arrange: process B's deleting statement stays open while process A inserts the membership.
    const table = await tableWithOwners();
    const creator = postgresStore(pools[0]!, { table });
    await creator.migrate();
    let insertion: Promise<boolean> | undefined;
    let whileDeleting: string | undefined;
    const isTheDeletion = (text: string) => text.includes('WITH deleted AS');
    const deleter = postgresStore(
      holdingClient(pools[1]!, isTheDeletion, async () => {
        insertion = creator.insert(membership, record, { requires });
        whileDeleting = await settledOrBlocked(insertion, table);
      }),
      { table },
    );

    // Act
    const deleted = await deleter.delete('organization', 'org_1');
    const inserted = await insertion;

    // Assert
    expect(whileDeleting).toBe('blocked');
    expect(deleted?.key).toBe('org_1');
    expect(inserted).toBe(false);
    expect(await creator.get('organization_membership', membership.key)).toBeUndefined();
    expect(await creator.webhookOutbox.list(10)).toEqual([]);
  });
});
