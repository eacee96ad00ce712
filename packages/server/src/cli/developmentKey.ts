// The development secret key the command-line server generates once and keeps in its data folder, so that
// scripts keep working across restarts. Command-line only (node:fs).
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomId } from '../shared/ids.js';
import { isUsableSecretKey } from '../handler/secretKeyCheck.js';
import { describeCause, StartupError } from './startupError.js';

/** The key's file name inside the data folder. */
export const KEY_FILE_NAME = 'metadata-semantics-server.key';

/**
 * The key kept in `folder`, generated (readable by its owner only) when there is none. Call it holding the
 * folder's lock: then no other process writes the file meanwhile.
 */
export function keptSecretKey(folder: string): { key: string; path: string } {
  const path = join(folder, KEY_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StartupError('DATA_DIR', folder, `cannot read ${path}: ${describeCause(error)}`);
    const key = randomId('sk_test_');
    try {
      writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    } catch (writeError) {
      throw new StartupError('DATA_DIR', folder, `cannot write ${path}: ${describeCause(writeError)}`);
    }
    return { key, path };
  }
  const key = text.trim();
  if (!isUsableSecretKey(key)) {
    throw new StartupError('DATA_DIR', folder, `${path} holds no usable secret key (printable ASCII without spaces); delete it to have a new one generated`);
  }
  // Written by hand or copied with looser permissions: only its owner should read a key.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return { key, path };
}
