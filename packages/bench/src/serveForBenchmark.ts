// A server for the throughput benchmark, in its own process: `bare`, `memory` or `pglite`.
// Prints one JSON line { url, path } once ready; stops on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetadataHandler, memoryStore, postgresStore, serveNodeHttp } from '@metadata-semantics/server';
import { createWorkloads } from './createWorkloads.js';

/** The secret key the benchmark's requests send. */
const SECRET_KEY = 'sk_test_benchmark';

const kind = process.argv[2];

async function serveBare(): Promise<{ url: string; close: () => void }> {
  // The floor of any JSON endpoint: read the body, parse it, serialise it back.
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    // autocannon closes its connections with requests in flight when a load ends.
    request.on('error', () => response.destroy());
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function serveHandler(store: 'memory' | 'pglite'): Promise<{ url: string; path: string; close: () => void }> {
  let closeDatabase = async (): Promise<void> => {};
  let metadataStore = memoryStore();
  if (store === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const database = new PGlite();
    metadataStore = postgresStore(database);
    closeDatabase = () => database.close();
  }
  // A load's end aborts the requests in flight; their failed body reads are expected, not news.
  const handler = createMetadataHandler({ secretKey: SECRET_KEY, store: metadataStore, onError: () => {} });
  const server = await serveNodeHttp(handler);
  const created = await fetch(`${server.url}/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ public_metadata: createWorkloads()[0]!.target }),
  });
  if (!created.ok) throw new Error(`creating the user failed: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  return { url: server.url, path: `/v1/users/${id}/metadata`, close: () => void server.close().then(closeDatabase) };
}

const served = kind === 'bare' ? { ...(await serveBare()), path: '/v1/users/user_bare/metadata' } : await serveHandler(kind === 'pglite' ? 'pglite' : 'memory');
process.stdout.write(`${JSON.stringify({ url: served.url, path: served.path, secretKey: SECRET_KEY })}\n`);
process.once('SIGTERM', () => {
  served.close();
  process.exit(0);
});
