import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresStore, webhookDelivery, type StoredResource, type WebhookMessage } from '../index.js';

// Two processes on one real PostgreSQL (two pools, two postgresStores, two deliveries) write the same users and
// deliver from the shared outbox at once: an attempt at a resource's message never overlaps another of that
// resource, whichever process makes it, and each resource's messages arrive in the order of its changes.
// Run with: scripts/with-postgres.sh npx vitest run src/__tests__/webhookClaims.postgres.test.ts
const databaseUrl = process.env['TEST_POSTGRES_URL'];

describe.skipIf(!databaseUrl)('webhook delivery by two processes on one PostgreSQL', () => {
  it('never attempts two messages of one resource at once, and delivers each resource’s in the order of its changes', async () => {
    // Arrange
    const pools = [new pg.Pool({ connectionString: databaseUrl, max: 4 }), new pg.Pool({ connectionString: databaseUrl, max: 4 })];
    const table = `claims_${Date.now()}`;
    const stores = pools.map((pool) => postgresStore(pool, { table }));
    const users = ['user_a', 'user_b', 'user_c'];
    for (const key of users) await stores[0]!.insert({ kind: 'user', key, attributes: {}, metadata: {}, createdAt: 1, updatedAt: 1, version: 1 });
    let sequence = 0;
    const record = (written: StoredResource): WebhookMessage[] => [
      { id: `msg_${written.key}_${written.version}_${++sequence}`, endpoint: 'http://sink', orderKey: `user:${written.key}`, type: 'user.updated', body: JSON.stringify({ key: written.key, version: written.version }), recordedAt: Date.now() },
    ];
    const underWay = new Set<string>();
    const overlaps: string[] = [];
    const delivered = new Map<string, number[]>();
    const sink = async (_url: string, init: RequestInit): Promise<Response> => {
      const { key, version } = JSON.parse(String(init.body)) as { key: string; version: number };
      if (underWay.has(key)) overlaps.push(`${key} v${version}`);
      underWay.add(key);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      underWay.delete(key);
      delivered.set(key, [...(delivered.get(key) ?? []), version]);
      return new Response(null, { status: Math.random() < 0.2 ? 500 : 204 });
    };
    const deliveries = stores.map((store) =>
      webhookDelivery({ outbox: store.webhookOutbox, endpoints: [{ url: 'http://sink', secret: 'whsec_AAAA' }], fetch: sink, retryDelays: [1], pollInterval: 5 }),
    );

    try {
      // Act: both processes change every user, concurrently, while both deliver.
      for (const delivery of deliveries) delivery.start();
      await Promise.all(
        stores.flatMap((store, process) =>
          users.map(async (key) => {
            for (let n = 0; n < 15; n++) await store.changeMetadata('user', key, (metadata) => ({ ...metadata, public_metadata: { process, n } }), Date.now(), record);
          }),
        ),
      );
      const expected = 3 * 2 * 15;
      for (let waited = 0; waited < 600 && (await stores[0]!.webhookOutbox.list(1000)).some((entry) => entry.state === 'pending'); waited++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      // Assert
      expect(overlaps).toEqual([]);
      const entries = await stores[1]!.webhookOutbox.list(1000);
      expect(entries.filter((entry) => entry.state === 'delivered')).toHaveLength(expected);
      for (const key of users) {
        // Retries repeat a version; the first delivery of each comes in the order of the changes.
        const firsts = (delivered.get(key) ?? []).filter((version, index, all) => all.indexOf(version) === index);
        expect(firsts).toEqual(Array.from({ length: 30 }, (_, index) => index + 2));
      }
    } finally {
      await Promise.all(deliveries.map((delivery) => delivery.stop()));
      await Promise.all(pools.map((pool) => pool.end()));
    }
  }, 120_000);
});
