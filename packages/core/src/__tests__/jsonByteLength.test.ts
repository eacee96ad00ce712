import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteLength } from '../jsonByteLength.js';
import { chain, jsonValueArb, objectPatchArb, stringArb } from '@metadata-semantics/test-kit/arbitraries';
import { expectMetadataError } from '@metadata-semantics/test-kit/errors';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

describe('jsonByteLength', () => {
  it('equals the UTF-8 length of JSON.stringify for any JSON value (undefined properties dropped)', () => {
    fc.assert(
      fc.property(fc.oneof(jsonValueArb, objectPatchArb), (value) => {
        expect(jsonByteLength(value)).toBe(utf8Bytes(JSON.stringify(value)));
      }),
    );
  }, propertyTimeout);

  it('is 0 where JSON.stringify writes nothing: undefined, a function, a symbol', () => {
    expect([undefined, () => 1, Symbol('s')].map(jsonByteLength)).toEqual([0, 0, 0]);
  });

  it('counts astral characters, combining marks and escapes as JSON.stringify writes them', () => {
    fc.assert(
      fc.property(fc.array(stringArb, { maxLength: 5 }), (strings) => {
        expect(jsonByteLength(strings)).toBe(utf8Bytes(JSON.stringify(strings)));
      }),
    );
    expect(jsonByteLength({ city: 'Zürich' })).toBe(utf8Bytes('{"city":"Zürich"}'));
    expect(jsonByteLength('\uD800')).toBe(utf8Bytes('"\\ud800"'));
  });

  it('measures 1,000 levels of nesting, and answers deeper input with too_deep, never a RangeError', () => {
    // {"a": repeated n-1 times, then {}, then n-1 closing braces
    const levels = 1_000;
    expect(jsonByteLength(chain(['a'], levels, {}))).toBe(5 * (levels - 1) + 2 + (levels - 1));
    expectMetadataError(() => jsonByteLength(chain(['a'], 100_000, {})), 'too_deep', []);
  });
});
