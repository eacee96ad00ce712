import { describe, expectTypeOf, test } from 'vitest';
import { replaceFields } from '../replaceFields.js';

interface UserMetadata {
  publicMetadata: { role?: 'admin' | 'member' };
  privateMetadata: { score?: number } | null;
}
declare const stored: UserMetadata;

describe('replaceFields types', () => {
  test('provided fields of the declared types type-check and the result keeps the type', () => {
    expectTypeOf(replaceFields(stored, { publicMetadata: { role: 'admin' } })).toEqualTypeOf<UserMetadata>();
    expectTypeOf(replaceFields(stored, { privateMetadata: null })).toEqualTypeOf<UserMetadata>();
    expectTypeOf(replaceFields(stored, {})).toEqualTypeOf<UserMetadata>();
  });

  test('a misspelt field or a wrong value type is an error', () => {
    // @ts-expect-error `publicMetdata` is not a field
    replaceFields(stored, { publicMetdata: {} });
    // @ts-expect-error role is 'admin' | 'member'
    replaceFields(stored, { publicMetadata: { role: 'owner' } });
    // @ts-expect-error publicMetadata cannot be null in this interface
    replaceFields(stored, { publicMetadata: null });
  });
});
