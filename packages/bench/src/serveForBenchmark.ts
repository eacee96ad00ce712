// A server for the throughput benchmark, in its own process: `bare [answer bytes]`, `bare-pglite`, `memory`,
// `memory-fetch`, `pglite` (exclusivePostgresStore, as `pnpm start` runs it), `pglite-webhooks` (the same with one
// webhook endpoint: a sink in a process of its own answering 204) or `pglite-shared` (postgresStore).
// PGlite keeps its data in a new folder under the temporary directory, as the command-line server does.
// Prints one JSON line { url, users } once ready (the ids of USER_COUNT users); stops on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  createMetadataHandler,
  exclusivePostgresStore,
  generateWebhookSecret,
  isRecordingStore,
  memoryStore,
  postgresStore,
  type MetadataStore,
  type MetadataWebhookOptions,
} from '@metadata-semantics/server';
import { nodeWebhookFetch, nodeWebhookSigner, serveNodeHttp } from '@metadata-semantics/server/node';
import { createWorkloads } from './createWorkloads.js';

/** The secret key the benchmark's requests send. */
const SECRET_KEY = 'sk_test_benchmark';

const kind = process.argv[2];

/** The users each handler server holds: the loads change one of them, or each in turn. */
const USER_COUNT = 1000;

/** A PGlite database in a new data folder, removed when it closes. */
async function pgliteInFolder() {
  const { PGlite } = await import('@electric-sql/pglite');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'metadata-bench-pglite-'));
  const database = await PGlite.create(folder);
  return { database, close: () => database.close().finally(() => rmSync(folder, { recursive: true, force: true })) };
}

/**
 * A bare node:http JSON endpoint: reads the body, parses it and answers what `answer` makes of it.
 * A string answer is written at once (no promise in the way of the floor); a promise when it settles.
 */
async function serveJson(
  answer: (parsed: Record<string, unknown>) => string | Promise<string>,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    // autocannon closes its connections with requests in flight when a load ends.
    request.on('error', () => response.destroy());
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const write = (body: string): void => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(body);
      };
      const body = answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      if (typeof body === 'string') write(body);
      else body.then(write, () => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function serveBare(answerBytes: number): Promise<{ url: string; close: () => void }> {
  // The floor of any JSON endpoint: parse the body, serialise it back (padded to answerBytes when asked).
  const { url, server } = await serveJson((parsed) => {
    const body = JSON.stringify(parsed);
    if (answerBytes <= body.length) return body;
    const unpadded = JSON.stringify({ ...parsed, padding: '' });
    return JSON.stringify({ ...parsed, padding: 'x'.repeat(Math.max(0, answerBytes - unpadded.length)) });
  });
  return { url, close: () => server.close() };
}

async function serveBarePglite(): Promise<{ url: string; users: string[]; close: () => void }> {
  // The floor of a PGlite-backed endpoint: parse the body, the two statements a compare-and-set change needs
  // (read the row, write it if unchanged), serialise the body back.
  const { database, close } = await pgliteInFolder();
  await database.query('CREATE TABLE resource (key text PRIMARY KEY, metadata text NOT NULL, version bigint NOT NULL)');
  await database.query('INSERT INTO resource VALUES ($1, $2, 1)', ['user_bare', JSON.stringify(createWorkloads()[0]!.target)]);
  const { url, server } = await serveJson(async (parsed) => {
    const body = JSON.stringify(parsed);
    const { rows } = await database.query<{ version: number }>('SELECT metadata, version FROM resource WHERE key = $1', ['user_bare']);
    await database.query('UPDATE resource SET metadata = $2, version = version + 1 WHERE key = $1 AND version = $3 RETURNING version', [
      'user_bare',
      body,
      rows[0]!.version,
    ]);
    return body;
  });
  return { url, users: ['user_bare'], close: () => void new Promise((resolve) => server.close(resolve)).then(close) };
}

/**
 * A webhook endpoint in a process of its own, answering 204 without verifying (verifying is the app's cost, not
 * the server's): its URL, and how to stop it.
 */
async function webhookSink(): Promise<{ url: string; close: () => void }> {
  const script = `const server = require('node:http').createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  // The server exits from its SIGTERM handler at once: the sink goes with it.
  process.once('exit', () => child.kill());
  const [port] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${port.toString().trim()}/webhooks`, close: () => child.kill() };
}

/** The webhook messages a `pglite-webhooks` server has recorded (its newest sequence) and delivered, so far. */
let webhookCounts: (() => Promise<{ recorded: number; delivered: number }>) | undefined;

/** The store, its outbox counting the messages delivered (for webhookCounts). */
function countingDeliveries(store: MetadataStore): MetadataStore {
  if (!isRecordingStore(store)) return store;
  const outbox = store.webhookOutbox;
  let delivered = 0;
  webhookCounts = async () => ({ recorded: (await outbox.list(1))[0]?.sequence ?? 0, delivered });
  const markDelivered: typeof outbox.markDelivered = async (sequence, attempt) => {
    await outbox.markDelivered(sequence, attempt);
    delivered++;
  };
  return { ...store, webhookOutbox: { ...outbox, markDelivered } } as MetadataStore;
}

async function serveHandler(store: 'memory' | 'pglite' | 'pglite-shared', throughFetch: boolean, withWebhook = false): Promise<{ url: string; users: string[]; close: () => void }> {
  let closeDatabase = async (): Promise<void> => {};
  let metadataStore: MetadataStore = memoryStore();
  if (store !== 'memory') {
    const { database, close } = await pgliteInFolder();
    metadataStore = store === 'pglite' ? exclusivePostgresStore(database) : postgresStore(database);
    closeDatabase = close;
  }
  let webhooks: MetadataWebhookOptions | undefined;
  let closeSink = (): void => {};
  if (withWebhook) {
    const sink = await webhookSink();
    // Delivered as the command-line server delivers: over node:http.
    webhooks = { endpoints: [{ url: sink.url, secret: generateWebhookSecret() }], delivery: { fetch: nodeWebhookFetch(), signer: nodeWebhookSigner } };
    closeSink = sink.close;
    metadataStore = countingDeliveries(metadataStore);
  }
  // A load's end aborts the requests in flight; their failed body reads are expected, not news.
  const handler = createMetadataHandler({ secretKey: SECRET_KEY, store: metadataStore, onError: () => {}, ...(webhooks === undefined ? {} : { webhooks }) });
  // `memory-fetch`: the handler behind a wrapper, `(request) => handler(request)`, as a logging middleware would wrap it.
  const server = await serveNodeHttp(throughFetch ? (request) => handler(request) : handler);
  // Created through the handler in this process: no sockets needed.
  const metadata = createWorkloads()[0]!.target;
  const createUser = async (): Promise<string> => {
    const created = await handler(new Request(`${server.url}/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ public_metadata: metadata }),
    }));
    if (!created.ok) throw new Error(`creating a user failed: ${created.status} ${await created.text()}`);
    return ((await created.json()) as { id: string }).id;
  };
  const users: string[] = [];
  while (users.length < USER_COUNT) users.push(...(await Promise.all(Array.from({ length: 50 }, createUser))));
  return { url: server.url, users, close: () => void server.close().then(closeDatabase).finally(closeSink) };
}

const served =
  kind === 'bare'
    ? { ...(await serveBare(Number(process.argv[3] ?? 0))), users: ['user_bare'] }
    : kind === 'bare-pglite'
      ? await serveBarePglite()
      : kind === 'pglite' || kind === 'pglite-shared'
        ? await serveHandler(kind, false)
        : kind === 'pglite-webhooks'
          ? await serveHandler('pglite', false, true)
        : await serveHandler('memory', kind === 'memory-fetch');
process.stdout.write(`${JSON.stringify({ url: served.url, users: served.users, secretKey: SECRET_KEY })}\n`);
// SIGUSR1: print the CPU time this process has used so far, in microseconds (server CPU per request), and with
// a webhook endpoint how many messages it has recorded and delivered.
process.on('SIGUSR1', () => {
  const { user, system } = process.cpuUsage();
  const counted = webhookCounts === undefined ? Promise.resolve(undefined) : webhookCounts();
  void counted.then((webhooks) => process.stdout.write(`${JSON.stringify({ cpuMicros: user + system, ...(webhooks === undefined ? {} : { webhooks }) })}\n`));
});
// Profiling (profileServer.ts): SIGUSR2 starts V8's CPU profiler once the load is on; SIGTERM writes the profile.
const profileFile = process.env['BENCH_CPU_PROFILE'];
const profiler = profileFile === undefined ? undefined : new (await import('node:inspector/promises')).Session();
profiler?.connect();
process.once('SIGUSR2', () => {
  void profiler?.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
});
process.once('SIGTERM', () => {
  served.close();
  if (profiler === undefined || profileFile === undefined) process.exit(0);
  void profiler.post('Profiler.stop').then(({ profile }) => {
    writeFileSync(profileFile, JSON.stringify(profile));
    process.exit(0);
  });
});
