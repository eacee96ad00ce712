import type { MergePatch } from './jsonValue.js';
import { REDUCER_DEPTH_LIMIT } from './internal/copyJson.js';
import { mergeJson } from './internal/mergeFields.js';

/**
 * Applies an RFC 7396 JSON Merge Patch without mutating anything: Clerk's
 * *update* (PATCH) semantics, where `null` deletes a key at any depth.
 *
 * @param target - the current value; any value, never modified
 * @param patch - the merge patch; a JSON value, never modified or retained
 * @returns the patched value, sharing every unchanged subtree with `target`
 *
 * @remarks
 * - A patch that is not a plain object (array, string, number, boolean, `null`)
 *   is the result. Arrays are values: they are replaced whole, never merged.
 * - An object patch merges into `target` when it is a plain object, otherwise
 *   into `{}`. A `null` value deletes its key, at any depth; an `undefined`
 *   value is ignored. No `null` from the patch is left in an object position.
 * - Subtrees of the result that are JSON-equal to the target's at the same path
 *   are the target's own references; a patch that changes nothing returns
 *   `target` itself, and `deepMergeWithNullDeletion(t, {})` returns `t` for a
 *   plain object `t`. The result shares nothing with `patch`.
 * - `__proto__`, `constructor` and `prototype` are ordinary keys: stored as own
 *   properties, never touching a prototype.
 * - Surviving keys keep their order; new keys follow in patch order.
 * - A patch holding something JSON cannot (a function, `NaN`, a `Date`,
 *   `undefined` in an array, …) throws a {@link MetadataError} with code
 *   `invalid_json_value` and its path; a patch nested deeper than 1000 levels
 *   (or cyclic) throws `too_deep`. Never a `RangeError`.
 *
 * @example
 * ```ts
 * interface Meta { prefs?: { theme?: string; lang?: string }; plan?: string; seats?: number }
 * const stored: Meta = { prefs: { theme: 'dark', lang: 'en' }, plan: 'pro' };
 * deepMergeWithNullDeletion(stored, { prefs: { theme: null }, seats: 3 });
 * // => { prefs: { lang: 'en' }, plan: 'pro', seats: 3 }
 * ```
 *
 * @public
 */
export function deepMergeWithNullDeletion<T>(target: T, patch: MergePatch<T>): T {
  return mergeJson(target, patch, [], REDUCER_DEPTH_LIMIT) as T;
}
