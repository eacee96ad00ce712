// The command-line server's store: opened with every failure named (setting, path or URL, cause), the PGlite
// data folder locked for as long as it is open. Command-line only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { memoryStore } from '../store/memory/memoryStore.js';
import type { MetadataStore } from '../store/metadataStore.js';
import { watchedExclusivePostgresStore } from '../store/postgres/exclusivePostgresStore.js';
import { postgresStore } from '../store/postgres/postgresStore.js';
import { maskedUrl, type CliSettings } from './cliSettings.js';
import { checkDataFolder, prepareDataFolder, refuseForeignFolder, takeDataFolder, undoDataFolder } from './dataFolder.js';
import { keptSecretKey } from './developmentKey.js';
import { keptSigningKey } from './sessionSigningKey.js';
import { OWN_FILE_NAMES } from './ownFiles.js';
import type { RsaPrivateJwk } from '../api/frontend/sessionTokenSigner.js';
import { ownDataFolder } from './ownedDataFolder.js';
import { sharedUniqueValues, tableName } from '../store/postgres/postgresTable.js';
import { heapWatch } from './heapWatch.js';
import { describeCause, StartupError } from './startupError.js';

export interface OpenedStore {
  readonly store: MetadataStore;
  /** For the banner: what the store is and where its data lives. */
  readonly description: string;
  /** The key kept in the data folder (PGlite, no SECRET_KEY), with its file. */
  readonly keptKey?: { readonly key: string; readonly path: string };
  /** The session tokens' signing key kept in the data folder (PGlite), with its file. */
  readonly keptSigningKey?: { readonly key: RsaPrivateJwk; readonly path: string };
  /** Why the store stopped for good (its data folder went, its database failed), once it did. */
  failure(): string | undefined;
  /** Closes the store and gives up the data folder; after a failure, gives up the folder without writing to it. */
  close(): Promise<void>;
  /** For a start that fails after the store opened: closes it and leaves a new data folder as it found it. */
  abandon(): Promise<void>;
}

/** Told once when the store stops for good, with why. */
export type OnStoreFailure = (why: string) => void;

/**
 * Loads an optional peer dependency; when it is not installed, says which and how to install it. The
 * version is the one the server is tested with.
 */
async function importDriver<T>(load: () => Promise<T>, setting: string, value: string, driver: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new StartupError(setting, value, `needs the package ${driver}, which is not installed: npm install ${driver} (or set STORE=memory)`);
  }
}

/** How long a PostgreSQL server may take to accept the connection before start-up fails. */
const CONNECT_TIMEOUT_MILLISECONDS = 5_000;

/** What the store is opened for: serving (a new data folder is created), or reading what is there. */
export type StorePurpose = 'serve' | 'read';

async function openPglite(settings: CliSettings, say: (line: string) => void, onFailure: OnStoreFailure, purpose: StorePurpose): Promise<OpenedStore> {
  const folder = settings.dataDir;
  const ownFiles = OWN_FILE_NAMES;
  // Whatever can be checked is, before anything is created.
  checkDataFolder(folder, ownFiles);
  if (purpose === 'read' && !existsSync(join(folder, 'PG_VERSION'))) throw new StartupError('DATA_DIR', folder, 'holds no database (yet): start a server on it first');
  const { PGlite } = await importDriver(() => import('@electric-sql/pglite'), 'STORE', 'pglite', '@electric-sql/pglite@0.5.14');
  const before = prepareDataFolder(folder);
  let lock;
  try {
    lock = takeDataFolder(folder);
  } catch (error) {
    undoDataFolder(folder, before);
    throw error;
  }
  // A kill -9 leaves the lock behind; the next start sees its owner gone and takes it over.
  const release = (): void => lock.release();
  process.once('exit', release);
  /** Gives the folder up; on a failed start, as it was found (the lock first: undoing removes only what was added). */
  const giveUp = (undo: boolean): void => {
    release();
    if (undo) undoDataFolder(folder, before);
  };
  try {
    refuseForeignFolder(folder, ownFiles);
    const keptKey = settings.secretKey === undefined && purpose === 'serve' ? keptSecretKey(folder) : undefined;
    say(`opening the embedded database (PGlite) in ${folder}; the first start takes a while…`);
    const db = await PGlite.create(folder).catch((error: unknown) => {
      throw new StartupError('DATA_DIR', folder, `PGlite cannot open the database: ${describeCause(error)}`);
    });
    const owned = ownDataFolder(folder, lock, db, onFailure);
    // The folder is locked: this process is its one writer, so the store may keep every resource in memory,
    // if they fit there.
    const store = watchedExclusivePostgresStore(owned.client, {}, heapWatch(folder));
    // A table an earlier version wrote may hold organizations sharing a slug: the store opens it (they stay
    // readable, and renamable), refuses their slugs to any other organization, and the operator is told.
    const shared = await store
      .migrate()
      .then(() => sharedUniqueValues(owned.client, tableName(undefined, 'exclusivePostgresStore')))
      .catch(async (error: unknown) => {
        owned.close();
        if (owned.failure() === undefined) await db.close().catch(() => {});
        if (error instanceof StartupError) throw error;
        throw new StartupError('DATA_DIR', folder, `cannot prepare the database: ${describeCause(error)}`);
      });
    for (const { message, field, kind } of shared) {
      say(`WARNING: ${message}. The server serves them meanwhile, and refuses these ${field}s to any other ${kind}.`);
    }
    const closeWith = (undo: boolean) => async (): Promise<void> => {
      owned.close();
      // A failed database never answers again, and a lost folder's files may be another server's: neither is touched.
      if (owned.failure() === undefined) await db.close();
      giveUp(undo && owned.failure() === undefined);
    };
    // Made once the database opened: a refused start leaves a folder that held a database as it was.
    const signingKey = purpose === 'serve' ? keptSigningKey(folder) : undefined;
    return {
      store,
      description: `pglite (data in ${folder})`,
      ...(keptKey === undefined ? {} : { keptKey }),
      ...(signingKey === undefined ? {} : { keptSigningKey: signingKey }),
      failure: owned.failure,
      close: closeWith(false),
      abandon: closeWith(true),
    };
  } catch (error) {
    giveUp(true);
    throw error;
  }
}

async function openPostgres(url: string, say: (line: string) => void): Promise<OpenedStore> {
  const shown = maskedUrl(url);
  const pg = await importDriver(() => import('pg'), 'STORE', 'postgres', 'pg@8.23.1');
  say(`connecting to PostgreSQL at ${shown}…`);
  const pool = new pg.default.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MILLISECONDS });
  // An idle client's connection dropping (a database restart) must not end the process: the next query reconnects.
  pool.on('error', () => {});
  const store = postgresStore(pool);
  try {
    await store.migrate();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StartupError('DATABASE_URL', shown, `cannot use the database: ${describeCause(error)}`);
  }
  const close = (): Promise<void> => pool.end();
  return { store, description: `postgres (${shown})`, failure: () => undefined, close, abandon: close };
}

/**
 * Opens the store the settings name, saying what takes time before it starts; `onFailure` hears when it stops for
 * good. To `read`, a PGlite data folder must hold a database already.
 */
export function openCliStore(settings: CliSettings, say: (line: string) => void, onFailure: OnStoreFailure, purpose: StorePurpose = 'serve'): Promise<OpenedStore> {
  if (settings.store === 'memory') {
    const close = async (): Promise<void> => {};
    return Promise.resolve({ store: memoryStore(), description: 'memory (lost on exit)', failure: () => undefined, close, abandon: close });
  }
  if (settings.store === 'pglite') return openPglite(settings, say, onFailure, purpose);
  return openPostgres(settings.databaseUrl!, say);
}
