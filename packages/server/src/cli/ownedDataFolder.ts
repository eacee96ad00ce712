// The PGlite data folder stays the one this process opened, or nothing more is written: deleting the folder
// (or its lock) under a running server must not let it write into the files of a new server started there.
// Command-line only (node:fs).
import { readFileSync, statSync } from 'node:fs';
import type { SqlClient } from '../store/postgres/sqlClient.js';
import type { DataFolderLock } from './dataFolderLock.js';
import { describeStorageError, isStorageFault } from '../store/postgres/storageFault.js';
import { StoreUnavailableError } from '../store/metadataStore.js';

/** How often an idle server looks at its folder, so that it stops soon after the folder goes. */
const WATCH_MILLISECONDS = 1_000;

export interface OwnedDataFolder {
  /** The database client, checked before each statement and again before its result is returned. */
  readonly client: SqlClient;
  /** Why the folder or its database failed for good, and what to do, once one did. */
  failure(): string | undefined;
  /** Stops watching. */
  close(): void;
}

function identity(folder: string): string {
  const { dev, ino } = statSync(folder);
  return `${dev}:${ino}`;
}

/**
 * Wraps `client` (the folder's PGlite) so that no statement is sent, and no result returned, unless the folder
 * is still the one opened (same device and inode) and its lock file still holds this process's record (a new
 * server writes another). A statement whose database fails for good (a PANIC) is the last one too. Either
 * failure is reported once, to `onFailure` (what happened and what to do), and every later statement is refused with a permanent
 * {@link StoreUnavailableError}, which stops the store.
 */
export function ownDataFolder(folder: string, lock: DataFolderLock, client: SqlClient, onFailure: (why: string) => void): OwnedDataFolder {
  const opened = identity(folder);
  let failed: StoreUnavailableError | undefined;
  let said: string | undefined;

  const fail = (why: string, next: string, cause?: unknown): StoreUnavailableError => {
    if (failed !== undefined) return failed;
    failed = new StoreUnavailableError(why, { permanent: true, cause });
    clearInterval(watch);
    said = `${why}; ${next}`;
    onFailure(said);
    return failed;
  };
  const folderLost = (why: string): StoreUnavailableError =>
    fail(`${why}; nothing more is written there`, 'start the server again to open a new database there');

  const lost = (): string | undefined => {
    try {
      if (identity(folder) !== opened) return `the data folder ${folder} was replaced while the server ran`;
      if (readFileSync(lock.path, 'utf8') !== lock.record) return `the lock of the data folder ${folder} is no longer this server's`;
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `the data folder ${folder} (or its lock) was deleted while the server ran` : `the data folder ${folder} cannot be read: ${code ?? String(error)}`;
    }
  };

  /** Throws once the folder is no longer the one opened. */
  const checkOwned = (): void => {
    if (failed !== undefined) throw failed;
    const why = lost();
    if (why !== undefined) throw folderLost(why);
  };

  const watch = setInterval(() => {
    const why = lost();
    if (why !== undefined) folderLost(why);
  }, WATCH_MILLISECONDS);
  watch.unref();

  return {
    client: {
      async query(text, params) {
        checkOwned();
        let result;
        try {
          result = await client.query(text, params);
        } catch (error) {
          if (isStorageFault(error)) {
            const why = `the embedded database failed and cannot be trusted: ${describeStorageError(error)}`;
            throw fail(why, 'mend the cause (free space, for a full disk) and start the server again: every write it answered is kept', error);
          }
          throw error;
        }
        checkOwned();
        return result;
      },
    },
    failure: () => said,
    close: () => clearInterval(watch),
  };
}
