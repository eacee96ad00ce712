import type { JsonValue } from '@metadata-semantics/core';
import type { ResourceCondition, ResourceField, ResourceOrder, StoredResource } from '../metadataStore.js';
import { membershipOwner } from '../membershipKey.js';
import { isStorableText } from '../../shared/storableText.js';

const listFields: Partial<Record<ResourceField, readonly [list: string, item: string]>> = {
  email_address: ['email_addresses', 'email_address'],
  phone_number: ['phone_numbers', 'phone_number'],
  web3_wallet: ['web3_wallets', 'web3_wallet'],
};

const textOf = (value: JsonValue | undefined): string[] => (typeof value === 'string' ? [value] : []);

/** What lists filter and sort by: a stored resource but its metadata, which no condition or order reads. */
export type ListedResource = Omit<StoredResource, 'metadata'>;

/** The values of `field` in `resource`, as {@link ResourceField} defines them (the memory store's reading). */
export function fieldValues(resource: ListedResource, field: ResourceField): string[] {
  const attributes = resource.attributes;
  if (resource.kind === 'organization_membership') {
    if (field === 'organization_id' || field === 'user_id') {
      const owner = membershipOwner(resource.key, field === 'user_id' ? 'user' : 'organization');
      return owner === undefined ? [] : [owner];
    }
    if (field === 'id' || field === 'role') return textOf(attributes[field]);
    const userData = attributes['public_user_data'];
    const isNamed = field === 'username' || field === 'first_name' || field === 'last_name' || field === 'external_id';
    return isNamed && typeof userData === 'object' && userData !== null && !Array.isArray(userData) ? textOf(userData[field]) : [];
  }
  if (field === 'id') return [resource.key];
  const list = listFields[field];
  if (list !== undefined) {
    const items = resource.kind === 'user' ? attributes[list[0]] : undefined;
    if (!Array.isArray(items)) return [];
    return items.flatMap((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? textOf(item[list[1]]) : []));
  }
  const ownFields: readonly ResourceField[] =
    resource.kind === 'user' ? ['external_id', 'username', 'first_name', 'last_name'] : ['name', 'slug'];
  return ownFields.includes(field) ? textOf(attributes[field]) : [];
}

/** Lower-cases ASCII letters only: the one case folding every store (JavaScript, and SQL `lower` under the "C" collation) agrees on. */
export function asciiLowerCase(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : text;
}

// Records are values: a resource's lower-cased values are computed once, on its first text query.
const loweredCache = new WeakMap<ListedResource, Map<ResourceField, string[]>>();

/** The values of `field` in `resource`, ASCII letters lower-cased (kept for the record's lifetime). */
function loweredValues(resource: ListedResource, field: ResourceField): string[] {
  let fields = loweredCache.get(resource);
  if (fields === undefined) loweredCache.set(resource, (fields = new Map()));
  let values = fields.get(field);
  if (values === undefined) fields.set(field, (values = fieldValues(resource, field).map(asciiLowerCase)));
  return values;
}

/** A condition as a test of one resource (its lists turned into sets once). */
export function conditionTest(condition: ResourceCondition): (resource: ListedResource) => boolean {
  if ('contains' in condition) {
    // As in PostgreSQL, which cannot take it: such a string matches nothing (not half of a surrogate pair).
    if (!isStorableText(condition.contains)) return () => false;
    const needle = asciiLowerCase(condition.contains);
    const fields = condition.fields;
    return (resource) => fields.some((field) => loweredValues(resource, field).some((value) => value.includes(needle)));
  }
  const field = condition.field;
  if ('anyOf' in condition) {
    const wanted = new Set(condition.anyOf.filter(isStorableText));
    return (resource) => fieldValues(resource, field).some((value) => wanted.has(value));
  }
  const unwanted = new Set(condition.noneOf.filter(isStorableText));
  return (resource) => !fieldValues(resource, field).some((value) => unwanted.has(value));
}

/** A UTF-16 code unit mapped so that code-unit order is code-point order (surrogates above U+E000–U+FFFF). */
const codePointRank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);

/** Compares strings by Unicode code point, as PostgreSQL's `COLLATE "C"` does on UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

// Below U+D800, code-unit order (JavaScript's `<`) is code-point order.
const beyondSurrogates = /[\uD800-\uFFFF]/;

/** A string sort key: compared natively unless it holds a unit from U+D800 up. */
interface TextKey {
  readonly text: string;
  readonly wide: boolean;
}

const textKey = (text: string): TextKey => ({ text, wide: beyondSurrogates.test(text) });

function compareText(a: TextKey, b: TextKey): number {
  if (a.wide || b.wide) return compareCodePoints(a.text, b.text);
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

type SortValue = TextKey | number | null;

function compareValues(a: SortValue, b: SortValue): number {
  // A missing value is larger than any other: last ascending, first descending (PostgreSQL's default).
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(a as TextKey, b as TextKey);
}

/**
 * Sorts resources as {@link ResourceOrder} says, each one's sort value read once; `membersCount` reads an
 * organization's number of memberships.
 */
export function sortResources<R extends ListedResource>(
  resources: readonly R[],
  order: ResourceOrder,
  membersCount: (organizationKey: string) => number,
): R[] {
  const valueOf = (resource: R): SortValue => {
    if (order.field === 'created_at') return resource.createdAt;
    if (order.field === 'updated_at') return resource.updatedAt;
    if (order.field === 'members_count') return membersCount(resource.key);
    if (order.field === 'last_active_at' || order.field === 'last_sign_in_at') {
      const time = resource.kind === 'user' ? resource.attributes[order.field] : undefined;
      return typeof time === 'number' ? time : null;
    }
    const text = fieldValues(resource, order.field)[0];
    return text === undefined ? null : textKey(text);
  };
  const sign = order.descending ? -1 : 1;
  const keyed = resources.map((resource) => ({ resource, value: valueOf(resource), key: textKey(resource.key) }));
  keyed.sort((a, b) => sign * (compareValues(a.value, b.value) || compareText(a.key, b.key)));
  return keyed.map((entry) => entry.resource);
}
