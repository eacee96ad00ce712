// The development secret key the command-line server generates once and keeps in its data folder, so that
// scripts keep working across restarts. Command-line only (node:fs).
import { randomId } from '../shared/ids.js';
import { isUsableSecretKey } from '../handler/secretKeyCheck.js';
import { keptSecret } from './keptSecret.js';

/** The key's file name inside the data folder. */
export const KEY_FILE_NAME = 'metadata-semantics-server.key';

/**
 * The key kept in `folder`, generated (readable by its owner only) when there is none. Call it holding the
 * folder's lock: then no other process writes the file meanwhile.
 */
export function keptSecretKey(folder: string): { key: string; path: string } {
  return keptSecret(folder, KEY_FILE_NAME, 'secret key (printable ASCII without spaces)', () => randomId('sk_test_'), isUsableSecretKey);
}
