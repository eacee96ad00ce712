// The laws of reducer 1 (semantics.md, "Reducer 1"), each as a reusable check. Every check takes
// the merge under test and returns a predicate over (target, patch) that throws when the law is
// broken, so the same law runs against every implementation of the merge.
import { deepFreeze, snapshot } from './arbitraries.js';
import { rfc7396MergePatch } from './rfc7396.js';
import {
  assert,
  assertEqual,
  engineKeyOrder,
  forEachObjectEntry,
  hasOwn,
  isContainer,
  isPlainObject,
  jsonEquals,
  missing,
  reachableObjects,
  stepsToPath,
  valueAt,
  withoutUndefined,
  type Path,
  type PlainObject,
  type Step,
} from './json.js';

/** A merge function under test. */
export type Merge = (target: unknown, patch: unknown) => unknown;
/** A law check: throws when `merge(target, patch)` breaks the law. */
export type MergeLawCheck = (target: unknown, patch: unknown) => void;

/** True when the patch names `key` with a defined value (null included). */
function names(patch: PlainObject, key: string): boolean {
  return hasOwn(patch, key) && patch[key] !== undefined;
}

/** replace: a patch that is not a plain object (array, string, number, boolean, null) is the result. */
export function replaceLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    if (isPlainObject(patch) || patch === undefined) return;
    assertEqual(merge(target, patch), patch, 'the result is not the patch');
  };
}

/**
 * merge: an object patch merges into the target when the target is a plain object, otherwise
 * into {}. Stated pointwise: the result is a plain object whose keys are the target's (when a
 * plain object) minus those the patch sets to null, plus those the patch sets to a value; a
 * key the patch sets to an object holds merge(old value, that object), any other value as is.
 */
export function mergeLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    if (!isPlainObject(patch)) return;
    const result = merge(target, patch);
    assert(isPlainObject(result), 'an object patch must give a plain object');
    if (!isPlainObject(target)) {
      assertEqual(result, merge({}, patch), 'a non-object target must be merged into {}');
    }
    const base: PlainObject = isPlainObject(target) ? target : {};
    const expectedKeys = new Set<string>();
    for (const key of Object.keys(base)) if (!(names(patch, key) && patch[key] === null)) expectedKeys.add(key);
    for (const key of Object.keys(patch)) if (names(patch, key) && patch[key] !== null) expectedKeys.add(key);
    assertEqual(Object.keys(result).sort(), [...expectedKeys].sort(), 'the result keys');
    for (const key of Object.keys(patch)) {
      const value = patch[key];
      if (value === undefined || value === null) continue;
      const old = hasOwn(base, key) ? base[key] : undefined;
      const expected = isPlainObject(value) ? merge(old, value) : value;
      assertEqual(result[key], expected, `the value at ${JSON.stringify(key)}`);
    }
  };
}

/** delete: a key whose patch value is null is removed, at any depth. */
export function deleteLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    if (!isPlainObject(patch)) return;
    const result = merge(target, patch);
    forEachObjectEntry(patch, (pathOf, _parent, key, value) => {
      if (value !== null) return;
      const path = pathOf();
      const holder = valueAt(result, path.slice(0, -1), true);
      assert(isPlainObject(holder), `the object holding the deleted key ${JSON.stringify(path)} is missing`);
      assert(!hasOwn(holder, key), `the key at ${JSON.stringify(path)} was set to null but survived`);
    });
  };
}

/** absent: a key whose patch value is undefined is ignored. */
export function absentLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    if (!isPlainObject(patch)) return;
    const result = merge(target, patch);
    assertEqual(result, merge(target, withoutUndefined(patch)), 'undefined values changed the result');
    forEachObjectEntry(patch, (pathOf, _parent, _key, value) => {
      if (value !== undefined) return;
      const path = pathOf();
      const before = valueAt(target, path, true);
      if (before === missing) return;
      assert(valueAt(result, path, true) === before, `the target value at ${JSON.stringify(path)} was touched`);
    });
  };
}

/** Is `path` named by the patch (walking through its objects)? */
function patchNames(patch: unknown, path: Path): boolean {
  let node = patch;
  for (const segment of path) {
    if (!isPlainObject(node) || !names(node, segment as string)) return false;
    node = node[segment as string];
  }
  return true;
}

/**
 * no stray nulls: no null from the patch appears in an object position of the result. Every
 * null in an object position of the result is one the target already had at that path and
 * the patch did not name. (Nulls inside arrays are values, kept as they are.)
 */
export function noStrayNullsLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    if (!isPlainObject(patch)) return;
    const result = merge(target, patch);
    forEachObjectEntry(result, (pathOf, _parent, _key, value) => {
      if (value !== null) return;
      const path = pathOf();
      assert(valueAt(target, path, true) === null, `a null at ${JSON.stringify(path)} did not come from the target`);
      assert(!patchNames(patch, path), `the patch's null at ${JSON.stringify(path)} reached the result`);
    });
  };
}

/** frame: a target key the patch does not name keeps its value, the same reference, at any depth. */
export function frameLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    if (!isPlainObject(patch) || !isPlainObject(target)) return;
    const result = merge(target, patch);
    const pending: Array<[PlainObject, PlainObject, unknown, Step | undefined]> = [[target, patch, result, undefined]];
    while (pending.length > 0) {
      const [t, p, r, step] = pending.pop()!;
      assert(isPlainObject(r), `the result at ${JSON.stringify(stepsToPath(step))} is not an object`);
      for (const key of Object.keys(t)) {
        if (names(p, key)) continue;
        const where = () => JSON.stringify([...stepsToPath(step), key]);
        assert(hasOwn(r, key) && r[key] === t[key], `the unnamed key ${where()} changed`);
      }
      for (const key of Object.keys(p)) {
        const value = p[key];
        const old = hasOwn(t, key) ? t[key] : undefined;
        if (isPlainObject(value) && isPlainObject(old)) pending.push([old, value, r[key], { parent: step, segment: key }]);
      }
    }
  };
}

/** identity: merge(t, {}) returns t itself (t a plain object; any other target merges into a fresh {}). */
export function identityLaw(merge: Merge): (target: unknown) => void {
  return (target) => {
    const result = merge(target, {});
    if (isPlainObject(target)) assert(result === target, 'merge(t, {}) is not t itself');
    else assertEqual(result, {}, 'merge(non-object, {})');
  };
}

/** idempotence: merge(merge(t, p), p) deep-equals merge(t, p). */
export function idempotenceLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    const once = merge(target, patch);
    assertEqual(merge(once, patch), once, 'applying the patch twice differs from once');
  };
}

/**
 * sharing: every subtree of the result that is deep-equal to the target's subtree at the same
 * path is that same reference; a patch that changes nothing returns the target itself. Equality
 * is computed bottom-up in one pass, so deep values stay linear.
 */
export function sharingLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    const result = merge(target, patch);
    assertSharesEqualSubtrees(result, target);
  };
}

/** Asserts that every subtree of `result` JSON-equal to `source`'s at the same path is the same reference. */
export function assertSharesEqualSubtrees(result: unknown, source: unknown): void {
  interface Pair {
    r: unknown;
    s: unknown;
    step: Step | undefined;
    children: Pair[];
    equal: boolean;
  }
  const root: Pair = { r: result, s: source, step: undefined, children: [], equal: false };
  const order: Pair[] = [];
  const pending: Pair[] = [root];
  while (pending.length > 0) {
    const pair = pending.pop()!;
    order.push(pair);
    const { r, s } = pair;
    if (r === s || !isContainer(r) || !isContainer(s) || Array.isArray(r) !== Array.isArray(s)) continue;
    for (const key of Object.keys(r)) {
      if (!hasOwn(s, key)) continue;
      const child: Pair = {
        r: (r as PlainObject)[key],
        s: (s as PlainObject)[key],
        step: { parent: pair.step, segment: key },
        children: [],
        equal: false,
      };
      pair.children.push(child);
      pending.push(child);
    }
  }
  // children come after their parent in `order`: walk it backwards to decide equality bottom-up
  for (let i = order.length - 1; i >= 0; i--) {
    const pair = order[i]!;
    const { r, s } = pair;
    if (r === s) pair.equal = true;
    else if (!isContainer(r) || !isContainer(s) || Array.isArray(r) !== Array.isArray(s)) pair.equal = jsonEquals(r, s);
    else {
      const rKeys = Object.keys(r);
      pair.equal =
        rKeys.length === Object.keys(s).length &&
        pair.children.length === rKeys.length &&
        pair.children.every((child) => child.equal);
    }
    if (pair.equal && r !== s && isContainer(r)) {
      throw new Error(`the subtree at ${JSON.stringify(stepsToPath(pair.step))} equals the target's but is a copy`);
    }
  }
}

/** no aliasing: the result shares no object or array with the patch. */
export function noAliasingLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    const result = merge(target, patch);
    const fromPatch = reachableObjects(patch);
    for (const object of reachableObjects(result)) {
      assert(!fromPatch.has(object), 'the result shares an object or array with the patch');
    }
  };
}

/** purity: neither argument is mutated; deep-frozen arguments work and give the same result. */
export function purityLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    const strict = { ordered: true, sameValue: true, prototypes: true } as const;
    const targetBefore = snapshot(target);
    const patchBefore = snapshot(patch);
    const result = merge(target, patch);
    assertEqual(target, targetBefore, 'the target was mutated', strict);
    assertEqual(patch, patchBefore, 'the patch was mutated', strict);
    const frozenTarget = deepFreeze(snapshot(target));
    const frozenPatch = deepFreeze(snapshot(patch));
    assertEqual(merge(frozenTarget, frozenPatch), result, 'frozen arguments gave another result', { ordered: true });
    assertEqual(frozenTarget, targetBefore, 'the frozen target changed', strict);
    assertEqual(frozenPatch, patchBefore, 'the frozen patch changed', strict);
  };
}

/**
 * order: surviving target keys keep their order; new keys follow in patch order; the engine puts
 * integer-like keys first regardless (the expected order is passed through the engine for that).
 */
export function orderLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    if (!isPlainObject(patch)) return;
    const result = merge(target, patch);
    const pending: Array<[unknown, PlainObject, unknown, Step | undefined]> = [[target, patch, result, undefined]];
    while (pending.length > 0) {
      const [t, p, r, step] = pending.pop()!;
      const path = () => JSON.stringify(stepsToPath(step));
      const base: PlainObject = isPlainObject(t) ? t : {};
      const surviving = Object.keys(base).filter((key) => !(names(p, key) && p[key] === null));
      const added = Object.keys(p).filter((key) => names(p, key) && p[key] !== null && !hasOwn(base, key));
      assert(isPlainObject(r), `the result at ${path()} is not an object`);
      assertEqual(Object.keys(r), engineKeyOrder([...surviving, ...added]), `key order at ${path()}`, {
        ordered: true,
      });
      for (const key of Object.keys(p)) {
        const value = p[key];
        if (isPlainObject(value)) {
          pending.push([hasOwn(base, key) ? base[key] : undefined, value, r[key], { parent: step, segment: key }]);
        }
      }
    }
  };
}

/** reference: agrees with the literal transcription of the RFC 7396 pseudo-code (JSON patches). */
export function referenceLaw(merge: Merge): MergeLawCheck {
  return (target, patch) => {
    assertEqual(merge(target, patch), rfc7396MergePatch(target, patch), 'differs from RFC 7396', { ordered: true });
  };
}

/** Every law of reducer 1 at once, for inputs where running them all is cheaper than generating. */
export function allMergeLaws(merge: Merge): MergeLawCheck {
  const checks = [
    replaceLaw,
    mergeLaw,
    deleteLaw,
    absentLaw,
    noStrayNullsLaw,
    frameLaw,
    idempotenceLaw,
    sharingLaw,
    noAliasingLaw,
    purityLaw,
    orderLaw,
  ].map((law) => law(merge));
  const identity = identityLaw(merge);
  return (target, patch) => {
    for (const check of checks) check(target, patch);
    identity(target);
  };
}
