// The command-line server's arguments and environment, read and checked before anything starts.
import { resolve } from 'node:path';
import { isUsableSecretKey } from '../handler/secretKeyCheck.js';
import { StartupError } from './startupError.js';
import { checkCorsOrigins } from '../handler/corsOrigins.js';

/** What the command line asks for. */
export type CliCommand = 'serve' | 'help' | 'version';

/** A command line this program does not take: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

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
}

/** The port when PORT is unset. */
const DEFAULT_PORT = 3000;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseArguments(argv: readonly string[]): CliCommand {
  // `--` ends the options (pnpm passes it through as it is).
  const given = argv.filter((argument) => argument !== '--');
  if (given.length === 0) return 'serve';
  if (given.length === 1 && (given[0] === '--help' || given[0] === '-h')) return 'help';
  if (given.length === 1 && (given[0] === '--version' || given[0] === '-v')) return 'version';
  const unknown = given.find((argument) => !['--help', '-h', '--version', '-v'].includes(argument)) ?? given.join(' ');
  throw new UsageError(`unknown argument ${JSON.stringify(unknown)}: it takes only --help or --version, and settings from the environment`);
}

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

function databaseUrl(environment: NodeJS.ProcessEnv): string {
  const url = environment['DATABASE_URL'];
  if (!url) throw new StartupError('STORE', 'postgres', 'needs DATABASE_URL, such as postgres://user:password@127.0.0.1:5432/app');
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new StartupError('DATABASE_URL', maskedUrl(url), 'not a postgres:// or postgresql:// URL, such as postgres://user:password@127.0.0.1:5432/app');
  }
  return url;
}

/** CORS_ORIGINS: origins separated by commas, each exact or with any port (`http://127.0.0.1:*`). */
function corsOrigins(text: string | undefined): readonly string[] | undefined {
  if (!text) return undefined;
  const origins = text.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  try {
    checkCorsOrigins(origins);
  } catch (error) {
    throw new StartupError('CORS_ORIGINS', text, `${(error as Error).message}; separate origins with commas`);
  }
  return origins;
}

/** Reads and checks every setting; the first bad one is a {@link StartupError}. */
export function readSettings(environment: NodeJS.ProcessEnv, workingDirectory: string): CliSettings {
  const portText = environment['PORT'] || String(DEFAULT_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new StartupError('PORT', portText, 'must be a number from 0 to 65535');
  const secretKey = environment['SECRET_KEY'] || undefined;
  if (secretKey !== undefined && !isUsableSecretKey(secretKey)) throw new StartupError('SECRET_KEY', '…', unusableKeyReason(secretKey));
  const store = environment['STORE'] || 'pglite';
  if (store !== 'memory' && store !== 'pglite' && store !== 'postgres') {
    throw new StartupError('STORE', store, 'must be memory, pglite or postgres');
  }
  const frontendHeader = environment['DEV_FRONTEND_USER_HEADER'] || undefined;
  if (frontendHeader !== undefined && !HEADER_NAME.test(frontendHeader)) {
    throw new StartupError('DEV_FRONTEND_USER_HEADER', frontendHeader, 'must be an HTTP header name, such as X-Test-User');
  }
  const log = environment['LOG'] || 'on';
  if (log !== 'on' && log !== 'off') throw new StartupError('LOG', log, 'must be on (one line per request, the default) or off');
  const console = environment['CONSOLE'] || 'on';
  if (console !== 'on' && console !== 'off') throw new StartupError('CONSOLE', console, 'must be on (the console at /console/, the default) or off');
  return {
    corsOrigins: corsOrigins(environment['CORS_ORIGINS']),
    host: environment['HOST'] || '127.0.0.1',
    port: Number(portText),
    secretKey,
    store,
    dataDir: resolve(workingDirectory, environment['DATA_DIR'] || '.data/pglite'),
    databaseUrl: store === 'postgres' ? databaseUrl(environment) : undefined,
    frontendHeader,
    log: log === 'on',
    console: console === 'on',
  };
}
