const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random id with a Clerk-style prefix: `user_`, `org_`, `orgmem_`, `idn_` + 27 base-62 characters. */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(27));
  let id = prefix;
  // 62 * 4 = 248 < 256: modulo bias is under 4%, irrelevant for ids.
  for (const byte of bytes) id += alphabet[byte % 62];
  return id;
}

/** Six random lowercase letters and digits, to make a derived slug unique. */
export function randomSuffix(): string {
  let suffix = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(6))) suffix += alphabet.slice(0, 36).toLowerCase()[byte % 36];
  return suffix;
}
