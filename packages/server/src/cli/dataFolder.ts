// The command-line server's data folder: created with care, checked writable, and holding nothing but PGlite's
// database and the server's own files. Command-line only (node:fs).
import { accessSync, constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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

/**
 * Makes sure `folder` exists and this process can write in it. Created one level at a time, readable only by
 * its owner: Node 20's recursive mkdir spins forever under /proc instead of failing.
 */
export function prepareDataFolder(folder: string): void {
  for (const path of missingFolders(folder)) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      // Another process (a second server starting at the same instant) made it first.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(path).isDirectory()) continue;
      fail(folder, `cannot create the folder ${path}: ${describeCause(error)}`);
    }
  }
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    fail(folder, `the folder is not writable by this user: ${describeCause(error)}`);
  }
  // PGlite checks permission bits itself, even for root: a folder with none would fail later, less clearly.
  const mode = statSync(folder).mode & 0o777;
  if ((mode & 0o222) === 0) fail(folder, `the folder is not writable (mode ${mode.toString(8).padStart(4, '0')})`);
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
