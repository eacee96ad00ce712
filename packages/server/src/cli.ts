#!/usr/bin/env node
// metadata-semantics-server: serves the metadata API on 127.0.0.1, by default with PGlite persisted in
// ./.data/pglite. Configured by environment variables (see --help and docs/server.md): HOST, PORT,
// SECRET_KEY, STORE (memory | pglite | postgres), DATA_DIR, DATABASE_URL, LOG and DEV_FRONTEND_USER_HEADER
// (development only: signs frontend requests in by a header).
import { createRequire } from 'node:module';
import { createMetadataHandler } from './handler/createMetadataHandler.js';
import { StoreUnavailableError } from './store/metadataStore.js';
import { parseArguments, readSettings, UsageError, type CliSettings } from './cli/cliSettings.js';
import { openCliStore, type OpenedStore } from './cli/cliStore.js';
import { randomId } from './shared/ids.js';
import { listenNodeHttp } from './adapter/node/nodeServer.js';
import { describeCause, StartupError } from './cli/startupError.js';
import { storeHealthCheck } from './cli/storeHealthCheck.js';
import type { AnsweredRequest, NodeHttpServer } from './adapter/node/serveNodeHttpOptions.js';
import { readWebhookSettings, webhookEndpoints } from './cli/webhookSettings.js';
import { cliWebhookDelivery, type CliWebhooks } from './cli/cliWebhooks.js';

const usage = `Usage: metadata-semantics-server [--help | --version]

Serves Clerk's metadata endpoints under /v1 (a local stand-in for Clerk's Backend API), configured by
environment variables:

  HOST          address to listen on (default 127.0.0.1)
  PORT          port; 0 picks a free one (default 3000)
  SECRET_KEY    the key clients send as "Authorization: Bearer <key>": printable ASCII, no spaces
                (default: generated once and kept in DATA_DIR with STORE=pglite; for this run otherwise)
  STORE         memory | pglite | postgres (default pglite)
  DATA_DIR      PGlite's data folder, one server at a time (default ./.data/pglite)
  DATABASE_URL  for STORE=postgres: postgres://user:password@host:5432/database
  LOG           on | off: one line per request, method, path, status, milliseconds (default on)
  DEV_FRONTEND_USER_HEADER  INSECURE, development only: a header, such as X-Test-User, whose value
                signs PATCH /v1/me/metadata in as that user
  WEBHOOK_URL   where Clerk's webhook events of every change are POSTed, signed (several: comma-separated)
  WEBHOOK_EVENTS  the event types sent, such as user.updated,organization.* (default all)
  WEBHOOK_SECRET  the whsec_ signing secret (default: generated once and kept in DATA_DIR with
                STORE=pglite, for this run with STORE=memory; required with STORE=postgres)

GET /healthz answers 200 while the server and its store are up and 503 otherwise, without a key
(an endpoint of this server, not of Clerk's API).
`;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fatal(message: string, code = 1): never {
  process.stderr.write(`metadata-semantics-server: ${message}\n`);
  process.exit(code);
}

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

function warnAboutFrontendHeader(frontendHeader: string): void {
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

/** One request log line: method, path (no query), status, milliseconds; never a header or a body. */
function requestLogLine({ method, path, status, milliseconds, traceId }: AnsweredRequest): string {
  return `${method} ${path} ${status} ${milliseconds.toFixed(1)}ms${traceId === undefined ? '' : ` clerk_trace_id=${traceId}`}`;
}

async function listen(settings: CliSettings, handler: (request: Request) => Promise<Response>, healthCheck: () => Promise<boolean>): Promise<NodeHttpServer> {
  const options = { host: settings.host, port: settings.port, ...(settings.log ? { onResponse: (answered: AnsweredRequest) => say(requestLogLine(answered)) } : {}) };
  try {
    return await listenNodeHttp(handler, options, { healthCheck });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const address = `${settings.host}:${settings.port}`;
    if (code === 'EADDRINUSE') throw new StartupError('PORT', String(settings.port), `${address} is already in use (EADDRINUSE): stop what listens there, or choose another PORT`);
    if (code === 'EACCES') throw new StartupError('PORT', String(settings.port), `not allowed to listen on ${address} (EACCES): ports below 1024 need privileges`);
    throw new StartupError('HOST', settings.host, `cannot listen on ${address}: ${describeCause(error)}`);
  }
}

function banner(settings: CliSettings, opened: OpenedStore, secretKey: string, url: string, webhooks: CliWebhooks): string {
  const keyOrigin =
    settings.secretKey !== undefined
      ? ''
      : opened.keptKey !== undefined
        ? ` (generated once and kept in ${opened.keptKey.path}; set SECRET_KEY to choose one)`
        : ' (generated for this run; set SECRET_KEY to choose one)';
  const frontend = settings.frontendHeader;
  return [
    'metadata-semantics server: Clerk-compatible metadata endpoints under /v1',
    `store: ${opened.description}`,
    `secret key: ${secretKey}${keyOrigin}`,
    `frontend sign-in: ${frontend === undefined ? 'none (PATCH /v1/me/metadata answers 401)' : `the ${frontend} header (INSECURE, development only)`}`,
    `health: GET ${url}/healthz (no key needed; this server's, not Clerk's)`,
    `webhooks: ${webhooks.description}`,
    `request log: ${settings.log ? 'one line per request (LOG=off to turn it off)' : 'off (LOG=off)'}`,
    '',
    curlExamples(url, secretKey, frontend),
    '',
    `listening on ${url}`,
    '',
  ].join('\n');
}

/** Stops on SIGINT/SIGTERM: no new connections, then the store, then exit 0 (1 if closing fails or hangs). */
function stopOnSignals(server: NodeHttpServer, opened: OpenedStore, stopping: { now: boolean }, webhooks: CliWebhooks): void {
  const stop = (signal: string): void => {
    if (stopping.now) return;
    stopping.now = true;
    say(`${signal}: stopping`);
    setTimeout(() => process.exit(1), 10_000).unref();
    server
      .close()
      // The attempts under way are marked before the store closes (an unmarked one is sent again at the next start).
      .then(() => webhooks.stop())
      .then(() => opened.close())
      .then(
        () => process.exit(opened.failure() === undefined ? 0 : 1),
        (error: unknown) => fatal(describeCause(error)),
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** How long a server whose store stopped for good goes on answering (503, `/healthz` too) before it exits. */
const FAILED_EXIT_MILLISECONDS = 1_000;

/**
 * Once the store stops for good: says why, once, answers 503 meanwhile, and exits 1 without closing the
 * database (a failed one never answers; a lost folder's files may be another server's now).
 */
function exitOnStoreFailure(started: { now: boolean }): (failure: string) => void {
  return (failure) => {
    // During start-up the failure is the start-up error, reported as such.
    if (!started.now) return;
    process.stderr.write(`metadata-semantics-server: stopped: ${failure}\n`);
    setTimeout(() => process.exit(1), FAILED_EXIT_MILLISECONDS);
  };
}

/** The handler's unexpected errors: a store that cannot take writes gets one line (its failure was said once). */
function reportError(error: unknown): void {
  if (error instanceof StoreUnavailableError) {
    if (!error.permanent) process.stderr.write(`metadata-semantics-server: ${error.message}\n`);
    return;
  }
  console.error(error);
}

async function serve(): Promise<void> {
  const settings = readSettings(process.env, process.cwd());
  const webhookSettings = readWebhookSettings(process.env, settings.store);
  if (settings.frontendHeader !== undefined) warnAboutFrontendHeader(settings.frontendHeader);
  const started = { now: false };
  const onFailure = exitOnStoreFailure(started);
  const opened = await openCliStore(settings, say, onFailure);
  const secretKey = settings.secretKey ?? opened.keptKey?.key ?? randomId('sk_test_');
  const stopping = { now: false };
  const storeUp = storeHealthCheck(opened.store);
  const healthCheck = (): Promise<boolean> => (stopping.now || opened.failure() !== undefined ? Promise.resolve(false) : storeUp());
  // Development only: whoever sends the header is signed in as the user it names.
  const header = settings.frontendHeader;
  // The folder is locked while the store is open: the webhook secret is read or written under its lock.
  const webhooks = cliWebhookDelivery(
    opened.store,
    webhookEndpoints(webhookSettings, settings.store === 'pglite' ? settings.dataDir : undefined),
    settings.log ? say : () => {},
  );
  const handler = createMetadataHandler({
    secretKey,
    store: opened.store,
    onError: reportError,
    ...(webhooks.options === undefined ? {} : { webhooks: webhooks.options }),
    ...(header === undefined ? {} : { authenticate: (request: Request) => request.headers.get(header) }),
  });
  let server: NodeHttpServer;
  try {
    server = await listen(settings, handler, healthCheck);
  } catch (error) {
    await opened.close().catch(() => {});
    throw error;
  }
  stopOnSignals(server, opened, stopping, webhooks);
  started.now = true;
  process.stdout.write(banner(settings, opened, secretKey, server.url, webhooks));
  const failedMeanwhile = opened.failure();
  if (failedMeanwhile !== undefined) onFailure(failedMeanwhile);
}

function main(): Promise<void> {
  const command = parseArguments(process.argv.slice(2));
  if (command === 'help') return Promise.resolve(void process.stdout.write(usage));
  if (command === 'version') {
    // ../package.json from both src/cli.ts and dist/cli.js.
    const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
    return Promise.resolve(say(version));
  }
  return serve();
}

// A closed stdout (`--help | head`, a log pipe that went away) loses output, not the server.
process.stdout.on('error', () => {});

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) fatal(`${error.message}\n\n${usage}`, 2);
  fatal(error instanceof StartupError ? error.message : describeCause(error));
}
