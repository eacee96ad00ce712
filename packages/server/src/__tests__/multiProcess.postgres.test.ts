import { createClerkClient } from '@clerk/backend';
import { describe, expect, it } from 'vitest';
import { startCli, stopCli, type RunningCli } from './support/cli.js';

// Two server processes (the CLI, STORE=postgres) share one real PostgreSQL and
// take concurrent PATCHes on the same user: every change must survive; and
// concurrent creations and renames of organizations: slugs stay unique.
// Run with: scripts/with-postgres.sh npx vitest run src/__tests__/multiProcess.postgres.test.ts
const databaseUrl = process.env['TEST_POSTGRES_URL'];
const perProcess = 200;
const secretKey = 'sk_test_multi_process';
const env = { STORE: 'postgres', DATABASE_URL: databaseUrl!, PORT: '0', SECRET_KEY: secretKey };

/** A backend request to one of the processes. */
function call(cli: RunningCli, method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${cli.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The organizations holding a slug, as a process lists them. */
async function holders(cli: RunningCli, slug: string): Promise<string[]> {
  const page = (await (await call(cli, 'GET', `/v1/organizations?query=${slug}&limit=500`)).json()) as { data: { id: string; slug: string }[] };
  return page.data.filter((organization) => organization.slug === slug).map((organization) => organization.id);
}

describe.skipIf(!databaseUrl)(
  databaseUrl ? 'two server processes on one PostgreSQL' : 'two server processes on one PostgreSQL (skipped: TEST_POSTGRES_URL is unset; run under scripts/with-postgres.sh)',
  () => {
    it(`keeps all ${2 * perProcess} keys of ${perProcess} concurrent PATCHes sent to each of two processes`, async () => {
      // Arrange: both processes start (and migrate) at the same time.
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

    it('keeps slugs unique: 20 concurrent creations with one slug, 10 with only a name and 10 concurrent renames, spread over both', async () => {
      // Arrange: slugs of this run only, should the database be reused.
      const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
      const processes = await Promise.all([startCli(env), startCli(env)]);
      const on = (index: number): RunningCli => processes[index % 2]!;
      try {
        const owned: string[] = [];
        for (let index = 0; index < 10; index++) {
          const created = await call(on(index), 'POST', '/v1/organizations', { name: `Own ${index}`, slug: `own-${index}-${run}` });
          owned.push(((await created.json()) as { id: string }).id);
        }

        // Act
        const [withSlug, withName, renames] = await Promise.all([
          Promise.all(Array.from({ length: 20 }, (_, index) => call(on(index), 'POST', '/v1/organizations', { name: `Acme ${index}`, slug: `acme-${run}` }))),
          Promise.all(Array.from({ length: 10 }, (_, index) => call(on(index), 'POST', '/v1/organizations', { name: `Named ${run}` }))),
          Promise.all(owned.map((id, index) => call(on(index + 1), 'PATCH', `/v1/organizations/${id}`, { slug: `target-${run}` }))),
        ]);

        // Assert
        for (const responses of [withSlug, renames]) {
          expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
          for (const refused of responses.filter((response) => response.status !== 200)) {
            expect(refused.status).toBe(422);
            expect(((await refused.json()) as { errors: { code: string; meta: object }[] }).errors[0]).toMatchObject({
              code: 'form_identifier_exists',
              meta: { param_name: 'slug' },
            });
          }
        }
        expect(withName.map((response) => response.status)).toEqual(Array(10).fill(200));
        const derived = await Promise.all(withName.map(async (response) => ((await response.json()) as { slug: string }).slug));
        expect(new Set(derived).size).toBe(10);
        for (const cli of processes) {
          expect(await holders(cli, `acme-${run}`)).toHaveLength(1);
          expect(await holders(cli, `target-${run}`)).toHaveLength(1);
          for (const slug of derived) expect(await holders(cli, slug)).toHaveLength(1);
        }
      } finally {
        expect(await Promise.all(processes.map((cli) => stopCli(cli)))).toEqual([0, 0]);
      }
    });
  },
);
