import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WEBHOOK_SECRET_FILE_NAME } from '../cli/webhookSettings.js';
import { verifyingEndpoint, type Received } from '../webhooks/__tests__/support/verifyingEndpoint.js';
import { generateWebhookSecret } from '../webhooks/webhookSecret.js';
import { startCli, stopCli } from './support/cli.js';
import { withoutRepeats } from './support/webhookRun.js';

// The command-line server's webhooks across a kill -9: every acknowledged change's event arrives once the endpoint
// is up again (repeats allowed, each with its first svix-id), in order per resource, and no event of a change that
// did not happen.
const root = mkdtempSync(join(tmpdir(), 'metadata-webhooks-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const key = 'sk_test_webhooks_crash';

async function call(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The events an endpoint verified for one user, 2xx-answered or all, in arrival order: `[svix-id, data]`. */
const eventsOf = (received: readonly Received[], userId: string, answered: boolean): [string, unknown][] =>
  received
    .filter((request) => (request.event?.data as { id?: unknown } | undefined)?.id === userId)
    .filter((request) => !answered || (typeof request.answer === 'number' && request.answer < 300))
    .map((request) => [request.svixId, request.event!.data]);

describe('webhooks of the command-line server (PGlite)', () => {
  it('delivers every acknowledged change’s event after kill -9 while the endpoint answered 500, in order, with its svix-id, and no other', async () => {
    // Arrange: an endpoint that refuses everything until the restart.
    const secret = generateWebhookSecret();
    let up = false;
    const endpoint = await verifyingEndpoint(secret, () => (up ? 200 : 500));
    const env = { STORE: 'pglite', DATA_DIR: join(root, 'crash'), PORT: '0', SECRET_KEY: key, LOG: 'off', WEBHOOK_URL: endpoint.url, WEBHOOK_SECRET: secret };
    const first = await startCli(env);
    // Each writer has a user of its own and sets its n to 0, 1, 2, …: a user's events tell their order.
    const writers = 4;
    const users: string[] = [];
    const answers: unknown[][] = [];
    for (let index = 0; index < writers; index++) {
      const response = await call(first.url, 'POST', '/v1/users', { first_name: `writer ${index}` });
      const user = (await response.json()) as { id: string };
      users.push(user.id);
      answers.push([user]);
    }
    let killed = false;
    const inFlight = new Set<number>();

    // Act: the writers go on until the server is killed, once 60 changes were acknowledged.
    const write = async (writer: number): Promise<void> => {
      for (let n = 0; !killed; n++) {
        inFlight.add(writer);
        try {
          const response = await call(first.url, 'PATCH', `/v1/users/${users[writer]}/metadata`, { public_metadata: { n } });
          const answer = (await response.json()) as unknown;
          if (response.status !== 200) throw new Error(`PATCH answered ${response.status}`);
          answers[writer]!.push(answer);
        } catch {
          return; // the server is gone; whether this change happened is unknown
        }
        inFlight.delete(writer);
      }
    };
    const writing = Array.from({ length: writers }, (_, writer) => write(writer));
    await vi.waitFor(() => expect(answers.flat().length).toBeGreaterThanOrEqual(writers + 60), { timeout: 60_000, interval: 5 });
    first.child.kill('SIGKILL');
    killed = true;
    await first.exited;
    await Promise.all(writing);
    up = true;
    const second = await startCli(env);

    try {
      // Assert: each user's answered events, repeats aside, are its acknowledged answers in order, then at most
      // the change that was under way when the server died.
      for (let writer = 0; writer < writers; writer++) {
        const acknowledged = answers[writer]!;
        await vi.waitFor(() => expect(eventsOf(endpoint.received, users[writer]!, true).length).toBeGreaterThanOrEqual(acknowledged.length), {
          timeout: 90_000,
          interval: 50,
        });
      }
      // Every message is settled: nothing more is coming.
      await vi.waitFor(
        async () => {
          const { data } = (await (await call(second.url, 'GET', '/_webhooks/messages?limit=1000')).json()) as { data: { state: string }[] };
          expect(data.filter((entry) => entry.state !== 'delivered')).toEqual([]);
        },
        { timeout: 90_000, interval: 100 },
      );
      for (let writer = 0; writer < writers; writer++) {
        const acknowledged = answers[writer]!;
        const delivered = withoutRepeats(eventsOf(endpoint.received, users[writer]!, true), (a, b) => a[0] === b[0]);
        const [first, ...rest] = delivered.map(([, data]) => data);
        expect(first).toMatchObject({ id: users[writer] });
        const expectedNs = (acknowledged.slice(1) as { public_metadata: { n: number } }[]).map((answer) => answer.public_metadata.n);
        const deliveredNs = (rest as { public_metadata: { n: number } }[]).map((data) => data.public_metadata.n);
        // The change under way at the kill may have committed: then its event comes too, last.
        const underWay = inFlight.has(writer) ? [[...expectedNs, expectedNs.length]] : [];
        expect([expectedNs, ...underWay]).toContainEqual(deliveredNs);
        expect(delivered.slice(0, acknowledged.length).map(([, data]) => data)).toEqual(acknowledged);
        // A message's every delivery has one id, and each id one message.
        expect(new Set(delivered.map(([id]) => id)).size).toBe(delivered.length);
      }
      const bodies = new Map<string, string>();
      for (const request of endpoint.received) {
        expect(request.event, 'every request verifies').toBeDefined();
        expect(bodies.get(request.svixId) ?? request.body).toBe(request.body);
        bodies.set(request.svixId, request.body);
      }
      expect(endpoint.received.some((request) => request.answer === 500)).toBe(true);
    } finally {
      expect(await stopCli(second)).toBe(0);
      await endpoint.close();
    }
  }, 300_000);

  it('generates the signing secret once, keeps it in the data folder for its owner only, and says so', async () => {
    const dataDir = join(root, 'secret');
    const env = { STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: key, LOG: 'off', WEBHOOK_URL: 'http://127.0.0.1:9/hooks' };
    const runs: string[] = [];
    for (let run = 0; run < 2; run++) {
      const cli = await startCli(env);
      runs.push(cli.output());
      expect(await stopCli(cli)).toBe(0);
    }
    const path = join(dataDir, WEBHOOK_SECRET_FILE_NAME);
    const secret = readFileSync(path, 'utf8').trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (const output of runs) expect(output).toContain(`webhooks: http://127.0.0.1:9/hooks (every event; signing secret ${secret}, kept in ${path})`);
  }, 120_000);
});
