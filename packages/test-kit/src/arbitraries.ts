// Reusable fast-check arbitraries that reach the corners of JSON metadata, and the helpers that
// prove inputs untouched (deep freeze, structural snapshot).
import fc from 'fast-check';
import { defineOwn, hasOwn, isPlainObject, objectFrom, type PlainObject } from './json.js';

/** Keys that break naive code: prototype names, the empty key, integer-like keys, unicode. */
export const trickyKeys: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  '0',
  '1',
  '42',
  '-1',
  '01',
  '4294967295', // one past the largest array index: ordered as a string key
  '😀',
  '𝒳',
  'e\u0301',
  'a',
  'b',
  'c',
  'theme',
  'a b',
];

/** Object keys: mostly from the tricky pool (so target and patch keys collide), sometimes arbitrary. */
export const keyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...trickyKeys) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) },
);

/** Strings including astral characters, combining marks, escapes and lone surrogates. */
export const stringArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom('', '\uD800', '\uDFFF', 'a\uD83D', '\uDE00b', 'e\u0301', '😀', '"\\\n\u2028', 'Zürich'),
);

/** Finite numbers, -0 included. */
export const numberArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 5e-324, Number.MAX_SAFE_INTEGER, -1.5),
);

export const jsonPrimitiveArb: fc.Arbitrary<null | boolean | number | string> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numberArb,
  stringArb,
);

/** Rarely a null-prototype object: JSON allows them as plain objects. */
const nullPrototypeArb = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);

/** A plain object with keys from keyArb, written with defineProperty so `__proto__` is an own key. */
export function objectOf<T>(value: fc.Arbitrary<T>, maxKeys = 4): fc.Arbitrary<PlainObject> {
  return fc
    .tuple(fc.array(fc.tuple(keyArb, value), { maxLength: maxKeys }), nullPrototypeArb)
    .map(([entries, nullPrototype]) => objectFrom(entries, nullPrototype));
}

/** Parses JSON text: the way `__proto__` becomes an own key in real requests. */
export function viaJsonParse<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return arbitrary.map((value) => JSON.parse(JSON.stringify(value)) as T);
}

type JsonTie = { value: unknown; array: unknown[]; object: PlainObject };
const jsonTree = fc.letrec<JsonTie>((tie) => ({
  value: fc.oneof({ maxDepth: 4, depthSize: 'small' }, jsonPrimitiveArb, tie('array'), tie('object')),
  // nulls inside arrays, empty arrays and empty objects come up often
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: objectOf(tie('value')),
}));

/** Any JSON value: built directly (keeps -0, null prototypes) or through JSON.parse. */
export const jsonValueArb: fc.Arbitrary<unknown> = fc.oneof(jsonTree.value, viaJsonParse(jsonTree.value));
/** A JSON object. */
export const jsonObjectArb: fc.Arbitrary<PlainObject> = fc.oneof(jsonTree.object, viaJsonParse(jsonTree.object));
/** A JSON array. */
export const jsonArrayArb: fc.Arbitrary<unknown[]> = jsonTree.array;

class Point {
  constructor(
    public x = 1,
    public y = 2,
  ) {}
}

/** Targets that are not plain objects: primitives, arrays, null, undefined, and non-plain objects. */
export const nonObjectTargetArb: fc.Arbitrary<unknown> = fc.oneof(
  jsonPrimitiveArb,
  jsonArrayArb,
  fc.constant(undefined),
  fc.constant(null).map(() => new Date(0)),
  fc.constant(null).map(() => new Map([['a', 1]])),
  fc.constant(null).map(() => new Point()),
);

/** Any target: mostly JSON objects (where merging happens), sometimes anything else. */
export const targetArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: jsonObjectArb },
  { weight: 1, arbitrary: nonObjectTargetArb },
);

type PatchTie = { value: unknown; object: PlainObject };
function patchTree(withUndefined: boolean) {
  return fc.letrec<PatchTie>((tie) => ({
    value: fc.oneof(
      { maxDepth: 4, depthSize: 'small' },
      ...(withUndefined ? [fc.constant(null), fc.constant(undefined)] : [fc.constant(null)]),
      jsonPrimitiveArb,
      jsonArrayArb,
      tie('object'),
    ),
    object: objectOf(tie('value')),
  }));
}
const patchWithUndefined = patchTree(true);
const patchJsonOnly = patchTree(false);

/** An object merge patch: null deletes, undefined is absent, nested objects merge, the rest replaces. */
export const objectPatchArb: fc.Arbitrary<PlainObject> = fc.oneof(
  patchWithUndefined.object,
  viaJsonParse(patchJsonOnly.object),
);
/** Any merge patch, mostly objects, also primitives, arrays and null (which replace). */
export const patchArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: objectPatchArb },
  { weight: 1, arbitrary: jsonPrimitiveArb },
  { weight: 1, arbitrary: jsonArrayArb },
);
/** A merge patch that is JSON (no undefined): what RFC 7396 itself talks about. */
export const jsonPatchArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: patchJsonOnly.object },
  { weight: 1, arbitrary: viaJsonParse(patchJsonOnly.object) },
  { weight: 1, arbitrary: jsonPrimitiveArb },
  { weight: 1, arbitrary: jsonArrayArb },
);

/**
 * A patch aimed at `target`: it names target keys (to delete with null, skip with undefined,
 * merge into, overwrite with an equal copy or with something new) and adds new keys.
 */
export function patchFor(target: unknown, depth = 0, withUndefined = true): fc.Arbitrary<unknown> {
  const fresh = withUndefined ? patchWithUndefined.value : patchJsonOnly.value;
  if (!isPlainObject(target) || depth > 4) return fresh;
  const keys = Object.keys(target);
  const choices = (key: string): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.constant(null),
      ...(withUndefined ? [fc.constant(undefined)] : []),
      patchFor(target[key], depth + 1, withUndefined),
      fc.constant(null).map(() => snapshot(target[key])), // an equal value, not the same reference
      variantOf(target[key]), // equal in part: what sharing must keep
      fresh,
    );
  return fc
    .tuple(
      fc.subarray(keys).chain((named) => fc.tuple(...named.map((key) => fc.tuple(fc.constant(key), choices(key))))),
      fc.array(fc.tuple(keyArb, fresh), { maxLength: 2 }),
    )
    .map(([named, added]) => objectFrom([...named, ...added]));
}

/**
 * A copy of `value` changed in one place (an array element replaced, added or dropped; an object
 * key set), so that most of it stays equal to the original: the case where sharing matters.
 */
export function variantOf(value: unknown): fc.Arbitrary<unknown> {
  return fc.tuple(fc.nat(), fc.constantFrom('set', 'push', 'pop'), keyArb, jsonPrimitiveArb).map(([at, how, key, replacement]) => {
    const copy = snapshot(value);
    if (Array.isArray(copy)) {
      if (how === 'push' || copy.length === 0) copy.push(replacement);
      else if (how === 'pop') copy.pop();
      else copy[at % copy.length] = replacement;
    } else if (isPlainObject(copy)) {
      defineOwn(copy, key, replacement);
    }
    return copy;
  });
}

/** [target, patch] pairs: independent ones, and patches aimed at their target. */
export const targetAndPatchArb: fc.Arbitrary<[unknown, unknown]> = fc.oneof(
  fc.tuple(targetArb, patchArb),
  jsonObjectArb.chain((target) => fc.tuple(fc.constant(target), patchFor(target))),
);
/** [target, patch] pairs where the patch is JSON (for RFC 7396 itself). */
export const targetAndJsonPatchArb: fc.Arbitrary<[unknown, unknown]> = fc.oneof(
  fc.tuple(targetArb, jsonPatchArb),
  jsonObjectArb.chain((target) => fc.tuple(fc.constant(target), patchFor(target, 0, false))),
);

/** Builds a chain of `levels` nested objects linked by `keys` (cycled), ending in `leaf`; iterative. */
export function chain(keys: readonly string[], levels: number, leaf: PlainObject): PlainObject {
  let node: PlainObject = leaf;
  for (let level = levels - 1; level >= 1; level--) {
    node = objectFrom([[keys[(level - 1) % keys.length]!, node]]);
  }
  return node;
}

/** The nesting depth of a value: 0 for a primitive, 1 for a flat container; iterative. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const key of Object.keys(item)) pending.push([(item as PlainObject)[key], depth + 1]);
  }
  return deepest;
}

/** Deep target and patch chains (300 to 3000 levels) around the reducers' depth limit of 1000. */
export const deepPairArb: fc.Arbitrary<[PlainObject, PlainObject]> = fc
  .record({
    keys: fc.array(keyArb, { minLength: 1, maxLength: 3 }),
    targetLevels: fc.integer({ min: 300, max: 3000 }),
    patchLevels: fc.oneof(fc.integer({ min: 300, max: 3000 }), fc.integer({ min: 990, max: 1010 })),
    targetLeaf: jsonTree.object,
    patchLeaf: patchWithUndefined.object,
  })
  .map(({ keys, targetLevels, patchLevels, targetLeaf, patchLeaf }) => [
    chain(keys, targetLevels, targetLeaf),
    chain(keys, patchLevels, patchLeaf),
  ]);

/** Freezes a value and everything reachable from it; iterative, cycle-safe. */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    Object.freeze(item);
    for (const key of Object.keys(item)) pending.push((item as PlainObject)[key]);
  }
  return value;
}

/**
 * A structural copy to compare against later: plain objects (same prototype, own keys incl.
 * `__proto__`, same order) and arrays (holes kept) are copied; any other object is kept by
 * reference. Iterative and cycle-preserving, so it works at any depth and on cyclic input.
 */
export function snapshot<T>(value: T): T {
  const copies = new Map<object, object>();
  const copyOf = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object') return item;
    if (!Array.isArray(item) && !isPlainObject(item)) return item;
    const existing = copies.get(item);
    if (existing !== undefined) return existing;
    const copy: object = Array.isArray(item)
      ? new Array<unknown>(item.length)
      : Object.getPrototypeOf(item) === null
        ? Object.create(null)
        : {};
    copies.set(item, copy);
    pending.push([item, copy]);
    return copy;
  };
  const pending: Array<[object, object]> = [];
  const root = copyOf(value);
  while (pending.length > 0) {
    const [source, copy] = pending.pop()!;
    for (const key of Object.keys(source)) {
      if (Array.isArray(source) && !hasOwn(source, key)) continue;
      defineOwn(copy, key, copyOf((source as PlainObject)[key]));
    }
  }
  return root as T;
}
