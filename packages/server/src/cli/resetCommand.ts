// `metadata-semantics-server reset`: empties a PGlite data folder, refused while a server holds its lock.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliSettings } from './cliSettings.js';
import { checkDataFolder, takeDataFolder } from './dataFolder.js';
import { OWN_FILE_NAMES } from './ownFiles.js';
import { StartupError } from './startupError.js';

/**
 * Removes the database of the data folder, holding its lock meanwhile (a running server's folder is refused); the
 * development key, the session signing key and the webhook secret stay, so scripts, tokens and webhook routes that use them keep working. The next start creates an empty database.
 */
export function resetCommand(settings: CliSettings, say: (line: string) => void): void {
  if (settings.store !== 'pglite') {
    throw new StartupError('STORE', settings.store, 'reset empties a PGlite data folder; a memory store starts empty anyway, and a PostgreSQL database is yours to empty');
  }
  const folder = settings.dataDir;
  if (!existsSync(folder)) throw new StartupError('DATA_DIR', folder, 'no such folder: nothing to reset');
  const ownFiles = OWN_FILE_NAMES;
  checkDataFolder(folder, ownFiles);
  const lock = takeDataFolder(folder);
  try {
    for (const entry of readdirSync(folder)) {
      if (!ownFiles.some((own) => entry === own || entry.startsWith(`${own}.`))) rmSync(join(folder, entry), { recursive: true, force: true });
    }
  } finally {
    lock.release();
  }
  say(`reset: the database in ${folder} is removed; the next start creates an empty one (its keys and the webhook secret stay)`);
}
