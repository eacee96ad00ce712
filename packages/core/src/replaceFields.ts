import { MetadataError } from './metadataError.js';
import { REDUCER_DEPTH_LIMIT } from './internal/copyJson.js';
import { mergeFields } from './internal/mergeFields.js';
import { isPlainObject } from './internal/plainObject.js';

/**
 * Replaces whole fields without mutating anything: Clerk's *replace* (PUT)
 * semantics, one level deep.
 *
 * @param stored - the current fields; never modified (a value that is not a
 *   plain object reads as `{}`)
 * @param provided - the fields to overwrite; a plain object of JSON values,
 *   never modified or retained
 * @returns the new fields: `stored` with each provided field overwritten in full
 *
 * @remarks
 * - A field that `provided` omits, or sets to `undefined`, keeps its stored
 *   value (the same reference).
 * - A provided field's value is the new value in full: nested keys absent from
 *   it are gone and nested `null`s are stored as `null`. There is no merge at
 *   any level; `{}` clears a field and `null` stores a JSON `null`.
 * - `replaceFields(s, {})` returns `s` itself, and so does any `provided` whose
 *   values are JSON-equal to the stored ones. The result shares nothing with
 *   `provided`.
 * - `provided` that is not a plain object throws a {@link MetadataError} with
 *   code `invalid_params`; a value JSON cannot hold throws `invalid_json_value`
 *   with its path; nesting deeper than 1000 levels throws `too_deep`.
 *
 * @example
 * ```ts
 * const stored: JsonObject = { publicMetadata: { role: 'member', team: 'a' }, privateMetadata: { score: 1 } };
 * replaceFields(stored, { publicMetadata: { role: 'admin' } });
 * // => { publicMetadata: { role: 'admin' }, privateMetadata: { score: 1 } }
 * ```
 *
 * @public
 */
export function replaceFields<T extends object>(stored: T, provided: { readonly [K in keyof T]?: T[K] }): T {
  if (!isPlainObject(provided)) throw new MetadataError('invalid_params', [], 'Not a plain object');
  // Field values sit at depth 1, so the walk may go one level further.
  return mergeFields(stored, provided, [], REDUCER_DEPTH_LIMIT + 1, false) as T;
}
