// The command-line server's store: opened with every failure named (setting, path or URL, cause), the PGlite
// data folder locked for as long as it is open. Command-line only.
import { memoryStore } from '../store/memory/memoryStore.js';
import type { MetadataStore } from '../store/metadataStore.js';
import { watchedExclusivePostgresStore } from '../store/postgres/exclusivePostgresStore.js';
import { postgresStore } from '../store/postgres/postgresStore.js';
import { maskedUrl, type CliSettings } from './cliSettings.js';
import { refuseForeignFolder, prepareDataFolder } from './dataFolder.js';
import { DataFolderInUseError, LOCK_FILE_NAME, lockDataFolder } from './dataFolderLock.js';
import { KEY_FILE_NAME, keptSecretKey } from './developmentKey.js';
import { WEBHOOK_SECRET_FILE_NAME } from './webhookSettings.js';
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
  /** Why the store stopped for good (its data folder went, its database failed), once it did. */
  failure(): string | undefined;
  /** Closes the store and gives up the data folder; after a failure, gives up the folder without writing to it. */
  close(): Promise<void>;
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

async function openPglite(settings: CliSettings, say: (line: string) => void, onFailure: OnStoreFailure): Promise<OpenedStore> {
  const folder = settings.dataDir;
  prepareDataFolder(folder);
  let lock;
  try {
    lock = lockDataFolder(folder);
  } catch (error) {
    if (error instanceof DataFolderInUseError) throw new StartupError('DATA_DIR', folder, error.message);
    throw new StartupError('DATA_DIR', folder, `cannot take the folder's lock: ${describeCause(error)}`);
  }
  // A kill -9 leaves the lock behind; the next start sees its owner gone and takes it over.
  const release = (): void => lock.release();
  process.once('exit', release);
  try {
    refuseForeignFolder(folder, [LOCK_FILE_NAME, KEY_FILE_NAME, WEBHOOK_SECRET_FILE_NAME]);
    const keptKey = settings.secretKey === undefined ? keptSecretKey(folder) : undefined;
    say(`opening the embedded database (PGlite) in ${folder}; the first start takes a while…`);
    const { PGlite } = await importDriver(() => import('@electric-sql/pglite'), 'STORE', 'pglite', '@electric-sql/pglite@0.5.14');
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
    const close = async (): Promise<void> => {
      owned.close();
      // A failed database never answers again, and a lost folder's files may be another server's: neither is touched.
      if (owned.failure() === undefined) await db.close();
      release();
    };
    return { store, description: `pglite (data in ${folder})`, ...(keptKey === undefined ? {} : { keptKey }), failure: owned.failure, close };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(url: string, say: (line: string) => void): Promise<OpenedStore> {
  const shown = maskedUrl(url);
  say(`connecting to PostgreSQL at ${shown}…`);
  const pg = await importDriver(() => import('pg'), 'STORE', 'postgres', 'pg@8.23.1');
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
  return { store, description: `postgres (${shown})`, failure: () => undefined, close: () => pool.end() };
}

/** Opens the store the settings name, saying what takes time before it starts; `onFailure` hears when it stops for good. */
export function openCliStore(settings: CliSettings, say: (line: string) => void, onFailure: OnStoreFailure): Promise<OpenedStore> {
  if (settings.store === 'memory') {
    return Promise.resolve({ store: memoryStore(), description: 'memory (lost on exit)', failure: () => undefined, close: async () => {} });
  }
  if (settings.store === 'pglite') return openPglite(settings, say, onFailure);
  return openPostgres(settings.databaseUrl!, say);
}
