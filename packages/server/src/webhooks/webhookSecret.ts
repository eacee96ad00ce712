/** What every signing secret starts with, as Clerk's and Svix's do. */
const PREFIX = 'whsec_';

/** Standard base64 with its padding: what follows the prefix. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** How many random bytes a generated secret holds: as many as Svix's. */
const SECRET_BYTES = 24;

/** Standard base64 of bytes, with `btoa` (on every runtime). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A new webhook signing secret: `whsec_` and the base64 of 24 random bytes, as Clerk's Dashboard shows one.
 *
 * @public
 */
export function generateWebhookSecret(): string {
  return PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/**
 * The key a signing secret stands for: its part after `whsec_`, base64-decoded.
 *
 * @throws TypeError when `secret` is not `whsec_` followed by non-empty standard base64
 *
 * @public
 */
export function webhookSecretKey(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : undefined;
  if (encoded === undefined || encoded === '' || !BASE64.test(encoded)) {
    throw new TypeError('A webhook signing secret is "whsec_" followed by standard base64 (as Clerk shows it); this one is not');
  }
  return Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
}
