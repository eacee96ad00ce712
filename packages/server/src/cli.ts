#!/usr/bin/env node
// metadata-semantics-server: serves the metadata API on 127.0.0.1, by default
// with PGlite persisted in ./.data/pglite. Configured by environment variables:
// HOST, PORT, SECRET_KEY, STORE (memory | pglite | postgres), DATA_DIR, DATABASE_URL, and
// DEV_FRONTEND_USER_HEADER (development only: signs frontend requests in by a header).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMetadataHandler } from './createMetadataHandler.js';
import { randomId } from './internal/ids.js';
import { memoryStore } from './memoryStore.js';
import type { MetadataStore } from './metadataStore.js';
import { postgresStore } from './postgresStore.js';
import { serveNodeHttp } from './serveNodeHttp.js';

/** The port when PORT is unset. */
const defaultPort = 3000;

function fatal(message: string): never {
  process.stderr.write(`metadata-semantics-server: ${message}\n`);
  process.exit(1);
}

async function openStore(kind: string): Promise<{ store: MetadataStore; description: string; close: () => Promise<void> }> {
  if (kind === 'memory') {
    return { store: memoryStore(), description: 'memory (lost on exit)', close: async () => {} };
  }
  if (kind === 'pglite') {
    const dataDir = resolve(process.env['DATA_DIR'] || '.data/pglite');
    mkdirSync(dataDir, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(dataDir);
    const store = postgresStore(db);
    await store.migrate();
    return { store, description: `pglite (data in ${dataDir})`, close: () => db.close() };
  }
  if (kind === 'postgres') {
    const connectionString = process.env['DATABASE_URL'];
    if (!connectionString) fatal('STORE=postgres needs DATABASE_URL');
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString, max: 10 });
    const store = postgresStore(pool);
    await store.migrate();
    return { store, description: 'postgres (DATABASE_URL)', close: () => pool.end() };
  }
  return fatal(`STORE must be memory, pglite or postgres, not ${JSON.stringify(kind)}`);
}

/** An HTTP header name (RFC 9110 token). */
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function curlExamples(url: string, secretKey: string, frontendHeader: string | undefined): string {
  const auth = `-H 'Authorization: Bearer ${secretKey}' -H "Content-type: application/json"`;
  const frontend =
    frontendHeader === undefined
      ? []
      : [
          `# The frontend endpoint, signed in as that user by the ${frontendHeader} header (DEV_FRONTEND_USER_HEADER):`,
          `curl -XPATCH -H "${frontendHeader}: $USER_ID" --data-urlencode 'unsafe_metadata={"onboarded":true}' "${url}/v1/me/metadata"`,
        ];
  return [
    "# Create a user and keep its id, then run the Clerk docs' examples on it:",
    `USER_ID=$(curl -s -XPOST ${auth} -d '{"first_name": "Ada"}' '${url}/v1/users' | sed -E 's/.*"id":"(user_[^"]+)".*/\\1/')`,
    `curl -XPATCH ${auth} -d '{`,
    '  "public_metadata": {',
    '    "birthday": "1990-01-01"',
    '  }',
    `}' "${url}/v1/users/$USER_ID/metadata"`,
    `curl -XPUT ${auth} -d '{`,
    '  "public_metadata": {',
    '    "role": "admin"',
    '  }',
    `}' "${url}/v1/users/$USER_ID/metadata"`,
    ...frontend,
  ].join('\n');
}

async function main(): Promise<void> {
  const host = process.env['HOST'] || '127.0.0.1';
  const portText = process.env['PORT'] || String(defaultPort);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) fatal(`PORT must be a number from 0 to 65535, not ${JSON.stringify(portText)}`);
  const generatedKey = !process.env['SECRET_KEY'];
  const secretKey = process.env['SECRET_KEY'] || randomId('sk_test_');
  const frontendHeader = process.env['DEV_FRONTEND_USER_HEADER'] || undefined;
  if (frontendHeader !== undefined && !headerNamePattern.test(frontendHeader)) {
    fatal(`DEV_FRONTEND_USER_HEADER must be an HTTP header name, such as X-Test-User, not ${JSON.stringify(frontendHeader)}`);
  }
  // Warned before the server accepts a single request.
  if (frontendHeader !== undefined) {
    process.stderr.write(
      [
        `WARNING: DEV_FRONTEND_USER_HEADER=${frontendHeader} is INSECURE and for local testing only.`,
        `  Any request with the header "${frontendHeader}: <user id>" is signed in as that user on`,
        '  PATCH /v1/me/metadata, with no password, session or token. Never set it on a server that',
        '  others can reach.',
        '',
      ].join('\n'),
    );
  }
  const { store, description, close: closeStore } = await openStore(process.env['STORE'] || 'pglite');

  // Development only: whoever sends the header is signed in as the user it names.
  const authenticate =
    frontendHeader === undefined ? undefined : (request: Request) => request.headers.get(frontendHeader);
  const handler = createMetadataHandler({ secretKey, store, ...(authenticate === undefined ? {} : { authenticate }) });
  const server = await serveNodeHttp(handler, { host, port: Number(portText) });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    setTimeout(() => process.exit(1), 10_000).unref();
    server
      .close()
      .then(closeStore)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`metadata-semantics-server: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  process.stdout.write(
    [
      'metadata-semantics server: Clerk-compatible metadata endpoints under /v1',
      `store: ${description}`,
      `secret key: ${secretKey}${generatedKey ? ' (generated for this run; set SECRET_KEY to choose one)' : ''}`,
      `frontend sign-in: ${frontendHeader === undefined ? 'none (PATCH /v1/me/metadata answers 401)' : `the ${frontendHeader} header (INSECURE, development only)`}`,
      '',
      curlExamples(server.url, secretKey, frontendHeader),
      '',
      `listening on ${server.url}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => fatal(error instanceof Error ? error.message : String(error)));
