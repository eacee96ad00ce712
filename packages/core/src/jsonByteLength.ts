import { isPlainObject } from './internal/plainObject.js';
import { utf8Length } from './internal/utf8Length.js';

/**
 * Counts the UTF-8 bytes of `JSON.stringify(value)` without building the
 * string, stopping early once `limit` is passed.
 *
 * @internal
 */
export function jsonByteLengthUpTo(value: unknown, limit: number): number {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && bytes <= limit) {
    const item = pending.pop();
    if (item === null) {
      bytes += 4;
    } else if (typeof item === 'string') {
      bytes += utf8Length(JSON.stringify(item));
    } else if (typeof item === 'number') {
      bytes += Number.isFinite(item) ? String(item).length : 4;
    } else if (typeof item === 'boolean') {
      bytes += item ? 4 : 5;
    } else if (Array.isArray(item)) {
      bytes += item.length === 0 ? 2 : 1 + item.length;
      for (let i = item.length - 1; i >= 0; i--) {
        const element: unknown = item[i];
        // JSON.stringify writes null for what an array cannot hold
        pending.push(element === undefined || typeof element === 'function' || typeof element === 'symbol' ? null : element);
      }
    } else if (isPlainObject(item)) {
      let members = 0;
      for (const key of Object.keys(item)) {
        const member = item[key];
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        members++;
        bytes += utf8Length(JSON.stringify(key)) + 1;
        pending.push(member);
      }
      bytes += members === 0 ? 2 : 1 + members;
    } else {
      // Not JSON (only a caller's unvalidated data gets here): count what JSON.stringify would write.
      let text: string | undefined;
      try {
        text = JSON.stringify(item);
      } catch {
        text = undefined;
      }
      bytes += text === undefined ? 0 : utf8Length(text);
    }
  }
  return bytes;
}

/**
 * The size of a JSON value as Clerk measures metadata: the number of UTF-8
 * bytes of its JSON serialisation.
 *
 * @param value - a JSON value
 * @returns the byte length of `JSON.stringify(value)` encoded as UTF-8
 *
 * @remarks
 * Computed without building the string and without recursion, so it works at
 * any depth. Properties whose value is `undefined` are skipped, as
 * `JSON.stringify` skips them.
 *
 * @example
 * ```ts
 * jsonByteLength({ city: 'Zürich' }); // => 18
 * ```
 *
 * @public
 */
export function jsonByteLength(value: unknown): number {
  return jsonByteLengthUpTo(value, Infinity);
}
