import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetadataError } from '../metadataError.js';
import { toJsonValue } from '../toJsonValue.js';
import { chain, jsonPrimitiveArb, keyArb, objectOf, snapshot } from '@metadata-semantics/test-kit/arbitraries';
import { expectMetadataError } from '@metadata-semantics/test-kit/errors';
import { assert, assertEqual, hasOwn, type PlainObject } from '@metadata-semantics/test-kit/json';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';

class Account {
  id = 7;
  name = 'x';
  method(): number {
    return 1;
  }
}

/** JavaScript values JSON.stringify has rules for: toJSON, boxes, holes, undefined, NaN, -0, functions, symbols, … */
const jsLeafArb: fc.Arbitrary<unknown> = fc.oneof(
  jsonPrimitiveArb,
  fc.constantFrom(undefined, NaN, Infinity, -Infinity, -0),
  fc.date({ noInvalidDate: false }),
  fc.constant(null).map(() => () => 1),
  fc.constant(null).map(() => Symbol('s')),
  fc.double().map((n) => new Number(n)),
  fc.string({ maxLength: 3 }).map((s) => new String(s)),
  fc.boolean().map((b) => new Boolean(b)),
  fc.constant(null).map(() => new Map([['a', 1]])),
  fc.constant(null).map(() => new Set([1])),
  fc.constant(null).map(() => new Account()),
  fc.constant(null).map(() => new Uint8Array([1, 2])),
);

type JsTie = { value: unknown; array: unknown[]; object: PlainObject; withToJson: unknown };
const jsTree = fc.letrec<JsTie>((tie) => ({
  value: fc.oneof({ maxDepth: 4, depthSize: 'small' }, jsLeafArb, tie('array'), tie('object'), tie('withToJson')),
  array: fc.oneof(fc.array(tie('value'), { maxLength: 4 }), fc.sparseArray(tie('value'), { maxLength: 5 })),
  object: objectOf(tie('value')),
  withToJson: fc.oneof(
    // toJSON may return anything, even another object with a toJSON; it receives the key
    tie('value').map((inner) => ({ ignored: 1, toJSON: () => inner })),
    fc.constant(null).map(() => ({ toJSON: (key: string) => `key:${key}` })),
  ),
}));

const jsValueArb = fc.oneof(
  jsTree.value,
  fc.anything({
    key: keyArb,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
);

describe('toJsonValue', () => {
  it('equals JSON.parse(JSON.stringify(x)) wherever JSON.stringify does not throw, and mutates nothing', () => {
    fc.assert(
      fc.property(jsValueArb, (value) => {
        // Arrange
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch {
          fc.pre(false);
        }
        const before = snapshot(value);
        // Act
        const normalised = toJsonValue(value);
        // Assert
        if (text === undefined) expect(normalised).toBeUndefined();
        else assertEqual(normalised, JSON.parse(text), 'toJsonValue', { ordered: true, sameValue: true, prototypes: true });
        assertEqual(value, before, 'the input changed', { ordered: true, sameValue: true, prototypes: true });
      }),
    );
  }, propertyTimeout);

  it('keeps __proto__, constructor and prototype keys as own properties', () => {
    // Arrange
    const value = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
    // Act
    const normalised = toJsonValue(value) as PlainObject;
    // Assert
    expect(hasOwn(normalised, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(normalised)).toBe(Object.prototype);
    expect(JSON.stringify(normalised)).toBe(JSON.stringify(value));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('throws invalid_json_value for a bigint, where JSON.stringify throws a TypeError', () => {
    // It is the platform's round trip, so the error is anchored at the value passed in.
    expectMetadataError(() => toJsonValue(1n), 'invalid_json_value', []);
    expectMetadataError(() => toJsonValue({ a: [1, 2n] }), 'invalid_json_value', []);
    expectMetadataError(() => toJsonValue({ a: { toJSON: () => ({ b: 3n }) } }), 'invalid_json_value', []);
  });

  it('throws invalid_json_value for any cycle, never a TypeError', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(keyArb, fc.constant(0)), { minLength: 1, maxLength: 4 }), (segments) => {
        // Arrange: a chain of containers along `segments` whose last link points back to the root
        const root: PlainObject = {};
        let node: PlainObject | unknown[] = root;
        segments.forEach((segment, i) => {
          const last = i === segments.length - 1;
          const child: PlainObject | unknown[] = last ? root : typeof segments[i + 1] === 'number' ? [] : {};
          if (Array.isArray(node)) node.push(child);
          else Object.defineProperty(node, String(segment), { value: child, enumerable: true, writable: true, configurable: true });
          node = child;
        });
        // Act
        let thrown: unknown;
        try {
          toJsonValue(root);
        } catch (error) {
          thrown = error;
        }
        // Assert
        assert(thrown instanceof MetadataError && thrown.code === 'invalid_json_value', 'a cycle did not throw invalid_json_value');
        assert(/circular/i.test(thrown.message), `the message does not say what is wrong: ${thrown.message}`);
      }),
    );
  }, propertyTimeout);

  it('normalises 1,000 levels of nesting, and answers deeper input with too_deep, never a RangeError', () => {
    // Arrange
    const deep = chain(['a'], 1_000, { at: new Date(0) as unknown as string, gone: undefined as unknown as string });
    const tooDeep = chain(['a'], 100_000, {});
    // Act
    const normalised = toJsonValue(deep);
    // Assert
    assertEqual(normalised, chain(['a'], 1_000, { at: '1970-01-01T00:00:00.000Z' }), 'the deep value', { ordered: true });
    expectMetadataError(() => toJsonValue(tooDeep), 'too_deep', []);
  });

  it('gives the documented example', () => {
    expect(toJsonValue({ at: new Date(0), skip: undefined, n: NaN, list: [undefined, () => 1, -0] })).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      n: null,
      list: [null, null, 0],
    });
  });
});
