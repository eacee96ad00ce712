import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepMergeWithNullDeletion } from '../deepMergeWithNullDeletion.js';
import { updateMetadata } from '../metadataOperations.js';
import {
  chain,
  deepFreeze,
  deepPairArb,
  jsonArrayArb,
  jsonObjectArb,
  jsonPrimitiveArb,
  nestingDepth,
  objectPatchArb,
  patchFor,
  snapshot,
  targetAndJsonPatchArb,
  targetAndPatchArb,
  targetArb,
  trickyKeys,
} from '@metadata-semantics/test-kit/arbitraries';
import { catchMetadataError, expectMetadataError } from '@metadata-semantics/test-kit/errors';
import {
  assertEqual,
  hasOwn,
  isPlainObject,
  missing,
  objectFrom,
  reachableObjects,
  valueAt,
  withoutUndefined,
  type PlainObject,
} from '@metadata-semantics/test-kit/json';
import {
  absentLaw,
  allMergeLaws,
  deleteLaw,
  frameLaw,
  idempotenceLaw,
  identityLaw,
  mergeLaw,
  noAliasingLaw,
  noStrayNullsLaw,
  orderLaw,
  purityLaw,
  referenceLaw,
  replaceLaw,
  sharingLaw,
  type Merge,
} from '@metadata-semantics/test-kit/mergeLaws';
import { cappedRuns, propertyTimeout } from '@metadata-semantics/test-kit/numRuns';
import { rfc7396MergePatch } from '@metadata-semantics/test-kit/rfc7396';

const merge = deepMergeWithNullDeletion as Merge;
const REDUCER_DEPTH_LIMIT = 1000; // documented: nesting deeper than 1000 levels throws too_deep

// The same laws hold for one field of an update (PATCH), whose values are object patches over
// object-or-absent fields; the limits are lifted to the reducer's own so only the merge is observed.
const mergeViaUpdate: Merge = (target, patch) =>
  updateMetadata({ publicMetadata: target }, { publicMetadata: patch as object }, { maxFieldBytes: Infinity, maxDepth: 1000 })
    .publicMetadata;
const objectTargetAndPatchArb: fc.Arbitrary<[unknown, unknown]> = fc.oneof(
  fc.tuple(fc.oneof(jsonObjectArb, fc.constant(undefined)), objectPatchArb),
  jsonObjectArb.chain((target) => fc.tuple(fc.constant(target), patchFor(target).filter(isPlainObject))),
);

const subjects = [
  { name: 'deepMergeWithNullDeletion', merge, pairs: targetAndPatchArb, jsonPairs: targetAndJsonPatchArb, anyPatch: true },
  {
    name: 'updateMetadata, one field',
    merge: mergeViaUpdate,
    pairs: objectTargetAndPatchArb,
    jsonPairs: targetAndJsonPatchArb.filter(([target, patch]) => isPlainObject(patch) && (target === undefined || isPlainObject(target))),
    anyPatch: false,
  },
];

describe.each(subjects)('laws of reducer 1: $name', ({ merge, pairs, jsonPairs, anyPatch }) => {
  const holds = (law: (m: Merge) => (t: unknown, p: unknown) => void) => () => {
    // Arrange: generated [target, patch]; Act + Assert: inside the law check
    fc.assert(fc.property(pairs, ([target, patch]) => law(merge)(target, patch)));
  };

  // an update field only takes object patches, so the replace law is for the reducer alone
  if (anyPatch) {
    it('replace: a patch that is not a plain object is the result', () => {
      fc.assert(fc.property(targetArb, fc.oneof(jsonPrimitiveArb, jsonArrayArb), (target, patch) => {
        replaceLaw(merge)(target, patch);
      }));
    }, propertyTimeout);
  }
  it('merge: an object patch merges into a plain-object target, otherwise into {}', holds(mergeLaw), propertyTimeout);
  it('delete: a key whose patch value is null is removed, at any depth', holds(deleteLaw), propertyTimeout);
  it('absent: a key whose patch value is undefined is ignored', holds(absentLaw), propertyTimeout);
  it('no stray nulls: no null from the patch appears in an object position', holds(noStrayNullsLaw), propertyTimeout);
  it('frame: a target key the patch does not name keeps its value, the same reference', holds(frameLaw), propertyTimeout);
  it('identity: merge(t, {}) returns t itself', () => {
    fc.assert(fc.property(anyPatch ? targetArb : jsonObjectArb, (target) => identityLaw(merge)(target)));
  }, propertyTimeout);
  it('idempotence: merge(merge(t, p), p) deep-equals merge(t, p)', holds(idempotenceLaw), propertyTimeout);
  it('sharing: subtrees equal to the target are its references; a no-op returns the target', holds(sharingLaw), propertyTimeout);
  it('no aliasing: the result shares no object or array with the patch', holds(noAliasingLaw), propertyTimeout);
  it('purity: neither argument is mutated; deep-frozen arguments work', holds(purityLaw), propertyTimeout);
  it('order: surviving keys keep their order, new keys follow in patch order', holds(orderLaw), propertyTimeout);
  it('reference: agrees with the RFC 7396 pseudo-code on JSON patches', () => {
    fc.assert(fc.property(jsonPairs, ([target, patch]) => referenceLaw(merge)(target, patch)));
  }, propertyTimeout);

  it('every law holds on chains 300 to 3000 levels deep; past 1000 levels the patch is too_deep', () => {
    // Capped: one run builds and walks chains of thousands of objects several times over.
    fc.assert(
      fc.property(deepPairArb, ([target, patch]) => {
        // Arrange
        const patchDepth = nestingDepth(patch);
        if (patchDepth <= REDUCER_DEPTH_LIMIT) {
          // Act + Assert
          allMergeLaws(merge)(target, patch);
          referenceLaw(merge)(target, withoutUndefined(patch)); // RFC 7396 has no undefined
        } else {
          const targetBefore = snapshot(target);
          const error = catchMetadataError(() => merge(target, patch));
          expect(error.code).toBe('too_deep');
          expect(error.path.length).toBe(REDUCER_DEPTH_LIMIT + (anyPatch ? 0 : 1));
          assertEqual(target, targetBefore, 'the target changed', { ordered: true });
        }
      }),
      { numRuns: cappedRuns(anyPatch ? 40 : 10) },
    );
  }, propertyTimeout);
});

describe('RFC 7396 Appendix A', () => {
  // Every row of the RFC's example table: original, patch, result.
  const rows: Array<[string, string, string]> = [
    ['{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
    ['{"a":"b"}', '{"a":null}', '{}'],
    ['{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
    ['{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
    ['{"a":{"b":"c"}}', '{"a":{"b":"d","c":null}}', '{"a":{"b":"d"}}'],
    ['{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
    ['["a","b"]', '["c","d"]', '["c","d"]'],
    ['{"a":"b"}', '["c"]', '["c"]'],
    ['{"a":"foo"}', 'null', 'null'],
    ['{"a":"foo"}', '"bar"', '"bar"'],
    ['{"e":null}', '{"a":1}', '{"e":null,"a":1}'],
    ['[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
    ['{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
  ];

  it.each(rows)('%s merged with %s is %s', (original, patch, expected) => {
    // Arrange
    const target: unknown = JSON.parse(original);
    const patchValue: unknown = JSON.parse(patch);
    // Act
    const result = deepMergeWithNullDeletion(target, patchValue);
    // Assert: the same JSON text (so key order too), and the pseudo-code agrees
    expect(JSON.stringify(result)).toBe(expected);
    expect(JSON.stringify(rfc7396MergePatch(JSON.parse(original), patchValue))).toBe(expected);
  });
});

describe('examples of the laws', () => {
  it('deletes with null and adds new keys after the surviving ones', () => {
    // Arrange
    const stored = { prefs: { theme: 'dark', lang: 'en' }, plan: 'pro' };
    // Act
    const result = merge(stored, { prefs: { theme: null }, seats: 3 });
    // Assert
    expect(JSON.stringify(result)).toBe('{"prefs":{"lang":"en"},"plan":"pro","seats":3}');
  });

  it('orders integer-like keys first, as the engine does, and keeps "01" and "-1" as string keys', () => {
    // Arrange
    const target = JSON.parse('{"b":1,"01":2,"7":3}') as PlainObject;
    // Act
    const result = deepMergeWithNullDeletion(target, JSON.parse('{"-1":4,"2":5,"a":6}') as PlainObject);
    // Assert
    expect(Object.keys(result)).toEqual(['2', '7', 'b', '01', '-1', 'a']);
  });

  it('keeps untouched subtrees and returns the target itself when nothing changes', () => {
    // Arrange
    const target = { a: { deep: [1, { x: 1 }] }, b: { c: 1 }, d: [1, 2] };
    // Act
    const changed = deepMergeWithNullDeletion(target, { b: { c: 2 } });
    const unchanged = merge(target, { a: { deep: [1, { x: 1 }] }, d: [1, 2], gone: null });
    // Assert
    expect(changed.a).toBe(target.a);
    expect(changed.d).toBe(target.d);
    expect(unchanged).toBe(target);
  });

  it('shares equal elements of a replaced array with the target (sharing reaches inside replaced values)', () => {
    // Arrange
    const target = { list: [{ a: 1 }, 2, [3]], other: { n: 1 } };
    // Act
    const result = merge(target, { list: [{ a: 1 }, 5, [3], 6] }) as typeof target;
    // Assert
    expect(result.list).not.toBe(target.list);
    expect(result.list[0]).toBe(target.list[0]);
    expect(result.list[2]).toBe(target.list[2]);
    expect(result.other).toBe(target.other);
  });

  it('keeps nulls inside arrays and objects inside arrays as values', () => {
    // Act
    const result = deepMergeWithNullDeletion<unknown>({ a: 1 }, { list: [null, { n: null }] });
    // Assert
    expect(result).toEqual({ a: 1, list: [null, { n: null }] });
  });
});

describe('prototype pollution', () => {
  const prototypeKeys = ['__proto__', 'constructor', 'prototype'];
  const describeObjectPrototype = () =>
    Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]);

  const pollutingPatchArb = fc
    .tuple(fc.constantFrom(...prototypeKeys), fc.constantFrom(...prototypeKeys), targetAndPatchArb)
    .map(([outer, inner, [, patch]]) => {
      // JSON.parse makes `__proto__` an own key, as a request body would
      const text = `{"${outer}":{"polluted":true,"${inner}":{"polluted":true}},"x":${JSON.stringify(patch) ?? 'null'}}`;
      return JSON.parse(text) as PlainObject;
    });

  it('never reaches a prototype: Object.prototype unchanged, results plain, __proto__ an own key that survives JSON', () => {
    const objectPrototypeBefore = describeObjectPrototype();
    fc.assert(
      fc.property(fc.oneof(targetArb, jsonObjectArb), pollutingPatchArb, (target, patch) => {
        // Act
        const result = deepMergeWithNullDeletion<unknown>(target, patch);
        // Assert
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
        expect(describeObjectPrototype()).toEqual(objectPrototypeBefore);
        for (const object of reachableObjects(result)) {
          if (Array.isArray(object)) continue;
          const prototype: unknown = Object.getPrototypeOf(object);
          expect(prototype === Object.prototype || prototype === null).toBe(true);
        }
        for (const key of Object.keys(patch)) {
          if (patch[key] === null) continue;
          const descriptor = Object.getOwnPropertyDescriptor(result, key);
          expect(descriptor?.enumerable).toBe(true);
          expect(hasOwn(JSON.parse(JSON.stringify(result)) as object, key)).toBe(true);
        }
        assertEqual(JSON.parse(JSON.stringify(result)), result, 'the JSON round trip');
      }),
    );
  }, propertyTimeout);

  it('stores {"__proto__": …} as data, also when merging into an existing __proto__ key', () => {
    // Arrange
    const target = JSON.parse('{"__proto__":{"a":1,"b":2}}') as PlainObject;
    const patch = JSON.parse('{"__proto__":{"b":null,"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as PlainObject;
    // Act
    const result = deepMergeWithNullDeletion(target, patch);
    // Assert
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(JSON.stringify(result)).toBe('{"__proto__":{"a":1,"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype.constructor).toBe(Object);
  });

  it('deletes a __proto__ key with null and leaves the prototype alone', () => {
    // Arrange
    const target = JSON.parse('{"__proto__":{"a":1},"keep":1}') as PlainObject;
    // Act
    const result = deepMergeWithNullDeletion(target, JSON.parse('{"__proto__":null}') as PlainObject);
    // Assert
    expect(hasOwn(result, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result).toEqual({ keep: 1 });
  });
});

describe('deep input', () => {
  const levels = (n: number, leaf: PlainObject) => chain(['a'], n, leaf);

  it('merges target and patch nested exactly 1000 levels', () => {
    // Arrange
    const target = levels(REDUCER_DEPTH_LIMIT, { x: 1, y: 2 });
    const patch = levels(REDUCER_DEPTH_LIMIT, { y: null, z: 3 });
    const targetBefore = snapshot(target);
    // Act
    const result = deepMergeWithNullDeletion(target, patch);
    // Assert
    const bottom = valueAt(result, new Array(REDUCER_DEPTH_LIMIT - 1).fill('a'));
    expect(bottom).toEqual({ x: 1, z: 3 });
    expect(nestingDepth(result)).toBe(REDUCER_DEPTH_LIMIT);
    assertEqual(target, targetBefore, 'the target changed', { ordered: true });
  });

  it('rejects a patch nested 1001 levels with too_deep at the 1001st object', () => {
    // Arrange
    const patch = levels(REDUCER_DEPTH_LIMIT + 1, { z: 3 });
    // Act + Assert
    expectMetadataError(() => deepMergeWithNullDeletion({}, patch), 'too_deep', new Array(REDUCER_DEPTH_LIMIT).fill('a'));
  });

  it('gives a typed too_deep error, never a RangeError, for target and patch 100,000 levels deep, and mutates nothing', () => {
    // Arrange
    const target = levels(100_000, { x: 1 });
    const patch = levels(100_000, { y: 2 });
    const targetBefore = snapshot(target);
    const patchBefore = snapshot(patch);
    // Act
    const error = catchMetadataError(() => deepMergeWithNullDeletion(target, patch));
    // Assert
    expect(error.code).toBe('too_deep');
    expect(error.path).toEqual(new Array(REDUCER_DEPTH_LIMIT).fill('a'));
    assertEqual(target, targetBefore, 'the target changed', { ordered: true });
    assertEqual(patch, patchBefore, 'the patch changed', { ordered: true });
  });

  it('merges a shallow patch into a target 100,000 levels deep, sharing the deep subtree', () => {
    // Arrange
    const target = objectFrom([['deep', levels(100_000, { x: 1 })], ['n', 1]]);
    // Act
    const result = deepMergeWithNullDeletion(target, { n: null, m: 2 });
    // Assert
    expect(result.deep).toBe(target.deep);
    expect(Object.keys(result)).toEqual(['deep', 'm']);
  });

  it('rejects a cyclic patch with too_deep along the cycle (a cycle is infinitely deep)', () => {
    // Arrange
    const cyclic: PlainObject = { a: 1 };
    cyclic.self = cyclic;
    const inArray: PlainObject = {};
    inArray.list = [inArray];
    // Act
    const objectError = catchMetadataError(() => deepMergeWithNullDeletion({}, { x: cyclic }));
    const arrayError = catchMetadataError(() => deepMergeWithNullDeletion({}, { x: inArray }));
    // Assert
    expect(objectError.code).toBe('too_deep');
    expect(objectError.path).toEqual(['x', ...new Array(REDUCER_DEPTH_LIMIT - 1).fill('self')]);
    expect(arrayError.code).toBe('too_deep');
    expect(arrayError.path.length).toBe(REDUCER_DEPTH_LIMIT);
    expect(valueAt({ x: inArray }, [...arrayError.path])).not.toBe(missing);
  });
});

describe('values JSON cannot hold', () => {
  class Account {
    id = 1;
  }
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const nonJson: Array<[string, () => unknown]> = [
    ['a function', () => () => 1],
    ['NaN', () => NaN],
    ['Infinity', () => Infinity],
    ['-Infinity', () => -Infinity],
    ['a Date', () => new Date(0)],
    ['a Map', () => new Map()],
    ['a Set', () => new Set()],
    ['a class instance', () => new Account()],
    ['a boxed number', () => new Number(1)],
    ['an object with a custom prototype', () => Object.create({ inherited: 1 }) as object],
    ['a bigint', () => 1n],
    ['a symbol', () => Symbol('s')],
  ];

  const expectRejectedUnchanged = (target: unknown, patch: unknown, path: Array<string | number>) => {
    const targetBefore = snapshot(target);
    const patchBefore = snapshot(patch);
    expectMetadataError(() => deepMergeWithNullDeletion(target, patch), 'invalid_json_value', path);
    const strict = { ordered: true, sameValue: true, prototypes: true } as const;
    assertEqual(target, targetBefore, 'the target changed', strict);
    assertEqual(patch, patchBefore, 'the patch changed', strict);
  };

  it.each(nonJson)('rejects %s with its exact path, and changes nothing', (_name, make) => {
    // Arrange + Act + Assert: as the patch, in an object, deep in an object, inside an array
    const target = { x: { y: 1, keep: [1] } };
    expectRejectedUnchanged(target, make(), []);
    expectRejectedUnchanged(target, { x: { y: make() } }, ['x', 'y']);
    expectRejectedUnchanged(target, { new: { deeper: { value: make() } } }, ['new', 'deeper', 'value']);
    expectRejectedUnchanged(target, { x: { keep: [1, make()] } }, ['x', 'keep', 1]);
    expectRejectedUnchanged(target, [{ ok: 1 }, { bad: make() }], [1, 'bad']);
  });

  it('rejects a sparse array hole and undefined inside an array with their index', () => {
    const target = { list: [1, 2, 3] };
    expectRejectedUnchanged(target, { list: sparse }, ['list', 1]);
    expectRejectedUnchanged(target, { list: [1, undefined] }, ['list', 1]);
    expectRejectedUnchanged(target, { a: { b: [[undefined]] } }, ['a', 'b', 0, 0]);
    expectRejectedUnchanged(target, [undefined], [0]);
  });

  it('rejects a non-JSON value deep-frozen and anywhere in a generated patch, changing nothing', () => {
    fc.assert(
      fc.property(
        jsonObjectArb,
        fc.array(fc.constantFrom(...trickyKeys), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...nonJson),
        (target, path, [, make]) => {
          // Arrange: the bad value at the end of a path of objects
          let patch: unknown = make();
          for (let i = path.length - 1; i >= 0; i--) patch = objectFrom([[path[i]!, patch]]);
          deepFreeze(target);
          // Act + Assert
          expectRejectedUnchanged(target, patch, path);
        },
      ),
    );
  }, propertyTimeout);

  it('rejects undefined as the whole patch', () => {
    expectRejectedUnchanged({ a: 1 }, undefined, []);
  });

  it('treats undefined as absent in objects, so only arrays reject it', () => {
    // Act
    const result = deepMergeWithNullDeletion<unknown>({ a: 1 }, { a: undefined, b: [{ c: undefined }] });
    // Assert
    expect(JSON.stringify(result)).toBe('{"a":1,"b":[{}]}');
  });
});
