import { stringifyJson } from './internal/stringifyJson.js';
import { utf8Length } from './internal/utf8Length.js';

/**
 * The size of a JSON value as Clerk measures metadata: the number of UTF-8
 * bytes of its JSON serialisation.
 *
 * @param value - a JSON value
 * @returns the byte length of `JSON.stringify(value)` encoded as UTF-8 (0 when
 *   `JSON.stringify` returns `undefined`)
 *
 * @remarks
 * Properties whose value is `undefined` are skipped, as `JSON.stringify` skips
 * them. Where `JSON.stringify` would throw, this throws a {@link MetadataError}:
 * `invalid_json_value` for a bigint or a cycle, `too_deep` for nesting deeper
 * than the engine can serialise.
 *
 * @example
 * ```ts
 * jsonByteLength({ city: 'Zürich' }); // => 18
 * ```
 *
 * @public
 */
export function jsonByteLength(value: unknown): number {
  return utf8Length(stringifyJson(value, []) ?? '');
}
