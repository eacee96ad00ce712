import type { JsonValue } from './jsonValue.js';
import { MetadataError, type MetadataPathSegment } from './metadataError.js';
import { REDUCER_DEPTH_LIMIT, copyJson } from './internal/copyJson.js';
import { hasOwn, isPlainObject, setOwn, type PlainObject } from './internal/plainObject.js';

/** The path, relative to `value`, of the first `null` in an object position, if any (arrays are values: skipped). */
function findNullInObject(value: PlainObject): MetadataPathSegment[] | undefined {
  const pending: Array<{ object: PlainObject; path: MetadataPathSegment[] }> = [{ object: value, path: [] }];
  while (pending.length > 0) {
    const { object, path } = pending.pop()!;
    for (const key of Object.keys(object)) {
      const member = object[key];
      if (member === null) return [...path, key];
      if (isPlainObject(member)) pending.push({ object: member, path: [...path, key] });
    }
  }
  return undefined;
}

function unrepresentable(path: MetadataPathSegment[]): MetadataError {
  return new MetadataError(
    'unrepresentable_change',
    path,
    'No merge patch can store a null inside an object: a null in a merge patch deletes its key',
  );
}

/** A value merged into a non-object target lands as is, so it must hold no null in an object position. */
function wholeValue(value: unknown, path: MetadataPathSegment[]): unknown {
  if (isPlainObject(value)) {
    const nullAt = findNullInObject(value);
    if (nullAt !== undefined) throw unrepresentable([...path, ...nullAt]);
  }
  return value;
}

interface Frame {
  before: PlainObject;
  after: PlainObject;
  patch: PlainObject;
  path: MetadataPathSegment[];
}

/**
 * Computes the smallest RFC 7396 merge patch that turns `before` into `after`:
 * the inverse of {@link deepMergeWithNullDeletion}.
 *
 * @param before - the current value; never modified
 * @param after - the wanted value; a JSON value, never modified or retained
 * @returns a patch `p`, sharing nothing with either argument, such that
 *   `deepMergeWithNullDeletion(before, p)` is JSON-equal to `after`
 *
 * @remarks
 * The patch names only keys that change: removed keys as `null`, changed
 * objects as nested patches, everything else (arrays, primitives, objects that
 * replace a non-object) in full. When nothing changes between two objects the
 * patch is `{}`; when `after` is not an object the patch is `after` itself.
 *
 * Some changes have no merge patch: a `null` stored inside an object (a `null`
 * in a patch deletes its key instead). For those it throws a
 * {@link MetadataError} with code `unrepresentable_change` and the path of the
 * offending `null`, rather than return a patch that does something else. An
 * `after` that is not JSON throws `invalid_json_value`, one nested deeper than
 * 1000 levels `too_deep`.
 *
 * @example
 * ```ts
 * createMergePatch({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2 }, e: [1] });
 * // => { b: { d: null }, e: [1] }
 * ```
 *
 * @public
 */
export function createMergePatch(before: unknown, after: unknown): JsonValue {
  const target = copyJson(after, undefined, [], REDUCER_DEPTH_LIMIT);
  if (!isPlainObject(target)) return target as JsonValue;
  if (!isPlainObject(before)) return wholeValue(target, []) as JsonValue;

  const root: PlainObject = {};
  // Nested patches in creation order, so children are pruned before parents.
  const created: Array<{ parent: PlainObject; key: string; patch: PlainObject }> = [];
  const pending: Frame[] = [{ before, after: target, patch: root, path: [] }];
  while (pending.length > 0) {
    const { before: from, after: to, patch, path } = pending.pop()!;
    for (const key of Object.keys(to)) {
      const wanted = to[key];
      const current = hasOwn(from, key) ? from[key] : undefined;
      if (isPlainObject(current) && isPlainObject(wanted)) {
        const nested: PlainObject = {};
        setOwn(patch, key, nested);
        created.push({ parent: patch, key, patch: nested });
        pending.push({ before: current, after: wanted, patch: nested, path: [...path, key] });
        continue;
      }
      // copyJson hands back `current` itself exactly when it is JSON-equal to `wanted` (never undefined, so a new key
      // always lands).
      // Stryker disable next-line ArrayDeclaration: `wanted` is already checked JSON, so copyJson never reads the path
      if (copyJson(wanted, current, [], Infinity) === current) continue;
      if (wanted === null) throw unrepresentable([...path, key]);
      setOwn(patch, key, wholeValue(wanted, [...path, key]));
    }
    for (const key of Object.keys(from)) {
      if (from[key] !== undefined && !hasOwn(to, key)) setOwn(patch, key, null);
    }
  }
  for (let i = created.length - 1; i >= 0; i--) {
    const { parent, key, patch } = created[i]!;
    if (Object.keys(patch).length === 0) delete parent[key];
  }
  return root as JsonValue;
}
