import { MetadataError, type MetadataPathSegment } from '../metadataError.js';
import { hasOwn, isPlainObject, setOwn, type PlainObject } from './plainObject.js';

/**
 * Deepest nesting the reducers walk. Recursion is the fastest and smallest walk
 * for real metadata; this bound keeps it far inside every engine's call stack,
 * so deep input is a typed error instead of a RangeError.
 */
export const REDUCER_DEPTH_LIMIT = 1000;
// (An explicit-stack walk would lift the bound but costs size and speed on every
// call; JSON.stringify itself gives up at a few thousand levels.)

/** True for `null`, strings, booleans and finite numbers. */
export function isJsonPrimitive(value: unknown): boolean {
  return typeof value === 'number' ? isFinite(value) : value === null || typeof value === 'string' || typeof value === 'boolean';
}

/** Throws the error for a value JSON cannot hold. */
export function notJson(path: readonly MetadataPathSegment[]): never {
  throw new MetadataError('invalid_json_value', path, 'Not a JSON value');
}

/** Throws unless a container at `path` is within `limit` levels (a cycle never is). */
export function checkDepth(path: readonly MetadataPathSegment[], limit: number): void {
  if (path.length >= limit) throw new MetadataError('too_deep', path, 'Nested too deeply');
}

/**
 * Validates `value` as JSON and returns it as a fresh copy, or returns
 * `counterpart` itself when it is JSON-equal to `value` (sharing). The copy
 * shares nothing with `value`. `path` is the location of `value`, used for
 * errors and as the depth; it is restored before returning.
 */
export function copyJson(value: unknown, counterpart: unknown, path: MetadataPathSegment[], limit: number): unknown {
  if (value === null || typeof value !== 'object') {
    if (!isJsonPrimitive(value)) notJson(path);
    return value;
  }
  checkDepth(path, limit);
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) notJson(path);
  const source = value as PlainObject;
  const other = counterpart as PlainObject;
  // Children share with a counterpart of the same kind even when this level differs (sharing law).
  const kin = isArray ? Array.isArray(counterpart) : isPlainObject(counterpart);
  let same = kin && (!isArray || (counterpart as unknown[]).length === source.length);
  const copy: PlainObject = isArray ? ([] as unknown as PlainObject) : {};
  let size = 0;
  // Array indices come from keys() so that holes are visited (and rejected).
  for (const key of isArray ? (value as unknown[]).keys() : Object.keys(source)) {
    const member = source[key];
    if (member === undefined) {
      // undefined is an absent key in an object, but never a JSON array element
      if (isArray) notJson([...path, key]);
      continue;
    }
    size++;
    const child = kin && hasOwn(other, key) ? other[key] : undefined;
    let copied: unknown = member;
    // Primitives, the bulk of real data, are checked in place instead of by a call per value.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path: copyJson checks a primitive the same way
    if (member === null || typeof member !== 'object') {
      if (!isJsonPrimitive(member)) notJson([...path, key]);
    } else {
      path.push(key);
      copied = copyJson(member, child, path, limit);
      path.pop();
    }
    // copied is never undefined, so this also says the counterpart has the key
    same &&= copied === child;
    setOwn(copy, key as string, copied);
  }
  if (same) {
    for (const key of Object.keys(other)) if (other[key] !== undefined) size--;
    same = size === 0;
  }
  return same ? counterpart : copy;
}
