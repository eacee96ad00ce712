import { assertJsonPrimitive, cloneJson } from './cloneJson.js';
import { jsonEqual } from './jsonEqual.js';
import { setOwn, type PlainObject } from './plainObject.js';

/** Marks a key the patch deletes, in a change list. */
export const DELETED: unique symbol = Symbol('deleted');

/**
 * The value a non-mergeable patch value puts in place: the target's own value
 * when JSON-equal (sharing), otherwise a validated copy (no aliasing).
 */
export function replacementValue(hasTarget: boolean, targetValue: unknown, patchValue: unknown): unknown {
  if (patchValue === null || typeof patchValue !== 'object') {
    assertJsonPrimitive(patchValue, []);
    return hasTarget && targetValue === patchValue ? targetValue : patchValue;
  }
  const copy = cloneJson(patchValue);
  return hasTarget && jsonEqual(targetValue, copy) ? targetValue : copy;
}

/**
 * Builds the merged object from the target and a flat change list
 * `[key, value, key, value, …]` in patch order. Existing keys keep their
 * position; new keys are appended in patch order.
 */
export function buildMergedObject(target: PlainObject | undefined, changes: unknown[], hasDeletions: boolean): PlainObject {
  const result: PlainObject = target === undefined ? {} : { ...target };
  for (let i = 0; i < changes.length; i += 2) {
    const key = changes[i] as string;
    const value = changes[i + 1];
    if (value === DELETED) {
      if (hasDeletions) delete result[key];
    } else {
      setOwn(result, key, value);
    }
  }
  return result;
}
