// The command-line server's settings, each declared once in `cliSettings`: its environment variable, its flag,
// its help and how its text is read. Parsing, `--help` and the errors are derived from that table.
import { resolve } from 'node:path';
import { isUsableSecretKey } from '../handler/secretKeyCheck.js';
import { StartupError } from './startupError.js';
import { checkCorsOrigins } from '../handler/corsOrigins.js';
import type { WebhookEventType } from '../webhooks/webhookEvent.js';
import { readWebhookEvents, readWebhookSecret, readWebhookUrls } from './webhookSettings.js';

export type StoreKind = 'memory' | 'pglite' | 'postgres';

export interface CliSettings {
  readonly host: string;
  readonly port: number;
  /** `undefined`: generated (and, with PGlite, kept in the data folder). */
  readonly secretKey: string | undefined;
  readonly store: StoreKind;
  /** Absolute. */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly frontendHeader: string | undefined;
  /** One line per request on stdout. */
  readonly log: boolean;
  /** The page origins allowed to call the Frontend API (CORS_ORIGINS); `undefined`: the handler's default. */
  readonly corsOrigins: readonly string[] | undefined;
  /** The console at `/console/`, behind a one-time sign-in URL (`CONSOLE=off` turns it off). */
  readonly console: boolean;
  /** Where webhook events are POSTed (WEBHOOK_URL); none: nothing is recorded. */
  readonly webhookUrls: readonly string[];
  /** The event types sent (WEBHOOK_EVENTS); `undefined`: every type. */
  readonly webhookEvents: readonly WebhookEventType[] | undefined;
  /** The signing secret (WEBHOOK_SECRET); `undefined`: generated (and, with PGlite, kept in the data folder). */
  readonly webhookSecret: string | undefined;
  /** The configuration file `--config` names (absolute); `undefined`: the one in the working folder, if any. */
  readonly config: string | undefined;
  /** The data file `--seed` names (absolute), loaded into an empty store; `undefined`: the configuration's, if any. */
  readonly seed: string | undefined;
}

/** A setting's text as given, and where: the variable's name (`PORT`) or the flag (`--port`), for messages. */
export interface GivenText {
  readonly from: string;
  readonly text: string;
}

/** What a setting's `read` may look at besides its own text. */
export interface SettingContext {
  /** Relative paths are resolved against it. */
  readonly workingDirectory: string;
  /** The settings declared before this one. */
  readonly before: Partial<CliSettings>;
}

/** One setting: where it is read from, what `--help` says of it, and how its text becomes its value. */
export interface CliSetting<T> {
  /** Its environment variable; none for a flag-only setting. */
  readonly variable?: string;
  /** Its flag, given as `--flag value` or `--flag=value`; a flag wins over its variable. */
  readonly flag: `--${string}`;
  /** What `--help` shows as its value, such as `<port>`. */
  readonly placeholder: string;
  /** `--help`'s text: what it is and its default (lines after the first are indented). */
  readonly help: string;
  /**
   * Its value from its text (`undefined` when unset or empty) and the settings declared before it; a bad text
   * is a {@link StartupError} naming `given.from`.
   */
  readonly read: (given: GivenText | undefined, context: SettingContext) => T;
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What is wrong with a secret key, without repeating the key (it may be a real one, mistyped). */
function unusableKeyReason(key: string): string {
  const index = [...key].findIndex((character) => !isUsableSecretKey(character));
  const character = [...key][index]!;
  const what = /\s/.test(character) ? 'whitespace' : character.charCodeAt(0) > 0x7e ? 'a non-ASCII character' : 'a control character';
  return `it holds ${what} at position ${index + 1}; a key must be printable ASCII without spaces, as an Authorization header carries it`;
}

/** Hides the password of a URL-like text, for messages. */
export function maskedUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*:)[^/@]*@/i, '$1***@');
}

function oneOf<T extends string>(choices: readonly T[], fallback: T, why: string): (given: GivenText | undefined) => T {
  return (given) => {
    if (given === undefined) return fallback;
    if (!(choices as readonly string[]).includes(given.text)) throw new StartupError(given.from, given.text, why);
    return given.text as T;
  };
}

/**
 * Every setting of the command-line server, in `--help`'s order. A new setting is one entry here (and its field
 * in {@link CliSettings}): the flag, the variable, the help and the errors follow.
 */
export const cliSettings: { readonly [K in keyof CliSettings]: CliSetting<CliSettings[K]> } = {
  host: {
    variable: 'HOST',
    flag: '--host',
    placeholder: '<address>',
    help: 'address to listen on (default 127.0.0.1)',
    read: (given) => given?.text ?? '127.0.0.1',
  },
  port: {
    variable: 'PORT',
    flag: '--port',
    placeholder: '<port>',
    help: 'port; 0 picks a free one (default 3000)',
    read: (given) => {
      if (given === undefined) return 3000;
      if (!/^\d+$/.test(given.text) || Number(given.text) > 65535) throw new StartupError(given.from, given.text, 'must be a number from 0 to 65535');
      return Number(given.text);
    },
  },
  secretKey: {
    variable: 'SECRET_KEY',
    flag: '--secret-key',
    placeholder: '<key>',
    help: [
      'the key clients send as "Authorization: Bearer <key>": printable ASCII, no spaces',
      '(default: generated once and kept in the data folder with pglite; for this run otherwise;',
      'prefer the variable: other users of the machine can read a flag in the process list)',
    ].join('\n'),
    read: (given) => {
      if (given !== undefined && !isUsableSecretKey(given.text)) throw new StartupError(given.from, '…', unusableKeyReason(given.text));
      return given?.text;
    },
  },
  store: {
    variable: 'STORE',
    flag: '--store',
    placeholder: '<kind>',
    help: 'memory | pglite | postgres (default pglite)',
    read: oneOf(['memory', 'pglite', 'postgres'], 'pglite', 'must be memory, pglite or postgres'),
  },
  dataDir: {
    variable: 'DATA_DIR',
    flag: '--data-dir',
    placeholder: '<folder>',
    help: "PGlite's data folder, one server at a time (default ./.data/pglite)",
    read: (given, { workingDirectory }) => resolve(workingDirectory, given?.text ?? '.data/pglite'),
  },
  databaseUrl: {
    variable: 'DATABASE_URL',
    flag: '--database-url',
    placeholder: '<url>',
    help: 'for the postgres store: postgres://user:password@host:5432/database',
    read: (given, { before }) => {
      // Read only for the postgres store: another program's DATABASE_URL does not stop a memory store.
      if (before.store !== 'postgres') return undefined;
      if (given === undefined) throw new StartupError('STORE', 'postgres', 'needs DATABASE_URL (or --database-url), such as postgres://user:password@127.0.0.1:5432/app');
      let protocol: string | undefined;
      try {
        protocol = new URL(given.text).protocol;
      } catch {
        protocol = undefined;
      }
      if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
        throw new StartupError(given.from, maskedUrl(given.text), 'not a postgres:// or postgresql:// URL, such as postgres://user:password@127.0.0.1:5432/app');
      }
      return given.text;
    },
  },
  log: {
    variable: 'LOG',
    flag: '--log',
    placeholder: 'on|off',
    help: 'one line per request: time, method, path, status, milliseconds (default on)',
    read: (given) => oneOf(['on', 'off'], 'on', 'must be on (one line per request, the default) or off')(given) === 'on',
  },
  frontendHeader: {
    variable: 'DEV_FRONTEND_USER_HEADER',
    flag: '--dev-frontend-user-header',
    placeholder: '<header>',
    help: 'INSECURE, development only: a header, such as X-Test-User, whose value\nsigns PATCH /v1/me/metadata in as that user',
    read: (given) => {
      if (given !== undefined && !HEADER_NAME.test(given.text)) throw new StartupError(given.from, given.text, 'must be an HTTP header name, such as X-Test-User');
      return given?.text;
    },
  },
  corsOrigins: {
    variable: 'CORS_ORIGINS',
    flag: '--cors-origins',
    placeholder: '<origins>',
    help: [
      'page origins allowed to call the Frontend API under /__clerk, separated by commas,',
      "each exact or with any port (default http://127.0.0.1:*; the server's own always)",
    ].join('\n'),
    read: (given) => {
      if (given === undefined) return undefined;
      const origins = given.text.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
      try {
        checkCorsOrigins(origins);
      } catch (error) {
        throw new StartupError(given.from, given.text, `${(error as Error).message}; separate origins with commas`);
      }
      return origins;
    },
  },
  console: {
    variable: 'CONSOLE',
    flag: '--console',
    placeholder: 'on|off',
    help: 'a console in the browser at /console/ to see and edit the metadata, opened by a one-time\nsign-in URL printed at start (default on; off serves no page)',
    read: (given) => oneOf(['on', 'off'], 'on', 'must be on (the console at /console/, the default) or off')(given) === 'on',
  },
  webhookUrls: {
    variable: 'WEBHOOK_URL',
    flag: '--webhook-url',
    placeholder: '<url,…>',
    help: "where Clerk's webhook events of every change are POSTed, signed (several: comma-separated)",
    read: (given) => readWebhookUrls(given),
  },
  webhookEvents: {
    variable: 'WEBHOOK_EVENTS',
    flag: '--webhook-events',
    placeholder: '<types>',
    help: 'the event types sent, such as user.updated,organization.* (default all)',
    read: (given) => readWebhookEvents(given),
  },
  webhookSecret: {
    variable: 'WEBHOOK_SECRET',
    flag: '--webhook-secret',
    placeholder: '<whsec_…>',
    help: 'the signing secret (default: generated once and kept in the data folder with pglite, for\nthis run with memory; required with postgres)',
    read: (given, { before }) => readWebhookSecret(given, before),
  },
  config: {
    flag: '--config',
    placeholder: '<file>',
    help: [
      'a configuration module (handler options such as schemas; see docs/server.md), default',
      'metadata-semantics.config.js, .mjs or .ts in the working folder; .ts needs tsx, as pnpm start has',
    ].join('\n'),
    read: (given, { workingDirectory }) => (given === undefined ? undefined : resolve(workingDirectory, given.text)),
  },
  seed: {
    flag: '--seed',
    placeholder: '<file.json>',
    help: 'a data file, as export writes it, loaded into the store when it is empty (default: the\nconfiguration\'s seed)',
    read: (given, { workingDirectory }) => (given === undefined ? undefined : resolve(workingDirectory, given.text)),
  },
};

/** The settings' flags: the flag's name to its setting's field. */
export const settingFlags: ReadonlyMap<string, keyof CliSettings> = new Map(
  (Object.keys(cliSettings) as (keyof CliSettings)[]).map((field) => [cliSettings[field].flag, field]),
);

/**
 * Reads and checks every setting, a flag winning over its variable; an empty value counts as unset. The first
 * bad one is a {@link StartupError} naming the variable or the flag it came from.
 */
export function readSettings(environment: NodeJS.ProcessEnv, flags: ReadonlyMap<string, string>, workingDirectory: string): CliSettings {
  const settings: Partial<Record<keyof CliSettings, unknown>> = {};
  for (const field of Object.keys(cliSettings) as (keyof CliSettings)[]) {
    const { variable, flag, read } = cliSettings[field];
    const flagged = flags.get(flag);
    const fromVariable = variable === undefined ? undefined : environment[variable];
    const given = flagged ? { from: flag, text: flagged } : fromVariable ? { from: variable!, text: fromVariable } : undefined;
    settings[field] = read(given, { workingDirectory, before: settings as Partial<CliSettings> });
  }
  return settings as CliSettings;
}
