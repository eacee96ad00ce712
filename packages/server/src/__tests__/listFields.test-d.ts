import { describe, expectTypeOf, it } from 'vitest';
import type { ResourceField, ResourceOrder } from '../index.js';

// ResourceField and the orders are derived from the field table: the same names the store contract always had.

describe('the types derived from the field table', () => {
  it('ResourceField: the text fields', () => {
    expectTypeOf<ResourceField>().toEqualTypeOf<
      'id' | 'organization_id' | 'user_id' | 'external_id' | 'username' | 'first_name' | 'last_name' | 'email_address' | 'phone_number' | 'web3_wallet' | 'name' | 'slug' | 'role'
    >();
  });

  it('an order: the text fields, the timestamps, two number attributes and members_count', () => {
    expectTypeOf<ResourceOrder['field']>().toEqualTypeOf<'created_at' | 'updated_at' | 'last_active_at' | 'last_sign_in_at' | 'members_count' | ResourceField>();
  });
});
