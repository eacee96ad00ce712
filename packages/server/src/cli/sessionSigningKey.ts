// The RSA key session tokens are signed with: generated once and kept in the data folder, beside the development
// secret key, so that tokens and a `jwtKey` copied into an app keep working across restarts. Command-line only.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RsaPrivateJwk } from '../api/frontend/sessionTokenSigner.js';
import { checkSigningJwk } from '../api/frontend/sessionTokenSigner.js';
import { describeCause, StartupError } from './startupError.js';

/** The key's file name inside the data folder. */
export const SIGNING_KEY_FILE_NAME = 'metadata-semantics-server.session-key.json';

/** A new RSA-2048 key with exponent 65537 (the only kind `@clerk/backend`'s `jwtKey` takes). */
export function newSigningKey(): RsaPrivateJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const { kty, n, e, d, p, q, dp, dq, qi } = privateKey.export({ format: 'jwk' });
  return { kty: kty as 'RSA', n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi: qi! };
}

/**
 * The key kept in `folder`, generated (readable by its owner only) when there is none. Call it holding the
 * folder's lock.
 */
export function keptSigningKey(folder: string): { key: RsaPrivateJwk; path: string } {
  const path = join(folder, SIGNING_KEY_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StartupError('DATA_DIR', folder, `cannot read ${path}: ${describeCause(error)}`);
    const key = newSigningKey();
    try {
      writeFileSync(path, `${JSON.stringify(key)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (writeError) {
      throw new StartupError('DATA_DIR', folder, `cannot write ${path}: ${describeCause(writeError)}`);
    }
    return { key, path };
  }
  let key: RsaPrivateJwk;
  try {
    key = JSON.parse(text) as RsaPrivateJwk;
    checkSigningJwk(key);
  } catch (error) {
    throw new StartupError('DATA_DIR', folder, `${path} holds no usable signing key (${describeCause(error)}); delete it to have a new one generated`);
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return { key, path };
}
