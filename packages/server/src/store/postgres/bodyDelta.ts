// Consecutive events of one resource differ in little (`updated_at`, `timestamp`, the metadata that changed), and
// PGlite takes each byte of a statement at about 20 ns: a batch stores such a body as the part of it that differs
// from the body before it in the same line, not the whole 2–3 KB again.

/** A text told by another, its base: the base's first `prefix` and last `suffix` UTF-16 units around `middle`. */
export interface BodyDelta {
  readonly prefix: number;
  readonly suffix: number;
  readonly middle: string;
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * `body` as the part that differs from `base` between their common start and end. Never splits a surrogate
 * pair: the middle of a well-formed body is well-formed (PostgreSQL refuses a lone surrogate in JSON).
 */
export function bodyDelta(base: string, body: string): BodyDelta {
  const most = Math.min(base.length, body.length);
  let prefix = 0;
  // 32 characters at a time first: one comparison in native code costs about what one character does in JavaScript.
  while (prefix + CHUNK <= most && base.slice(prefix, prefix + CHUNK) === body.slice(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < most && base.charCodeAt(prefix) === body.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(body.charCodeAt(prefix - 1))) prefix--;
  const room = most - prefix;
  let suffix = 0;
  while (suffix + CHUNK <= room && base.slice(base.length - suffix - CHUNK, base.length - suffix) === body.slice(body.length - suffix - CHUNK, body.length - suffix)) {
    suffix += CHUNK;
  }
  while (suffix < room && base.charCodeAt(base.length - 1 - suffix) === body.charCodeAt(body.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(body.charCodeAt(body.length - suffix))) suffix--;
  return { prefix, suffix, middle: body.slice(prefix, body.length - suffix) };
}

const CHUNK = 32;

/** The body a {@link bodyDelta} of `base` tells. */
export function applyBodyDelta(base: string, delta: BodyDelta): string {
  return base.slice(0, delta.prefix) + delta.middle + base.slice(base.length - delta.suffix);
}
