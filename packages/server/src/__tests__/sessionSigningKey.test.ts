import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keptSigningKey, SIGNING_KEY_FILE_NAME } from '../cli/sessionSigningKey.js';
import { StartupError } from '../cli/startupError.js';

// The session tokens' signing key the command line keeps in its data folder: made once, readable by its owner
// only, the same key after a restart (so a jwtKey copied into an app keeps verifying), and a damaged file named.

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'signing-key-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('keptSigningKey', () => {
  it('makes an RSA-2048 key once, owner-only, and reads the same key afterwards', () => {
    const first = keptSigningKey(folder);
    const again = keptSigningKey(folder);
    expect(first.path).toBe(join(folder, SIGNING_KEY_FILE_NAME));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(again.key).toEqual(first.key);
    expect([first.key.kty, first.key.e, Buffer.from(first.key.n, 'base64url').length]).toEqual(['RSA', 'AQAB', 256]);
  });

  it('takes a copied key with looser permissions back to owner-only', () => {
    const { path, key } = keptSigningKey(folder);
    chmodSync(path, 0o644);
    expect(keptSigningKey(folder).key).toEqual(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that holds no usable key, naming the file, and leaves it as it is', () => {
    const path = join(folder, SIGNING_KEY_FILE_NAME);
    for (const text of ['not json', '{"kty":"RSA"}', JSON.stringify({ kty: 'EC', crv: 'P-256' })]) {
      writeFileSync(path, text, { mode: 0o600 });
      expect(() => keptSigningKey(folder), text).toThrow(StartupError);
      expect(() => keptSigningKey(folder)).toThrow(path);
      expect(readFileSync(path, 'utf8')).toBe(text);
    }
  });
});
