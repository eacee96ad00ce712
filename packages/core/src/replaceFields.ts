import { MetadataError, prefixErrorPath } from './metadataError.js';
import { replacementValue } from './internal/mergeParts.js';
import { hasOwn, isPlainObject, setOwn, type PlainObject } from './internal/plainObject.js';

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
 *   with its path.
 *
 * @example
 * ```ts
 * const stored = { publicMetadata: { role: 'member', team: 'a' }, privateMetadata: { score: 1 } };
 * replaceFields(stored, { publicMetadata: { role: 'admin' } });
 * // => { publicMetadata: { role: 'admin' }, privateMetadata: { score: 1 } }
 * ```
 *
 * @public
 */
export function replaceFields<T extends object>(stored: T, provided: { readonly [K in keyof T]?: T[K] }): T {
  if (!isPlainObject(provided)) {
    throw new MetadataError('invalid_params', [], 'Expected the provided fields to be a plain object');
  }
  const base = isPlainObject(stored) ? stored : undefined;
  let changes: unknown[] | undefined;
  const keys = Object.keys(provided);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const providedValue: unknown = (provided as PlainObject)[key];
    if (providedValue === undefined) continue;
    const hasStored = base !== undefined && hasOwn(base, key);
    const storedValue = hasStored ? base![key] : undefined;
    let value: unknown;
    try {
      value = replacementValue(hasStored, storedValue, providedValue);
    } catch (error) {
      throw prefixErrorPath(error, [key]);
    }
    if (hasStored && value === storedValue) continue;
    (changes ??= []).push(key, value);
  }
  if (changes === undefined) return (base ?? {}) as T;
  const result: PlainObject = base === undefined ? {} : { ...base };
  for (let i = 0; i < changes.length; i += 2) setOwn(result, changes[i] as string, changes[i + 1]);
  return result as T;
}
