import { hasOwn, isPlainObject } from './plainObject.js';

/**
 * JSON equality of `actual` (any value) and `expected` (a finite, acyclic JSON
 * value, e.g. a fresh copy). Object key order does not matter; an undefined
 * property counts as absent. Walking in lockstep with `expected` bounds the work
 * even when `actual` is cyclic.
 */
export function jsonEqual(actual: unknown, expected: unknown): boolean {
  const pending: unknown[] = [actual, expected];
  while (pending.length > 0) {
    const b = pending.pop();
    const a = pending.pop();
    if (a === b) continue;
    if (b === null || typeof b !== 'object' || a === null || typeof a !== 'object') return false;
    if (Array.isArray(b)) {
      if (!Array.isArray(a) || a.length !== b.length) return false;
      for (let i = 0; i < b.length; i++) pending.push(a[i], b[i]);
    } else {
      if (Array.isArray(a) || !isPlainObject(a)) return false;
      const expectedObject = b as Record<string, unknown>;
      const expectedKeys = Object.keys(expectedObject);
      let actualCount = 0;
      for (const key of Object.keys(a)) if (a[key] !== undefined) actualCount++;
      if (actualCount !== expectedKeys.length) return false;
      for (const key of expectedKeys) {
        if (!hasOwn(a, key)) return false;
        pending.push(a[key], expectedObject[key]);
      }
    }
  }
  return true;
}
