// The laws of reducer 2 (semantics.md, "Reducer 2"), each a reusable check over (stored, provided)
// taking the replace function under test.
import { deepFreeze, snapshot } from './arbitraries.js';
import { assertSharesEqualSubtrees } from './mergeLaws.js';
import { assert, assertEqual, defineOwn, hasOwn, isPlainObject, reachableObjects, type PlainObject } from './json.js';

/** A replace function under test. */
export type Replace = (stored: unknown, provided: PlainObject) => unknown;
export type ReplaceLawCheck = (stored: unknown, provided: PlainObject) => void;

function provides(provided: PlainObject, key: string): boolean {
  return hasOwn(provided, key) && provided[key] !== undefined;
}

function asObject(value: unknown, what: string): PlainObject {
  assert(isPlainObject(value), `${what} is not a plain object`);
  return value;
}

/** omitted: a field that `provided` omits (or sets to undefined) keeps its stored value, the same reference. */
export function omittedLaw(replace: Replace): ReplaceLawCheck {
  return (stored, provided) => {
    const result = asObject(replace(stored, provided), 'the result');
    if (!isPlainObject(stored)) return;
    for (const key of Object.keys(stored)) {
      if (provides(provided, key)) continue;
      assert(hasOwn(result, key) && result[key] === stored[key], `omitted field ${JSON.stringify(key)} changed`);
    }
  };
}

/**
 * replaced: a provided field's value is the new value in full: nested keys absent from it are
 * gone, nested nulls are kept as stored nulls (strict structural equality, key sets included).
 */
export function replacedLaw(replace: Replace): ReplaceLawCheck {
  return (stored, provided) => {
    const result = asObject(replace(stored, provided), 'the result');
    for (const key of Object.keys(provided)) {
      if (!provides(provided, key)) continue;
      assert(hasOwn(result, key), `provided field ${JSON.stringify(key)} is missing`);
      assertEqual(result[key], provided[key], `provided field ${JSON.stringify(key)}`);
    }
  };
}

/** clear: `{}` clears a field; `null` stores a JSON null. */
export function clearLaw(replace: Replace): (stored: unknown, key: string) => void {
  return (stored, key) => {
    const cleared = asObject(replace(stored, objectWith(key, {})), 'the result');
    assert(hasOwn(cleared, key), 'the cleared field is missing');
    assertEqual(cleared[key], {}, 'a field replaced with {}');
    const nulled = asObject(replace(stored, objectWith(key, null)), 'the result');
    assert(hasOwn(nulled, key) && nulled[key] === null, 'a field replaced with null does not hold null');
  };
}

function objectWith(key: string, value: unknown): PlainObject {
  const object: PlainObject = {};
  defineOwn(object, key, value);
  return object;
}

/**
 * independent: fields never influence each other: each field of the result is what replacing
 * that field alone gives, and the fields present are exactly stored's plus the provided ones.
 */
export function independentLaw(replace: Replace): ReplaceLawCheck {
  return (stored, provided) => {
    const result = asObject(replace(stored, provided), 'the result');
    const base = isPlainObject(stored) ? stored : {};
    const expectedKeys = new Set([...Object.keys(base), ...Object.keys(provided).filter((key) => provides(provided, key))]);
    assertEqual(Object.keys(result).sort(), [...expectedKeys].sort(), 'the fields of the result');
    for (const key of Object.keys(provided)) {
      if (!provides(provided, key)) continue;
      const alone = asObject(replace(stored, objectWith(key, provided[key])), 'the result');
      assertEqual(result[key], alone[key], `field ${JSON.stringify(key)} depends on other fields`);
    }
  };
}

/** identity: replaceFields(s, {}) returns s itself. */
export function replaceIdentityLaw(replace: Replace): (stored: PlainObject) => void {
  return (stored) => {
    assert(replace(stored, {}) === stored, 'replace(s, {}) is not s itself');
  };
}

/** idempotence: applying the same `provided` twice equals applying it once. */
export function replaceIdempotenceLaw(replace: Replace): ReplaceLawCheck {
  return (stored, provided) => {
    const once = replace(stored, provided);
    assertEqual(replace(once, provided), once, 'applying twice differs from once');
  };
}

/**
 * `{...p1, ...p2}` as the law means it: p2's fields win, but a field p2 sets to `undefined` is
 * omitted, not provided, so it must not hide p1's value. A plain spread would copy the undefined
 * over p1's value and the law would not hold; so undefined values of p2 are skipped here.
 */
export function spreadSkippingUndefined(p1: PlainObject, p2: PlainObject): PlainObject {
  const combined: PlainObject = {};
  for (const key of Object.keys(p1)) defineOwn(combined, key, p1[key]);
  for (const key of Object.keys(p2)) if (p2[key] !== undefined) defineOwn(combined, key, p2[key]);
  return combined;
}

/** last writer wins: replace(replace(s, p1), p2) deep-equals replace(s, {...p1, ...p2}). */
export function lastWriterWinsLaw(replace: Replace): (stored: unknown, p1: PlainObject, p2: PlainObject) => void {
  return (stored, p1, p2) => {
    assertEqual(
      replace(replace(stored, p1), p2),
      replace(stored, spreadSkippingUndefined(p1, p2)),
      'two replaces differ from one with the combined fields',
    );
  };
}

/** sharing: subtrees of the result equal to stored's at the same path are stored's references. */
export function replaceSharingLaw(replace: Replace): ReplaceLawCheck {
  return (stored, provided) => {
    assertSharesEqualSubtrees(replace(stored, provided), stored);
  };
}

/** no aliasing: the result shares no object or array with `provided`. */
export function replaceNoAliasingLaw(replace: Replace): ReplaceLawCheck {
  return (stored, provided) => {
    const result = replace(stored, provided);
    const fromProvided = reachableObjects(provided);
    for (const object of reachableObjects(result)) {
      assert(!fromProvided.has(object), 'the result shares an object or array with provided');
    }
  };
}

/** purity: neither argument is mutated; deep-frozen arguments work and give the same result. */
export function replacePurityLaw(replace: Replace): ReplaceLawCheck {
  return (stored, provided) => {
    const strict = { ordered: true, sameValue: true, prototypes: true } as const;
    const storedBefore = snapshot(stored);
    const providedBefore = snapshot(provided);
    const result = replace(stored, provided);
    assertEqual(stored, storedBefore, 'stored was mutated', strict);
    assertEqual(provided, providedBefore, 'provided was mutated', strict);
    const frozenStored = deepFreeze(snapshot(stored));
    const frozenProvided = deepFreeze(snapshot(provided));
    assertEqual(replace(frozenStored, frozenProvided), result, 'frozen arguments gave another result', { ordered: true });
    assertEqual(frozenStored, storedBefore, 'frozen stored changed', strict);
    assertEqual(frozenProvided, providedBefore, 'frozen provided changed', strict);
  };
}
