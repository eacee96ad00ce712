import { createClerkClient } from '@clerk/backend';
import { describe, expect, it } from 'vitest';
import { startCli, stopCli } from './support/cli.js';

// Two server processes (the CLI, STORE=postgres) share one real PostgreSQL and
// take concurrent PATCHes on the same user: every change must survive.
// Run with: scripts/with-postgres.sh npx vitest run src/__tests__/multiProcess.postgres.test.ts
const databaseUrl = process.env['TEST_POSTGRES_URL'];
const perProcess = 200;

describe.skipIf(!databaseUrl)(
  databaseUrl ? 'two server processes on one PostgreSQL' : 'two server processes on one PostgreSQL (skipped: TEST_POSTGRES_URL is unset; run under scripts/with-postgres.sh)',
  () => {
    it(`keeps all ${2 * perProcess} keys of ${perProcess} concurrent PATCHes sent to each of two processes`, async () => {
      // Arrange: both processes start (and migrate) at the same time.
      const secretKey = 'sk_test_multi_process';
      const env = { STORE: 'postgres', DATABASE_URL: databaseUrl!, PORT: '0', SECRET_KEY: secretKey };
      const [first, second] = await Promise.all([startCli(env), startCli(env)]);
      try {
        const clients = [first, second].map((cli) => createClerkClient({ secretKey, apiUrl: cli.url }));
        const user = await clients[0]!.users.createUser({ publicMetadata: { seed: true }, privateMetadata: { p: 1 } });

        // Act
        await Promise.all(
          Array.from({ length: perProcess }, (_, index) => [
            clients[0]!.users.updateUserMetadata(user.id, { publicMetadata: { [`first${index}`]: index } }),
            clients[1]!.users.updateUserMetadata(user.id, { publicMetadata: { [`second${index}`]: index } }),
          ]).flat(),
        );

        // Assert: both processes read the same, complete result.
        const seen = await Promise.all(clients.map((clerk) => clerk.users.getUser(user.id)));
        for (const copy of seen) {
          const metadata = copy.publicMetadata as Record<string, unknown>;
          expect(Object.keys(metadata)).toHaveLength(2 * perProcess + 1);
          for (let index = 0; index < perProcess; index++) {
            expect(metadata[`first${index}`]).toBe(index);
            expect(metadata[`second${index}`]).toBe(index);
          }
          expect(copy.privateMetadata).toEqual({ p: 1 });
        }
      } finally {
        expect(await Promise.all([stopCli(first), stopCli(second)])).toEqual([0, 0]);
      }
    });
  },
);
