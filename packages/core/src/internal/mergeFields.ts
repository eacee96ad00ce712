import type { MetadataPathSegment } from '../metadataError.js';
import { checkDepth, copyJson, isJsonPrimitive, notJson } from './copyJson.js';
import { hasOwn, isPlainObject, setOwn, type PlainObject } from './plainObject.js';

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
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === undefined) continue;
    const current = base !== undefined && hasOwn(base, key) ? base[key] : undefined;
    if (deep && value === null) {
      // an own key holding undefined is already absent: nothing to delete
      if (current !== undefined) delete (result ??= { ...base })[key];
      continue;
    }
    let next: unknown = value;
    if (typeof value !== 'object' || value === null) {
      if (!isJsonPrimitive(value)) notJson([...path, key]);
    } else {
      path.push(key);
      next = deep ? mergeJson(current, value, path, limit) : copyJson(value, current, path, limit);
      path.pop();
    }
    // next is never undefined, so a key new to the target always counts as a change
    if (next !== current) setOwn((result ??= { ...base }), key, next);
  }
  return result ?? base ?? {};
}

/** RFC 7396 MergePatch(target, patch); `path` locates `patch`, is its depth, and is restored. */
export function mergeJson(target: unknown, patch: unknown, path: MetadataPathSegment[], limit: number): unknown {
  if (!isPlainObject(patch)) return copyJson(patch, target, path, limit);
  checkDepth(path, limit);
  return mergeFields(target, patch, path, limit, true);
}
