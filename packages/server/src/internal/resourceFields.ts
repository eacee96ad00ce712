import type { JsonValue } from '@metadata-semantics/core';
import type { ResourceCondition, ResourceField, ResourceOrder, StoredResource } from '../metadataStore.js';
import { membershipOwner } from './membershipKey.js';

const listFields: Partial<Record<ResourceField, readonly [list: string, item: string]>> = {
  email_address: ['email_addresses', 'email_address'],
  phone_number: ['phone_numbers', 'phone_number'],
  web3_wallet: ['web3_wallets', 'web3_wallet'],
};

const textOf = (value: JsonValue | undefined): string[] => (typeof value === 'string' ? [value] : []);

/** The values of `field` in `resource`, as {@link ResourceField} defines them (the memory store's reading). */
export function fieldValues(resource: StoredResource, field: ResourceField): string[] {
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

/** Lower-cases ASCII letters only: the one case folding every store (JavaScript and SQL `translate`) agrees on. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export function meetsCondition(resource: StoredResource, condition: ResourceCondition): boolean {
  if ('contains' in condition) {
    const needle = asciiLowerCase(condition.contains);
    return condition.fields.some((field) => fieldValues(resource, field).some((value) => asciiLowerCase(value).includes(needle)));
  }
  const values = fieldValues(resource, condition.field);
  if ('anyOf' in condition) return values.some((value) => condition.anyOf.includes(value));
  return !values.some((value) => condition.noneOf.includes(value));
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

type SortValue = string | number | null;

function compareValues(a: SortValue, b: SortValue): number {
  // A missing value is larger than any other: last ascending, first descending (PostgreSQL's default).
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}

/** Sorts resources as {@link ResourceOrder} says; `membersCount` reads an organization's number of memberships. */
export function resourceComparator(
  order: ResourceOrder,
  membersCount: (organizationKey: string) => number,
): (a: StoredResource, b: StoredResource) => number {
  const valueOf = (resource: StoredResource): SortValue => {
    if (order.field === 'created_at') return resource.createdAt;
    if (order.field === 'updated_at') return resource.updatedAt;
    if (order.field === 'members_count') return membersCount(resource.key);
    if (order.field === 'last_active_at' || order.field === 'last_sign_in_at') {
      const time = resource.kind === 'user' ? resource.attributes[order.field] : undefined;
      return typeof time === 'number' ? time : null;
    }
    return fieldValues(resource, order.field)[0] ?? null;
  };
  const sign = order.descending ? -1 : 1;
  return (a, b) => sign * (compareValues(valueOf(a), valueOf(b)) || compareCodePoints(a.key, b.key));
}
