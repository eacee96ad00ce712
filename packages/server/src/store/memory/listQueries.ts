// The memory store's reading of a list query: its conditions as tests of a resource, and its order.
import { isStorableText } from '../../shared/storableText.js';
import { fieldValues, type ListedResource } from '../fieldValues.js';
import { fieldOnKind, type ListFieldTable, type ResourceField } from '../listFields.js';
import type { ResourceCondition, ResourceOrder } from '../metadataStore.js';

/** Lower-cases ASCII letters only: the one case folding every store (JavaScript, and SQL `lower` under the "C" collation) agrees on. */
export function asciiLowerCase(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : text;
}

// Records are values: a resource's lower-cased values are computed once, on its first text query (per table).
const loweredCaches = new WeakMap<ListFieldTable, WeakMap<ListedResource, Map<ResourceField, string[]>>>();

/** The values of `field` in `resource`, ASCII letters lower-cased (kept for the record's lifetime). */
function loweredValues(resource: ListedResource, field: ResourceField, table: ListFieldTable): string[] {
  let cache = loweredCaches.get(table);
  if (cache === undefined) loweredCaches.set(table, (cache = new WeakMap()));
  let fields = cache.get(resource);
  if (fields === undefined) cache.set(resource, (fields = new Map()));
  let values = fields.get(field);
  if (values === undefined) fields.set(field, (values = fieldValues(resource, field, table).map(asciiLowerCase)));
  return values;
}

/** A condition as a test of one resource (its lists turned into sets once). */
export function conditionTest(condition: ResourceCondition, table: ListFieldTable): (resource: ListedResource) => boolean {
  if ('contains' in condition) {
    // As in PostgreSQL, which cannot take it: such a string matches nothing (not half of a surrogate pair).
    if (!isStorableText(condition.contains)) return () => false;
    const needle = asciiLowerCase(condition.contains);
    const fields = condition.fields;
    return (resource) => fields.some((field) => loweredValues(resource, field, table).some((value) => value.includes(needle)));
  }
  const field = condition.field;
  if ('anyOf' in condition) {
    const wanted = new Set(condition.anyOf.filter(isStorableText));
    return (resource) => fieldValues(resource, field, table).some((value) => wanted.has(value));
  }
  const unwanted = new Set(condition.noneOf.filter(isStorableText));
  return (resource) => !fieldValues(resource, field, table).some((value) => unwanted.has(value));
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
 * Sorts resources as {@link ResourceOrder} says, each one's sort value read once where the table says its kind
 * holds it; `membersCount` reads an organization's number of memberships.
 */
export function sortResources<R extends ListedResource>(
  resources: readonly R[],
  order: ResourceOrder,
  table: ListFieldTable,
  membersCount: (organizationKey: string) => number,
): R[] {
  const valueOf = (resource: R): SortValue => {
    const source = fieldOnKind(table, order.field, resource.kind)?.source;
    switch (source?.in) {
      case undefined:
        return null;
      case 'createdAt':
        return resource.createdAt;
      case 'updatedAt':
        return resource.updatedAt;
      case 'membersCount':
        return membersCount(resource.key);
      case 'number': {
        const value = resource.attributes[source.attribute];
        return typeof value === 'number' ? value : null;
      }
      default: {
        const text = fieldValues(resource, order.field as ResourceField, table)[0];
        return text === undefined ? null : textKey(text);
      }
    }
  };
  const sign = order.descending ? -1 : 1;
  const keyed = resources.map((resource) => ({ resource, value: valueOf(resource), key: textKey(resource.key) }));
  keyed.sort((a, b) => sign * (compareValues(a.value, b.value) || compareText(a.key, b.key)));
  return keyed.map((entry) => entry.resource);
}
