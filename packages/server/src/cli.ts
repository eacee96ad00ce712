#!/usr/bin/env node
// metadata-semantics-server: serves the metadata API on 127.0.0.1, by default with PGlite persisted in
// ./.data/pglite. Configured by flags or environment variables, declared in cli/cliSettings.ts (see --help
// and docs/server.md).
import { createRequire } from 'node:module';
import { createMetadataHandler } from './handler/createMetadataHandler.js';
import { StoreUnavailableError } from './store/metadataStore.js';
import { readSettings, type CliSettings } from './cli/cliSettings.js';
import { parseCommandLine, usage, UsageError } from './cli/commandLine.js';
import { openCliStore, type OpenedStore } from './cli/cliStore.js';
import { randomId } from './shared/ids.js';
import { listenNodeHttp } from './adapter/node/nodeServer.js';
import { describeCause, StartupError } from './cli/startupError.js';
import { storeHealthCheck } from './cli/storeHealthCheck.js';
import { newSigningKey } from './cli/sessionSigningKey.js';
import { listenFailure } from './cli/listenCheck.js';
import { CONFIG_FILE_NAMES, type LoadedConfig } from './cli/cliConfig.js';
import type { MetadataServerConfig } from './cli/serverConfig.js';
import { seedIfEmpty } from './cli/storeData.js';
import { checkBeforeStart } from './cli/startupChecks.js';
import { exportCommand } from './cli/exportCommand.js';
import { resetCommand } from './cli/resetCommand.js';
import type { AnsweredRequest, NodeHttpServer } from './adapter/node/serveNodeHttpOptions.js';
import { readConsoleAssets } from './cli/console/consoleAssets.js';
import { createConsoleSessions, type ConsoleSessions } from './cli/console/consoleSessions.js';
import { SIGN_IN_PATH, withConsole } from './cli/console/withConsole.js';
import { webhookEndpoints } from './cli/webhookSettings.js';
import { cliWebhookDelivery, type CliWebhooks } from './cli/cliWebhooks.js';

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

/**
 * One request log line: when it was answered (ISO 8601, UTC), method, path (no query), status, milliseconds;
 * never a header or a body.
 */
function requestLogLine({ method, path, status, milliseconds, traceId }: AnsweredRequest): string {
  return `${new Date().toISOString()} ${method} ${path} ${status} ${milliseconds.toFixed(1)}ms${traceId === undefined ? '' : ` clerk_trace_id=${traceId}`}`;
}

async function listen(settings: CliSettings, handler: (request: Request) => Promise<Response>, healthCheck: () => Promise<boolean>): Promise<NodeHttpServer> {
  const options = { host: settings.host, port: settings.port, ...(settings.log ? { onResponse: (answered: AnsweredRequest) => say(requestLogLine(answered)) } : {}) };
  try {
    return await listenNodeHttp(handler, options, { healthCheck });
  } catch (error) {
    throw listenFailure(settings.host, settings.port, error);
  }
}

/** The development publishable key naming the server's host: `pk_test_` + base64 of `host:port$`. */
function publishableKeyOf(url: string): string {
  return `pk_test_${Buffer.from(`${new URL(url).host}$`).toString('base64')}`;
}

/** Where the server's build puts the console (from src/cli.ts and dist/cli.js alike). */
const CONSOLE_ASSETS = new URL('../dist/console/', import.meta.url);

/** The console's sign-in URL: on a loopback address when the server listens on every address. */
function signInUrl(url: string, token: string): string {
  const local = new URL(url);
  if (local.hostname === '0.0.0.0') local.hostname = '127.0.0.1';
  if (local.hostname === '[::]') local.hostname = '[::1]';
  return `${local.origin}${SIGN_IN_PATH}?token=${token}`;
}

/** The console's line of the banner, and the one printed each time a sign-in URL is used. */
function consoleLine(url: string, token: string): string {
  return `console sign-in (one-time URL, CONSOLE=off to turn the console off): ${signInUrl(url, token)}`;
}

function consoleBanner(settings: CliSettings, consoleSessions: ConsoleSessions | undefined, url: string): string {
  if (!settings.console) return 'console: off (CONSOLE=off)';
  if (consoleSessions === undefined) return 'console: not built (run pnpm build in this checkout); /console/ answers 404';
  return consoleLine(url, consoleSessions.token());
}

/** The banner's line on the configuration file: which, and what it sets. */
function configLine(loaded: LoadedConfig | undefined): string {
  if (loaded === undefined) return `config: none (${CONFIG_FILE_NAMES.join(', ')} in the working folder, or --config <file>)`;
  const keys = Object.keys(loaded.config).filter((key) => loaded.config[key as keyof MetadataServerConfig] !== undefined);
  return `config: ${loaded.path}${keys.length === 0 ? '' : ` (${keys.join(', ')})`}`;
}

function banner(settings: CliSettings, opened: OpenedStore, secretKey: string, url: string, loaded: LoadedConfig | undefined, consoleSessions: ConsoleSessions | undefined, webhooks: CliWebhooks): string {
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
    configLine(loaded),
    `secret key: ${secretKey}${keyOrigin}`,
    `publishable key: ${publishableKeyOf(url)} (Clerk's browser SDK, with proxyUrl ${url}/__clerk)`,
    `session tokens: RS256, key ${opened.keptSigningKey === undefined ? 'generated for this run' : `kept in ${opened.keptSigningKey.path}`}; public key at GET ${url}/v1/jwks`,
    `frontend sign-in: ${frontend === undefined ? 'none: browsers sign in under /__clerk (PATCH /v1/me/metadata answers 401)' : `the ${frontend} header (INSECURE, development only)`}`,
    `health: GET ${url}/healthz (no key needed; this server's, not Clerk's)`,
    `webhooks: ${webhooks.description}`,
    `request log: ${settings.log ? 'one line per request (LOG=off to turn it off)' : 'off (LOG=off)'}`,
    consoleBanner(settings, consoleSessions, url),
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

async function serve(flags: ReadonlyMap<string, string>): Promise<void> {
  const settings = readSettings(process.env, flags, process.cwd());
  if (settings.frontendHeader !== undefined) warnAboutFrontendHeader(settings.frontendHeader);
  const { loaded, seed } = await checkBeforeStart(settings, process.cwd());
  const started = { now: false };
  const onFailure = exitOnStoreFailure(started);
  const opened = await openCliStore(settings, say, onFailure);
  const secretKey = settings.secretKey ?? opened.keptKey?.key ?? randomId('sk_test_');
  const stopping = { now: false };
  const storeUp = storeHealthCheck(opened.store);
  const healthCheck = (): Promise<boolean> => (stopping.now || opened.failure() !== undefined ? Promise.resolve(false) : storeUp());
  // Development only: whoever sends the header is signed in as the user it names.
  const header = settings.frontendHeader;
  if (seed !== undefined) {
    await seedIfEmpty(opened.store, seed, say).catch(async (error: unknown) => {
      await opened.abandon().catch(() => {});
      throw error;
    });
  }
  const { seed: _seed, webhooks: fileWebhooks, ...handlerOptions } = loaded?.config ?? {};
  // The folder is locked while the store is open: the webhook secret is read or written under its lock.
  const webhooks = cliWebhookDelivery(
    opened.store,
    webhookEndpoints(
      { urls: settings.webhookUrls, eventTypes: settings.webhookEvents, secret: settings.webhookSecret },
      settings.store === 'pglite' ? settings.dataDir : undefined,
    ),
    settings.log ? say : () => {},
    fileWebhooks,
  );
  const metadataHandler = createMetadataHandler({
    ...handlerOptions,
    secretKey,
    store: opened.store,
    frontendApi: {
      signingKey: opened.keptSigningKey?.key ?? newSigningKey(),
      ...(settings.corsOrigins === undefined ? {} : { allowedOrigins: settings.corsOrigins }),
    },
    onError: reportError,
    ...(webhooks.options === undefined ? {} : { webhooks: webhooks.options }),
    ...(header === undefined ? {} : { authenticate: (request: Request) => request.headers.get(header) }),
  });
  const assets = settings.console ? readConsoleAssets(CONSOLE_ASSETS) : undefined;
  // Each used sign-in URL is replaced by a new one, printed (the server's URL is known once it listens).
  const serverUrl = { now: '' };
  const consoleSessions = assets === undefined ? undefined : createConsoleSessions((token) => say(consoleLine(serverUrl.now, token)));
  const handler = consoleSessions === undefined ? metadataHandler : withConsole(metadataHandler, { secretKey, assets: assets!, sessions: consoleSessions });
  let server: NodeHttpServer;
  try {
    server = await listen(settings, handler, healthCheck);
  } catch (error) {
    await opened.abandon().catch(() => {});
    throw error;
  }
  stopOnSignals(server, opened, stopping, webhooks);
  started.now = true;
  serverUrl.now = server.url;
  process.stdout.write(banner(settings, opened, secretKey, server.url, loaded, consoleSessions, webhooks));
  const failedMeanwhile = opened.failure();
  if (failedMeanwhile !== undefined) onFailure(failedMeanwhile);
}

function main(): Promise<void> {
  const { command, flags } = parseCommandLine(process.argv.slice(2));
  if (command === 'help') return Promise.resolve(void process.stdout.write(usage()));
  if (command === 'export') {
    const write = (text: string): Promise<void> => new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
    return exportCommand(readSettings(process.env, flags, process.cwd()), (line) => process.stderr.write(`${line}\n`), write);
  }
  if (command === 'reset') return Promise.resolve(resetCommand(readSettings(process.env, flags, process.cwd()), say));
  if (command === 'version') {
    // ../package.json from both src/cli.ts and dist/cli.js.
    const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
    return Promise.resolve(say(version));
  }
  return serve(flags);
}

// A closed stdout (`--help | head`, a log pipe that went away) loses output, not the server.
process.stdout.on('error', () => {});

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) fatal(`${error.message}\n\n${usage()}`, 2);
  fatal(error instanceof StartupError ? error.message : describeCause(error));
}
