import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceFields } from '../replaceFields.js';
import { chain, jsonObjectArb, jsonValueArb, keyArb, nonObjectTargetArb, objectOf, snapshot, variantOf } from '@metadata-semantics/test-kit/arbitraries';
import { expectMetadataError } from '@metadata-semantics/test-kit/errors';
import { objectFrom, type PlainObject } from '@metadata-semantics/test-kit/json';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';
import {
  clearLaw,
  independentLaw,
  lastWriterWinsLaw,
  omittedLaw,
  replacedLaw,
  replaceIdempotenceLaw,
  replaceIdentityLaw,
  replaceNoAliasingLaw,
  replacePurityLaw,
  replaceSharingLaw,
  type Replace,
} from '@metadata-semantics/test-kit/replaceLaws';

const replace = replaceFields as unknown as Replace;

/** Provided fields: JSON values (null and {} included) or undefined (omitted). */
const providedValueArb = fc.oneof(
  { weight: 4, arbitrary: jsonValueArb },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(null).map(() => ({})) },
);

/** `provided` aimed at `stored`: some stored fields (possibly with an equal copy), some new ones. */
function providedFor(stored: unknown): fc.Arbitrary<PlainObject> {
  const keys = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? Object.keys(stored) : [];
  return fc
    .tuple(
      fc.subarray(keys).chain((named) =>
        fc.tuple(
          ...named.map((key) =>
            fc.tuple(
              fc.constant(key),
              fc.oneof(
                providedValueArb,
                fc.constant(null).map(() => snapshot((stored as PlainObject)[key])),
                variantOf((stored as PlainObject)[key]),
              ),
            ),
          ),
        ),
      ),
      fc.array(fc.tuple(keyArb, providedValueArb), { maxLength: 3 }),
    )
    .map(([named, added]) => objectFrom([...named, ...added]));
}

const storedArb = fc.oneof({ weight: 5, arbitrary: jsonObjectArb }, { weight: 1, arbitrary: nonObjectTargetArb });
const storedAndProvidedArb = fc.oneof(
  fc.tuple(storedArb, objectOf(providedValueArb)),
  jsonObjectArb.chain((stored) => fc.tuple(fc.constant(stored), providedFor(stored))),
);

describe('laws of reducer 2: replaceFields', () => {
  const holds = (law: (r: Replace) => (s: unknown, p: PlainObject) => void) => () => {
    // Arrange: generated [stored, provided]; Act + Assert: inside the law check
    fc.assert(fc.property(storedAndProvidedArb, ([stored, provided]) => law(replace)(stored, provided)));
  };

  it('omitted: an omitted or undefined field keeps its stored value, the same reference', holds(omittedLaw), propertyTimeout);
  it('replaced: a provided value is the new value in full, nested nulls kept', holds(replacedLaw), propertyTimeout);
  it('clear: {} clears a field; null stores a JSON null', () => {
    fc.assert(fc.property(storedArb, keyArb, (stored, key) => clearLaw(replace)(stored, key)));
  }, propertyTimeout);
  it('independent: fields never influence each other', holds(independentLaw), propertyTimeout);
  it('identity: replaceFields(s, {}) returns s itself', () => {
    fc.assert(fc.property(jsonObjectArb, (stored) => replaceIdentityLaw(replace)(stored)));
  }, propertyTimeout);
  it('idempotence: applying the same provided twice equals applying it once', holds(replaceIdempotenceLaw), propertyTimeout);
  it('last writer wins: replace(replace(s, p1), p2) deep-equals replace(s, {...p1, ...p2})', () => {
    fc.assert(
      fc.property(
        jsonObjectArb.chain((stored) => fc.tuple(fc.constant(stored), providedFor(stored), providedFor(stored))),
        ([stored, p1, p2]) => lastWriterWinsLaw(replace)(stored, p1, p2),
      ),
    );
  }, propertyTimeout);
  it('sharing: subtrees equal to the stored ones are the stored references', holds(replaceSharingLaw), propertyTimeout);
  it('no aliasing: the result shares no object or array with provided', holds(replaceNoAliasingLaw), propertyTimeout);
  it('purity: neither argument is mutated; deep-frozen arguments work', holds(replacePurityLaw), propertyTimeout);
});

describe('the examples of the Clerk replace page', () => {
  const stored = () => ({
    publicMetadata: { role: 'member', team: { name: 'a', size: 3 } },
    privateMetadata: { score: 1 },
    unsafeMetadata: { theme: 'dark' },
  });

  it('replaces a provided field in full: role admin drops every other key', () => {
    // Arrange
    const before = stored();
    // Act
    const after = replaceFields<PlainObject>(before, { publicMetadata: { role: 'admin' } });
    // Assert
    expect(after.publicMetadata).toEqual({ role: 'admin' });
    expect(after.privateMetadata).toBe(before.privateMetadata);
  });

  it('clears a field with {}', () => {
    // Act
    const after = replaceFields<PlainObject>(stored(), { privateMetadata: {} });
    // Assert
    expect(after.privateMetadata).toEqual({});
  });

  it('stores a JSON null with null', () => {
    // Act
    const after = replaceFields<PlainObject>(stored(), { unsafeMetadata: null });
    // Assert
    expect(after.unsafeMetadata).toBeNull();
    expect(JSON.stringify(after)).toContain('"unsafeMetadata":null');
  });

  it('preserves an omitted field, the same reference', () => {
    // Arrange
    const before = stored();
    // Act
    const after = replaceFields(before, { privateMetadata: { score: 2 } });
    // Assert
    expect(after.publicMetadata).toBe(before.publicMetadata);
    expect(after.unsafeMetadata).toBe(before.unsafeMetadata);
    expect(after.privateMetadata).toEqual({ score: 2 });
  });

  it('shares every unchanged subtree of a replaced field with the stored one', () => {
    // Arrange
    const before = { f: { a: 1, b: { x: 1 }, list: [{ y: 1 }, 2] } };
    // Act
    const after = replaceFields(before, { f: { a: 2, b: { x: 1 }, list: [{ y: 1 }, 3, 4] } });
    // Assert: f and list differ, so they are new; b and list[0] are equal, so they are the stored ones
    expect(after.f).not.toBe(before.f);
    expect(after.f.b).toBe(before.f.b);
    expect(after.f.list[0]).toBe(before.f.list[0]);
  });

  it('keeps nested nulls as stored nulls', () => {
    // Act
    const after = replaceFields<PlainObject>(stored(), { publicMetadata: { role: null, team: { name: null } } });
    // Assert
    expect(JSON.stringify(after.publicMetadata)).toBe('{"role":null,"team":{"name":null}}');
  });
});

describe('prototype pollution', () => {
  it('stores __proto__, constructor and prototype fields as own data, never touching a prototype', () => {
    // Arrange
    const provided = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as PlainObject;
    // Act
    const result = replaceFields<PlainObject>({ keep: 1 }, provided);
    // Assert
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.enumerable).toBe(true);
    expect(JSON.stringify(result)).toBe('{"keep":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('deep input', () => {
  it('replaces a field nested 1000 levels; 1001 levels, 100,000 levels or a cycle is too_deep, never a RangeError', () => {
    // Arrange: a field value sits one level down, so its own 1000 levels are allowed
    const stored = { f: { old: 1 } };
    const cyclic: PlainObject = {};
    cyclic.self = cyclic;
    // Act + Assert
    expect(replaceFields<PlainObject>(stored, { f: chain(['k'], 1000, {}) }).f).toEqual(chain(['k'], 1000, {}));
    expectMetadataError(() => replaceFields<PlainObject>(stored, { f: chain(['k'], 1001, {}) }), 'too_deep', [
      'f',
      ...new Array<string>(1000).fill('k'),
    ]);
    expectMetadataError(() => replaceFields<PlainObject>(stored, { f: chain(['k'], 100_000, {}) }), 'too_deep', [
      'f',
      ...new Array<string>(1000).fill('k'),
    ]);
    expectMetadataError(() => replaceFields<PlainObject>(stored, { f: cyclic }), 'too_deep', [
      'f',
      ...new Array<string>(1000).fill('self'),
    ]);
    expect(stored).toEqual({ f: { old: 1 } });
  });
});

describe('bad input', () => {
  it.each([
    ['an array', [1]],
    ['null', null],
    ['a string', 'x'],
    ['a Date', new Date(0)],
  ])('rejects provided that is %s with invalid_params, changing nothing', (_name, provided) => {
    // Arrange
    const stored = { a: { b: 1 } };
    const before = snapshot(stored);
    // Act + Assert
    expectMetadataError(() => replaceFields(stored, provided as never), 'invalid_params', []);
    expect(stored).toEqual(before);
  });

  it('rejects a value JSON cannot hold with its path, changing nothing', () => {
    // Arrange
    const stored = { a: { b: 1 }, c: [1] };
    const provided = { a: { b: 2 }, c: [1, { d: NaN }] };
    const storedBefore = snapshot(stored);
    const providedBefore = snapshot(provided);
    // Act + Assert
    expectMetadataError(() => replaceFields<PlainObject>(stored, provided), 'invalid_json_value', ['c', 1, 'd']);
    expect(stored).toEqual(storedBefore);
    expect(provided).toEqual(providedBefore);
    expectMetadataError(() => replaceFields<PlainObject>(stored, { x: [undefined] }), 'invalid_json_value', ['x', 0]);
    expectMetadataError(() => replaceFields<PlainObject>(stored, { x: () => 1 }), 'invalid_json_value', ['x']);
  });
});
