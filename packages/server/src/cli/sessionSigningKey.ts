// The RSA key session tokens are signed with: generated once and kept in the data folder, beside the development
// secret key, so that tokens and a `jwtKey` copied into an app keep working across restarts. Command-line only.
import { generateKeyPairSync } from 'node:crypto';
import type { RsaPrivateJwk } from '../api/frontend/sessionTokenSigner.js';
import { checkSigningJwk } from '../api/frontend/sessionTokenSigner.js';
import { keptSecret } from './keptSecret.js';

/** The key's file name inside the data folder. */
export const SIGNING_KEY_FILE_NAME = 'metadata-semantics-server.session-key.json';

/** A new RSA-2048 key with exponent 65537 (the only kind `@clerk/backend`'s `jwtKey` takes). */
export function newSigningKey(): RsaPrivateJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const { kty, n, e, d, p, q, dp, dq, qi } = privateKey.export({ format: 'jwk' });
  return { kty: kty as 'RSA', n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi: qi! };
}

/** Whether a kept file's text is a signing key `jwtKey` takes. */
function isUsableSigningKey(text: string): boolean {
  try {
    checkSigningJwk(JSON.parse(text) as RsaPrivateJwk);
    return true;
  } catch {
    return false;
  }
}

/**
 * The key kept in `folder`, generated (readable by its owner only) when there is none. Call it holding the
 * folder's lock.
 */
export function keptSigningKey(folder: string): { key: RsaPrivateJwk; path: string } {
  const { key, path } = keptSecret(folder, SIGNING_KEY_FILE_NAME, 'RSA-2048 signing key (a JWK)', () => JSON.stringify(newSigningKey()), isUsableSigningKey);
  return { key: JSON.parse(key) as RsaPrivateJwk, path };
}
