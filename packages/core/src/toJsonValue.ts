import type { JsonValue } from './jsonValue.js';
import { stringifyJson } from './internal/stringifyJson.js';

/**
 * Normalises any JavaScript value the way `JSON.parse(JSON.stringify(value))`
 * does, for callers that want coercion instead of errors.
 *
 * @param value - any value; never modified
 * @returns a fresh JSON value, or `undefined` where `JSON.stringify` returns
 *   `undefined` (for `undefined`, a function or a symbol)
 *
 * @remarks
 * It is that round trip, so every rule is the platform's: `toJSON` is honoured
 * (a `Date` becomes its ISO string); boxed primitives are unboxed; `undefined`,
 * functions and symbols disappear from objects and become `null` in arrays;
 * `NaN` and `±Infinity` become `null`; `-0` becomes `0`; sparse holes become
 * `null`; other objects (a `Map`, a class instance) keep their own enumerable
 * properties. `__proto__` keys survive as own properties. Where
 * `JSON.stringify` would throw, this throws a {@link MetadataError} instead:
 * `invalid_json_value` for a bigint or a cycle (the message names where),
 * `too_deep` for nesting deeper than the engine can serialise.
 *
 * @example
 * ```ts
 * toJsonValue({ at: new Date(0), skip: undefined, n: NaN });
 * // => { at: '1970-01-01T00:00:00.000Z', n: null }
 * ```
 *
 * @public
 */
export function toJsonValue(value: unknown): JsonValue | undefined {
  const text = stringifyJson(value, []);
  return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
}
