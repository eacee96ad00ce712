// The command-line server's store: opened with every failure named (setting, path or URL, cause), the PGlite
// data folder locked for as long as it is open. Command-line only.
import { memoryStore } from '../memoryStore.js';
import type { MetadataStore } from '../metadataStore.js';
import { watchedExclusivePostgresStore } from '../exclusivePostgresStore.js';
import { postgresStore } from '../postgresStore.js';
import { maskedUrl, type CliSettings } from './cliSettings.js';
import { refuseForeignFolder, prepareDataFolder } from './dataFolder.js';
import { DataFolderInUseError, LOCK_FILE_NAME, lockDataFolder } from './dataFolderLock.js';
import { KEY_FILE_NAME, keptSecretKey } from './developmentKey.js';
import { heapWatch } from './heapWatch.js';
import { describeCause, StartupError } from './startupError.js';

export interface OpenedStore {
  readonly store: MetadataStore;
  /** For the banner: what the store is and where its data lives. */
  readonly description: string;
  /** The key kept in the data folder (PGlite, no SECRET_KEY), with its file. */
  readonly keptKey?: { readonly key: string; readonly path: string };
  /** Closes the store and gives up the data folder. */
  close(): Promise<void>;
}

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

async function openPglite(settings: CliSettings, say: (line: string) => void): Promise<OpenedStore> {
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
    refuseForeignFolder(folder, [LOCK_FILE_NAME, KEY_FILE_NAME]);
    const keptKey = settings.secretKey === undefined ? keptSecretKey(folder) : undefined;
    say(`opening the embedded database (PGlite) in ${folder}; the first start takes a while…`);
    const { PGlite } = await importDriver(() => import('@electric-sql/pglite'), 'STORE', 'pglite', '@electric-sql/pglite@0.5.14');
    const db = await PGlite.create(folder).catch((error: unknown) => {
      throw new StartupError('DATA_DIR', folder, `PGlite cannot open the database: ${describeCause(error)}`);
    });
    // The folder is locked: this process is its one writer, so the store may keep every resource in memory,
    // if they fit there.
    const store = watchedExclusivePostgresStore(db, {}, heapWatch(folder));
    await store.migrate().catch(async (error: unknown) => {
      await db.close().catch(() => {});
      if (error instanceof StartupError) throw error;
      throw new StartupError('DATA_DIR', folder, `cannot prepare the database: ${describeCause(error)}`);
    });
    const close = async (): Promise<void> => {
      await db.close();
      release();
    };
    return { store, description: `pglite (data in ${folder})`, ...(keptKey === undefined ? {} : { keptKey }), close };
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
  return { store, description: `postgres (${shown})`, close: () => pool.end() };
}

/** Opens the store the settings name, saying what takes time before it starts. */
export function openCliStore(settings: CliSettings, say: (line: string) => void): Promise<OpenedStore> {
  if (settings.store === 'memory') {
    return Promise.resolve({ store: memoryStore(), description: 'memory (lost on exit)', close: async () => {} });
  }
  if (settings.store === 'pglite') return openPglite(settings, say);
  return openPostgres(settings.databaseUrl!, say);
}
