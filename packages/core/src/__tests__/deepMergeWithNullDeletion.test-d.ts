import { describe, expectTypeOf, test } from 'vitest';
import { deepMergeWithNullDeletion } from '../deepMergeWithNullDeletion.js';
import type { JsonValue, MergePatch } from '../jsonValue.js';

// A user-declared metadata interface, as an application would write it.
interface MyMeta {
  prefs: { theme?: 'light' | 'dark'; fontSize?: number };
  tags?: string[];
  plan: string;
}
declare const m: MyMeta;

describe('deepMergeWithNullDeletion types', () => {
  test('a typed patch with null deletion type-checks and the result keeps the type', () => {
    expectTypeOf(deepMergeWithNullDeletion<MyMeta>(m, { prefs: { theme: null } })).toEqualTypeOf<MyMeta>();
    expectTypeOf(deepMergeWithNullDeletion(m, { prefs: { fontSize: 14 }, tags: ['a'], plan: 'pro' })).toEqualTypeOf<MyMeta>();
    expectTypeOf(deepMergeWithNullDeletion(m, { tags: null })).toEqualTypeOf<MyMeta>();
    expectTypeOf<{ prefs: null }>().toExtend<MergePatch<MyMeta>>();
  });

  test('a misspelt key is an error', () => {
    // @ts-expect-error `thme` is not a key of prefs
    deepMergeWithNullDeletion<MyMeta>(m, { prefs: { thme: null } });
    // @ts-expect-error `plna` is not a key of MyMeta
    deepMergeWithNullDeletion<MyMeta>(m, { plna: 'pro' });
  });

  test('a value of the wrong type is an error', () => {
    // @ts-expect-error fontSize is a number
    deepMergeWithNullDeletion<MyMeta>(m, { prefs: { fontSize: 'big' } });
    // @ts-expect-error theme is 'light' | 'dark'
    deepMergeWithNullDeletion<MyMeta>(m, { prefs: { theme: 'blue' } });
    // @ts-expect-error arrays are replaced whole, so their patch is the array type
    deepMergeWithNullDeletion<MyMeta>(m, { tags: [1] });
  });

  test('untyped JSON takes any JSON patch', () => {
    const stored: JsonValue = { a: 1 };
    expectTypeOf(deepMergeWithNullDeletion<JsonValue>(stored, { a: null, b: [1, { c: 'x' }] })).toEqualTypeOf<JsonValue>();
  });
});
