import type { MergePatch } from './jsonValue.js';
import { MetadataError, prefixErrorPath } from './metadataError.js';
import { mergeObjectIteratively } from './internal/mergeIteratively.js';
import { DELETED, buildMergedObject, replacementValue } from './internal/mergeParts.js';
import { hasOwn, isPlainObject, type PlainObject } from './internal/plainObject.js';

// Recursion is fastest for the shallow documents metadata really is; past this
// depth the walk switches to an explicit stack, so no input overflows.
const RECURSION_DEPTH_BUDGET = 256;

function mergeObject(target: PlainObject | undefined, patch: PlainObject, depth: number): PlainObject {
  if (depth > RECURSION_DEPTH_BUDGET) return mergeObjectIteratively(target, patch);
  let changes: unknown[] | undefined;
  let hasDeletions = false;
  const keys = Object.keys(patch);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const patchValue = patch[key];
    if (patchValue === undefined) continue;
    const hasTarget = target !== undefined && hasOwn(target, key);
    const targetValue = hasTarget ? target![key] : undefined;
    let value: unknown;
    if (patchValue === null) {
      if (!hasTarget) continue;
      value = DELETED;
      hasDeletions = true;
    } else {
      try {
        value = isPlainObject(patchValue)
          ? mergeObject(hasTarget && isPlainObject(targetValue) ? targetValue : undefined, patchValue, depth + 1)
          : replacementValue(hasTarget, targetValue, patchValue);
      } catch (error) {
        throw prefixErrorPath(error, [key]);
      }
      if (hasTarget && value === targetValue) continue;
    }
    (changes ??= []).push(key, value);
  }
  if (changes === undefined) return target ?? {};
  return buildMergedObject(target, changes, hasDeletions);
}

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
 * - Unchanged subtrees are the same references as in `target`; a patch that
 *   changes nothing returns `target` itself, and `deepMergeWithNullDeletion(t, {})`
 *   returns `t` for a plain object `t`. The result shares nothing with `patch`.
 * - `__proto__`, `constructor` and `prototype` are ordinary keys: stored as own
 *   properties, never touching a prototype.
 * - Surviving keys keep their order; new keys follow in patch order.
 * - Any depth works (no `RangeError`). A patch holding something JSON cannot
 *   (a function, `NaN`, a `Date`, a cycle, `undefined` in an array, …) throws a
 *   {@link MetadataError} with code `invalid_json_value` and its path.
 *
 * @example
 * ```ts
 * const stored = { prefs: { theme: 'dark', lang: 'en' }, plan: 'pro' };
 * deepMergeWithNullDeletion(stored, { prefs: { theme: null }, seats: 3 });
 * // => { prefs: { lang: 'en' }, plan: 'pro', seats: 3 }
 * ```
 *
 * @public
 */
export function deepMergeWithNullDeletion<T>(target: T, patch: MergePatch<T>): T {
  if (isPlainObject(patch)) return mergeObject(isPlainObject(target) ? target : undefined, patch, 0) as T;
  if (patch === undefined) {
    throw new MetadataError('invalid_json_value', [], 'Expected a merge patch, got undefined');
  }
  return replacementValue(true, target, patch) as T;
}
