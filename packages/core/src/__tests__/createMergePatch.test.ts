import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMergePatch } from '../createMergePatch.js';
import { deepMergeWithNullDeletion } from '../deepMergeWithNullDeletion.js';
import { MetadataError } from '../metadataError.js';
import { chain, deepFreeze, jsonObjectArb, jsonValueArb, nonObjectTargetArb, patchFor, snapshot, targetAndJsonPatchArb } from '@metadata-semantics/test-kit/arbitraries';
import { expectMetadataError } from '@metadata-semantics/test-kit/errors';
import {
  assert,
  assertEqual,
  forEachObjectEntry,
  hasOwn,
  isPlainObject,
  jsonEquals,
  reachableObjects,
  valueAt,
  type Path,
  type PlainObject,
} from '@metadata-semantics/test-kit/json';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';

const merge = (target: unknown, patch: unknown): unknown => deepMergeWithNullDeletion(target, patch);

/** The object-position nulls of `after` that `before` does not already hold at the same path. */
function newNullsInObjects(before: unknown, after: unknown): Path[] {
  const found: Path[] = [];
  forEachObjectEntry(after, (path, _parent, _key, value) => {
    if (value === null && valueAt(before, path(), true) !== null) found.push(path());
  });
  return found;
}

/** [before, after] pairs: unrelated values, and an `after` that is a merge of `before`. */
const beforeAfterArb: fc.Arbitrary<[unknown, unknown]> = fc.oneof(
  fc.tuple(fc.oneof(jsonValueArb, nonObjectTargetArb), jsonValueArb),
  fc.tuple(jsonObjectArb, jsonObjectArb),
  jsonObjectArb.chain((before) =>
    fc.tuple(fc.constant(before), patchFor(before, 0, false).map((patch) => merge(snapshot(before), patch))),
  ),
);

describe('createMergePatch', () => {
  it('inverse: merging the patch into before gives after, whenever after adds no null inside an object', () => {
    fc.assert(
      fc.property(beforeAfterArb, ([before, after]) => {
        fc.pre(newNullsInObjects(before, after).length === 0);
        // Act
        const patch = createMergePatch(before, after);
        // Assert
        assertEqual(merge(before, patch), after, 'merge(before, createMergePatch(before, after))');
      }),
    );
  }, propertyTimeout);

  it('a clear answer: a null that only a stored null could give throws unrepresentable_change at that null', () => {
    fc.assert(
      fc.property(beforeAfterArb, ([before, after]) => {
        // Arrange
        const offending = newNullsInObjects(before, after);
        // Act
        let outcome: unknown;
        try {
          outcome = createMergePatch(before, after);
        } catch (error) {
          outcome = error;
        }
        // Assert
        if (offending.length === 0) {
          assert(!(outcome instanceof Error), `a representable change threw ${outcome instanceof Error ? outcome.message : ''}`);
          return;
        }
        assert(outcome instanceof MetadataError, 'an unrepresentable change did not throw a MetadataError');
        expect(outcome.code).toBe('unrepresentable_change');
        expect(offending.map((path) => JSON.stringify(path))).toContain(JSON.stringify(outcome.path));
      }),
    );
  }, propertyTimeout);

  it('minimality: the patch names only keys whose value changes, with no empty nested patch', () => {
    fc.assert(
      fc.property(beforeAfterArb, ([before, after]) => {
        fc.pre(newNullsInObjects(before, after).length === 0);
        // Act
        const patch = createMergePatch(before, after);
        // Assert
        if (!isPlainObject(after)) {
          assertEqual(patch, after, 'a non-object after is the patch');
          return;
        }
        if (!isPlainObject(before)) return; // the whole object is the patch
        const pending: Array<[PlainObject, PlainObject, PlainObject]> = [[before, after, patch as PlainObject]];
        while (pending.length > 0) {
          const [from, to, p] = pending.pop()!;
          for (const key of Object.keys(p)) {
            const had = hasOwn(from, key) && from[key] !== undefined;
            const old = had ? from[key] : undefined;
            if (p[key] === null) {
              assert(had && !hasOwn(to, key), `the patch deletes ${JSON.stringify(key)} which after keeps`);
            } else if (isPlainObject(p[key]) && isPlainObject(old) && isPlainObject(to[key])) {
              assert(Object.keys(p[key]).length > 0, `an empty nested patch at ${JSON.stringify(key)}`);
              pending.push([old, to[key], p[key]]);
            } else {
              assert(!(had && jsonEquals(old, to[key])), `the patch names unchanged ${JSON.stringify(key)}`);
            }
          }
        }
      }),
    );
  }, propertyTimeout);

  it('minimality: createMergePatch(x, x) is {} for every object x, nulls included', () => {
    fc.assert(
      fc.property(jsonObjectArb, (x) => {
        expect(createMergePatch(x, snapshot(x))).toEqual({});
        expect(createMergePatch(x, x)).toEqual({});
      }),
    );
  }, propertyTimeout);

  it('no aliasing and purity: the patch shares nothing with before or after, and neither is mutated', () => {
    fc.assert(
      fc.property(beforeAfterArb, ([before, after]) => {
        fc.pre(newNullsInObjects(before, after).length === 0);
        // Arrange
        const strict = { ordered: true, sameValue: true, prototypes: true } as const;
        const beforeSnapshot = snapshot(before);
        const afterSnapshot = snapshot(after);
        // Act
        const patch = createMergePatch(deepFreeze(before), deepFreeze(after));
        // Assert
        const fromArguments = new Set([...reachableObjects(before), ...reachableObjects(after)]);
        for (const object of reachableObjects(patch)) assert(!fromArguments.has(object), 'the patch aliases an argument');
        assertEqual(before, beforeSnapshot, 'before changed', strict);
        assertEqual(after, afterSnapshot, 'after changed', strict);
      }),
    );
  }, propertyTimeout);

  it('round trip: createMergePatch(t, merge(t, p)) applied to t gives merge(t, p)', () => {
    fc.assert(
      fc.property(targetAndJsonPatchArb, ([target, patch]) => {
        // Arrange
        const merged = merge(target, patch);
        // Act
        const recreated = createMergePatch(target, merged);
        // Assert
        assertEqual(merge(target, recreated), merged, 'the recreated patch');
      }),
    );
  }, propertyTimeout);

  it('gives the documented example', () => {
    // Act
    const patch = createMergePatch({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2 }, e: [1] });
    // Assert
    expect(JSON.stringify(patch)).toBe('{"b":{"d":null},"e":[1]}');
  });

  it('rejects what no merge patch can express, with the path of the offending null', () => {
    expectMetadataError(() => createMergePatch({ a: 1 }, { a: null }), 'unrepresentable_change', ['a']);
    expectMetadataError(() => createMergePatch({ a: 1 }, { b: { c: null } }), 'unrepresentable_change', ['b', 'c']);
    expectMetadataError(() => createMergePatch(5, { a: { b: null } }), 'unrepresentable_change', ['a', 'b']);
    expectMetadataError(() => createMergePatch({ a: [1] }, { a: { x: { y: null } } }), 'unrepresentable_change', [
      'a',
      'x',
      'y',
    ]);
    // a null inside an array is a value, and a null already stored needs no patch
    expect(createMergePatch({ a: 1 }, { a: [null, { b: null }] })).toEqual({ a: [null, { b: null }] });
    expect(createMergePatch({ a: null, b: 1 }, { a: null, b: 2 })).toEqual({ b: 2 });
  });

  it('a null nested in a changed object is reported at its full path, and the message says why', () => {
    // Act
    const error = expectMetadataError(() => createMergePatch({ a: { b: 1 } }, { a: { b: 1, c: { d: null } } }), 'unrepresentable_change', [
      'a',
      'c',
      'd',
    ]);
    expectMetadataError(() => createMergePatch({ a: { b: 1 } }, { a: { b: null } }), 'unrepresentable_change', ['a', 'b']);

    // Assert
    expect(error.message).toBe(
      'No merge patch can store a null inside an object: a null in a merge patch deletes its key (unrepresentable_change at ["a","c","d"])',
    );
  });

  it('own keys only: "__proto__" is compared as a key, never with Object.prototype; keys holding undefined are absent', () => {
    // Arrange: JSON.parse makes "__proto__" an own key
    const after = JSON.parse('{"__proto__": {}, "constructor": {}}') as Record<string, unknown>;
    const before = { a: undefined, b: 1, c: { d: undefined } };

    // Act
    const added = createMergePatch({}, after);
    const unchanged = createMergePatch(before, { b: 1, c: {} });

    // Assert
    expect(JSON.stringify(added)).toBe('{"__proto__":{},"constructor":{}}');
    expect(Object.getPrototypeOf(added)).toBe(Object.prototype);
    expect(unchanged).toEqual({});
    expect(Object.keys(unchanged as object)).toEqual([]);
  });

  it('rejects an after that is not JSON with invalid_json_value and its path', () => {
    expectMetadataError(() => createMergePatch({}, { a: [1, NaN] }), 'invalid_json_value', ['a', 1]);
    expectMetadataError(() => createMergePatch({ a: { b: 1 } }, { a: { b: new Date(0) } }), 'invalid_json_value', ['a', 'b']);
    expectMetadataError(() => createMergePatch({}, () => 1), 'invalid_json_value', []);
  });

  it('handles after nested 1000 levels; deeper is too_deep, never a RangeError', () => {
    // Arrange
    const before = chain(['a'], 100_000, { x: 1 });
    const after = chain(['a'], 1000, { x: 2 });
    // Act
    const patch = createMergePatch(before, after);
    // Assert: the patch replaces the 1000th object's child chain with its deletion
    assertEqual(merge(before, patch), after, 'merge(before, patch)');
    expectMetadataError(() => createMergePatch({}, chain(['a'], 1001, {})), 'too_deep', new Array<string>(1000).fill('a'));
  });
});
