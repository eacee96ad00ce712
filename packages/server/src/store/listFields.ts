import type { ResourceKind } from './resourceKind.js';

/**
 * Where a kind of resource holds the values of a list field.
 *
 * @remarks
 * Text sources (a field's values are strings; a value that is not a string counts as none):
 * `key`, the resource's key; `keyPart`, the organization's or the user's id in a membership's key
 * `<organization_id>/<user_id>`; `attribute`, the string at `path` in the resource's attributes; `items`, the
 * string `item` of each object of the attribute `list`. Number sources, which lists sort by only: `createdAt`
 * and `updatedAt`, the resource's timestamps; `number`, the attribute of that name when it is a number;
 * `membersCount`, an organization's number of memberships.
 *
 * @public
 */
export type ListFieldSource =
  | { readonly in: 'key' }
  | { readonly in: 'keyPart'; readonly part: 'organization' | 'user' }
  | { readonly in: 'attribute'; readonly path: readonly [string] | readonly [string, string] }
  | { readonly in: 'items'; readonly list: string; readonly item: string }
  | { readonly in: 'createdAt' }
  | { readonly in: 'updatedAt' }
  | { readonly in: 'number'; readonly attribute: string }
  | { readonly in: 'membersCount' };

/**
 * A list field on one kind of resource: where its values are, and what the list operations of that kind do
 * with it.
 *
 * @public
 */
export interface ListFieldOnKind {
  /** Where the kind holds its values. */
  readonly source: ListFieldSource;
  /** Its name in `order_by` when the kind's lists sort by it; without one, they do not. */
  readonly orderBy?: string;
  /**
   * The list parameter that keeps the resources holding one of its values (`?email_address=a&email_address=b`);
   * with `signs`, a value prefixed with `-` excludes instead (and `+` includes), as Clerk's id filters.
   */
  readonly filter?: { readonly param: string; readonly signs?: boolean };
  /** The text queries of the kind's lists (`query`, `name_query`, …) that search it (ASCII case ignored). */
  readonly queries?: readonly string[];
  /** One resource of the kind holds a value at most: every store refuses a second holder. */
  readonly unique?: boolean;
}

/**
 * The fields lists filter and sort by, each with where each kind of resource holds it.
 *
 * @public
 */
export type ListFieldTable = { readonly [field: string]: { readonly [Kind in ResourceKind]?: ListFieldOnKind } };

/**
 * The fields of stored resources that lists filter and sort by, declared once: where each kind holds each
 * field's values, under which name `order_by` sorts by it, which list parameter filters by it, which text
 * queries search it, and which are unique. Both stores and the list operations read it: the memory store's
 * indexes, the SQL of `postgresStore`, the operations' `order_by` names and filters. Its text fields are the
 * {@link ResourceField}s.
 *
 * @remarks
 * The entries' order is the order in which an operation names its `order_by` values (in the error of an unknown
 * one). To add a list field, add an entry: every store filters and sorts by it, and the lists of each kind
 * that names an `orderBy`, a `filter` or `queries` offer it.
 *
 * @public
 */
export const listFields = {
  name: { organization: { source: { in: 'attribute', path: ['name'] }, orderBy: 'name', queries: ['query'] } },
  created_at: {
    user: { source: { in: 'createdAt' }, orderBy: 'created_at' },
    organization: { source: { in: 'createdAt' }, orderBy: 'created_at' },
    organization_membership: { source: { in: 'createdAt' }, orderBy: 'created_at' },
  },
  updated_at: {
    user: { source: { in: 'updatedAt' }, orderBy: 'updated_at' },
    organization: { source: { in: 'updatedAt' } },
    organization_membership: { source: { in: 'updatedAt' } },
  },
  email_address: {
    user: {
      source: { in: 'items', list: 'email_addresses', item: 'email_address' },
      orderBy: 'email_address',
      filter: { param: 'email_address' },
      queries: ['query', 'email_address_query'],
    },
  },
  web3_wallet: {
    user: { source: { in: 'items', list: 'web3_wallets', item: 'web3_wallet' }, orderBy: 'web3wallet', filter: { param: 'web3_wallet' }, queries: ['query'] },
  },
  first_name: {
    user: { source: { in: 'attribute', path: ['first_name'] }, orderBy: 'first_name', queries: ['query', 'name_query'] },
    organization_membership: { source: { in: 'attribute', path: ['public_user_data', 'first_name'] }, orderBy: 'first_name' },
  },
  last_name: {
    user: { source: { in: 'attribute', path: ['last_name'] }, orderBy: 'last_name', queries: ['query', 'name_query'] },
    organization_membership: { source: { in: 'attribute', path: ['public_user_data', 'last_name'] }, orderBy: 'last_name' },
  },
  phone_number: {
    user: {
      source: { in: 'items', list: 'phone_numbers', item: 'phone_number' },
      orderBy: 'phone_number',
      filter: { param: 'phone_number' },
      queries: ['query', 'phone_number_query'],
    },
  },
  username: {
    user: { source: { in: 'attribute', path: ['username'] }, orderBy: 'username', filter: { param: 'username' }, queries: ['query', 'username_query'] },
    organization_membership: { source: { in: 'attribute', path: ['public_user_data', 'username'] }, orderBy: 'username' },
  },
  last_active_at: { user: { source: { in: 'number', attribute: 'last_active_at' }, orderBy: 'last_active_at' } },
  last_sign_in_at: { user: { source: { in: 'number', attribute: 'last_sign_in_at' }, orderBy: 'last_sign_in_at' } },
  members_count: { organization: { source: { in: 'membersCount' }, orderBy: 'members_count' } },
  id: {
    user: { source: { in: 'key' }, filter: { param: 'user_id', signs: true }, queries: ['query'] },
    organization: { source: { in: 'key' }, filter: { param: 'organization_id', signs: true }, queries: ['query'] },
    organization_membership: { source: { in: 'attribute', path: ['id'] } },
  },
  organization_id: { organization_membership: { source: { in: 'keyPart', part: 'organization' } } },
  user_id: { organization_membership: { source: { in: 'keyPart', part: 'user' }, filter: { param: 'user_id', signs: true } } },
  external_id: {
    user: { source: { in: 'attribute', path: ['external_id'] }, filter: { param: 'external_id', signs: true } },
    organization_membership: { source: { in: 'attribute', path: ['public_user_data', 'external_id'] } },
  },
  slug: { organization: { source: { in: 'attribute', path: ['slug'] }, queries: ['query'], unique: true } },
  role: { organization_membership: { source: { in: 'attribute', path: ['role'] }, filter: { param: 'role' } } },
} as const satisfies ListFieldTable;

/**
 * A text field of a stored resource that lists filter and sort by: a field of {@link listFields} whose values
 * are strings (its source is the key, a part of it, a string attribute or each item of a list attribute).
 *
 * @remarks
 * A field a kind has no source for has no value on that kind's resources.
 *
 * @public
 */
export type ResourceField = {
  [Field in keyof typeof listFields]: (typeof listFields)[Field][keyof (typeof listFields)[Field]] extends {
    readonly source: { readonly in: 'key' | 'keyPart' | 'attribute' | 'items' };
  }
    ? Field
    : never;
}[keyof typeof listFields];

/** A field on a kind in a table; `undefined` when the kind has no source for it (or the table no such field). */
export function fieldOnKind(fields: ListFieldTable, field: string, kind: ResourceKind): ListFieldOnKind | undefined {
  return Object.hasOwn(fields, field) && Object.hasOwn(fields[field]!, kind) ? fields[field]![kind] : undefined;
}

/** Whether a source's values are strings (else numbers, which lists only sort by). */
export function isTextSource(source: ListFieldSource): boolean {
  return source.in === 'key' || source.in === 'keyPart' || source.in === 'attribute' || source.in === 'items';
}

/** The fields whose value one resource of a kind holds at most, in a table (an organization's slug). */
export function uniqueFieldsOf(fields: ListFieldTable, kind: ResourceKind): ResourceField[] {
  return Object.keys(fields).filter((field) => fieldOnKind(fields, field, kind)?.unique === true) as ResourceField[];
}

/** The fields some text query of a kind searches (`query`, `name_query`, …), in the table's order. */
export function searchedFieldsOf(fields: ListFieldTable, kind: ResourceKind): ResourceField[] {
  return Object.keys(fields).filter((field) => (fieldOnKind(fields, field, kind)?.queries?.length ?? 0) > 0) as ResourceField[];
}
