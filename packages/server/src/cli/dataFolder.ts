// The command-line server's data folder: created with care, checked writable, and holding nothing but PGlite's
// database and the server's own files. Command-line only (node:fs).
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataFolderInUseError, lockDataFolder, type DataFolderLock } from './dataFolderLock.js';
import { describeCause, StartupError } from './startupError.js';

const fail = (folder: string, cause: string): never => {
  throw new StartupError('DATA_DIR', folder, cause);
};

/** The folders from the nearest existing ancestor of `folder` down to `folder` that do not exist yet. */
function missingFolders(folder: string): string[] {
  const missing: string[] = [];
  for (let current = folder; ; current = dirname(current)) {
    try {
      if (!statSync(current).isDirectory()) fail(folder, `${current} is a file, not a folder`);
      return missing;
    } catch (error) {
      if (error instanceof StartupError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail(folder, `cannot read ${current}: ${describeCause(error)}`);
    }
    missing.unshift(current);
    if (dirname(current) === current) return missing;
  }
}

/** Throws unless this process can write in `path`, an existing folder. */
function checkWritable(folder: string, path: string): void {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
  } catch (error) {
    const what = path === folder ? 'the folder is' : `the folder above it, ${path}, is`;
    fail(folder, `${what} not writable by this user: ${describeCause(error)}`);
  }
}

/** The data folder itself: writable, by its permission bits too (PGlite checks them itself, even for root). */
function checkWritableFolder(folder: string): void {
  checkWritable(folder, folder);
  const mode = statSync(folder).mode & 0o777;
  if ((mode & 0o222) === 0) fail(folder, `the folder is not writable (mode ${mode.toString(8).padStart(4, '0')})`);
}

/**
 * Checks, creating nothing, that `folder` can be the data folder: it exists and is writable, or the nearest
 * existing folder above it is writable; an existing one holds nothing but `ownFiles` and a PGlite database.
 */
export function checkDataFolder(folder: string, ownFiles: readonly string[]): void {
  const missing = missingFolders(folder);
  if (missing.length === 0) {
    checkWritableFolder(folder);
    refuseForeignFolder(folder, ownFiles);
    return;
  }
  const parent = dirname(missing[0]!);
  if (parent !== missing[0]) checkWritable(folder, parent);
}

/** What a data folder held before a start: enough to leave it so when the start fails. */
export interface DataFolderBefore {
  /** The folders the start created, outermost first. */
  readonly created: readonly string[];
  /** The folder's entries before (none when the start created it). */
  readonly entries: readonly string[];
}

/**
 * Makes sure `folder` exists and this process can write in it, and says what it held before. Created one
 * level at a time, readable only by its owner: Node 20's recursive mkdir spins forever under /proc instead of
 * failing.
 */
export function prepareDataFolder(folder: string): DataFolderBefore {
  const created: string[] = [];
  for (const path of missingFolders(folder)) {
    try {
      mkdirSync(path, { mode: 0o700 });
      created.push(path);
    } catch (error) {
      // Another process (a second server starting at the same instant) made it first.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(path).isDirectory()) continue;
      undoDataFolder(folder, { created, entries: [] });
      fail(folder, `cannot create the folder ${path}: ${describeCause(error)}`);
    }
  }
  const before = { created, entries: created.length > 0 ? [] : readdirSync(folder) };
  try {
    checkWritableFolder(folder);
  } catch (error) {
    undoDataFolder(folder, before);
    throw error;
  }
  return before;
}

/**
 * After a failed start, leaves a folder that held no database as it was: removes what the start added (the
 * key file, PGlite's files) and the folders it created. A folder that held a database keeps it as it is.
 */
export function undoDataFolder(folder: string, before: DataFolderBefore): void {
  if (before.entries.includes('PG_VERSION')) return;
  if (before.created.length > 0) {
    rmSync(before.created[0]!, { recursive: true, force: true });
    return;
  }
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder)) {
    if (!before.entries.includes(entry)) rmSync(join(folder, entry), { recursive: true, force: true });
  }
}

/**
 * Refuses a folder that holds other files but no PostgreSQL data (no PG_VERSION): PGlite would fill it with
 * a new database's files.
 */
export function refuseForeignFolder(folder: string, ownFiles: readonly string[]): void {
  const entries = readdirSync(folder).filter((name) => !ownFiles.some((own) => name === own || name.startsWith(`${own}.`)));
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    fail(folder, `the folder holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}) and no PGlite database; choose an empty or new folder`);
  }
}

/** Takes the folder's lock; another live server holding it, or a lock that cannot be taken, is a {@link StartupError}. */
export function takeDataFolder(folder: string): DataFolderLock {
  try {
    return lockDataFolder(folder);
  } catch (error) {
    if (error instanceof DataFolderInUseError) throw new StartupError('DATA_DIR', folder, error.message);
    throw new StartupError('DATA_DIR', folder, `cannot take the folder's lock: ${describeCause(error)}`);
  }
}
