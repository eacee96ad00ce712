// A secret the command-line server generates once and keeps in its data folder, readable by its owner only, so
// that what depends on it (scripts, an app's webhook verification) keeps working across restarts. Command-line
// only (node:fs).
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCause, StartupError } from './startupError.js';

/**
 * The secret kept in `folder` as `fileName`, generated when there is none. Call it holding the folder's lock:
 * then no other process writes the file meanwhile.
 *
 * @param what - what the secret is, for messages
 */
export function keptSecret(folder: string, fileName: string, what: string, generate: () => string, isUsable: (text: string) => boolean): { key: string; path: string } {
  const path = join(folder, fileName);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StartupError('DATA_DIR', folder, `cannot read ${path}: ${describeCause(error)}`);
    const key = generate();
    try {
      writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    } catch (writeError) {
      throw new StartupError('DATA_DIR', folder, `cannot write ${path}: ${describeCause(writeError)}`);
    }
    return { key, path };
  }
  const key = text.trim();
  if (!isUsable(key)) throw new StartupError('DATA_DIR', folder, `${path} holds no usable ${what}; delete it to have a new one generated`);
  // Written by hand or copied with looser permissions: only its owner should read a secret.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return { key, path };
}
