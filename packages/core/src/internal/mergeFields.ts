import type { MetadataPathSegment } from '../metadataError.js';
import { checkDepth, copyJson, isJsonPrimitive, notJson } from './copyJson.js';
import { hasOwn, isPlainObject, setOwn, type PlainObject } from './plainObject.js';

/**
 * The first copy of `base`, made on the first change: a merge leaves out the
 * keys the patch deletes while copying, because deleting from a fresh copy
 * turns it into a slow dictionary object.
 */
function firstCopy(base: PlainObject | undefined, patch: PlainObject, keys: string[], deep: boolean): PlainObject {
  let deleted: string[] | undefined;
  if (deep && base !== undefined) {
    // A key holding undefined is absent: leaving it out of the copy is the same as keeping it.
    // Stryker disable next-line ArrayDeclaration: only a base key named "Stryker was here" could tell
    for (const key of keys) if (patch[key] === null && hasOwn(base, key)) (deleted ??= []).push(key);
  }
  if (deleted === undefined) return { ...base };
  const copy: PlainObject = {};
  for (const key of Object.keys(base!)) if (!deleted.includes(key)) setOwn(copy, key, base![key]);
  return copy;
}

/**
 * The one loop behind both reducers: each defined key of `patch` lands on a
 * copy of `target` made on the first change. `deep` merges (null deletes);
 * otherwise each value replaces in full. Unchanged keys keep their reference,
 * and no change at all returns `target` itself.
 */
export function mergeFields(
  target: unknown,
  patch: PlainObject,
  path: MetadataPathSegment[],
  limit: number,
  deep: boolean,
): PlainObject {
  const base = isPlainObject(target) ? target : undefined;
  let result: PlainObject | undefined;
  const keys = Object.keys(patch);
  for (const key of keys) {
    const value = patch[key];
    if (value === undefined) continue;
    const current = base !== undefined && hasOwn(base, key) ? base[key] : undefined;
    if (deep && value === null) {
      // the first copy already leaves out every key the patch deletes; an own key
      // holding undefined is absent anyway
      if (current !== undefined) result ??= firstCopy(base, patch, keys, deep);
      continue;
    }
    let next: unknown = value;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path: the reducers check a primitive the same way (the EqualityOperator mutants break the test itself)
    if (typeof value !== 'object' || value === null) {
      if (!isJsonPrimitive(value)) notJson([...path, key]);
    } else {
      path.push(key);
      next = deep ? mergeJson(current, value, path, limit) : copyJson(value, current, path, limit);
      path.pop();
    }
    // next is never undefined, so a key new to the target always counts as a change
    if (next !== current) setOwn((result ??= firstCopy(base, patch, keys, deep)), key, next);
  }
  return result ?? base ?? {};
}

/** RFC 7396 MergePatch(target, patch); `path` locates `patch`, is its depth, and is restored. */
export function mergeJson(target: unknown, patch: unknown, path: MetadataPathSegment[], limit: number): unknown {
  if (!isPlainObject(patch)) return copyJson(patch, target, path, limit);
  checkDepth(path, limit);
  return mergeFields(target, patch, path, limit, true);
}
