// `metadata-semantics-server export`: every resource of the store, written to stdout as a data file.
import type { CliSettings } from './cliSettings.js';
import { openCliStore } from './cliStore.js';
import { dataFileText } from './dataFile.js';
import { StartupError } from './startupError.js';
import { allResources } from './storeData.js';

/**
 * Writes the store's data file to `write` (stdout); what takes time is said to `say` (stderr). A PGlite folder
 * is locked meanwhile, so a running server's folder is refused; PostgreSQL is read while others write to it.
 */
export async function exportCommand(settings: CliSettings, say: (line: string) => void, write: (text: string) => Promise<void>): Promise<void> {
  if (settings.store === 'memory') {
    throw new StartupError('STORE', 'memory', "a memory store's data lives only in its server: export reads a PGlite data folder (--store pglite) or a database (--store postgres)");
  }
  const opened = await openCliStore(settings, say, () => {}, 'read');
  let text: string;
  try {
    text = dataFileText(await allResources(opened.store));
  } finally {
    await opened.close();
  }
  await write(text);
}
