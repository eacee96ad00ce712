import type { JsonValue } from '@metadata-semantics/core';
import { fieldOnKind, type ListFieldTable, type ResourceField } from './listFields.js';
import { membershipKeyPart } from './membershipKey.js';
import type { StoredResource } from './metadataStore.js';

/** What lists filter and sort by: a stored resource but its metadata, which no condition or order reads. */
export type ListedResource = Omit<StoredResource, 'metadata'>;

const textOf = (value: JsonValue | undefined): string[] => (typeof value === 'string' ? [value] : []);

const isObject = (value: JsonValue | undefined): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The values of a text field in a resource, read where the table says its kind holds them (a value that is not
 * a string counts as none; a field the kind has no text source for has none). How the memory store reads them;
 * the SQL of `postgresStore` reads the same from the same table.
 */
export function fieldValues(resource: ListedResource, field: ResourceField, fields: ListFieldTable): string[] {
  const source = fieldOnKind(fields, field, resource.kind)?.source;
  switch (source?.in) {
    case 'key':
      return [resource.key];
    case 'keyPart': {
      const part = membershipKeyPart(resource.key, source.part);
      return part === undefined ? [] : [part];
    }
    case 'attribute': {
      const [name, inner] = source.path;
      const value = resource.attributes[name];
      if (inner === undefined) return textOf(value);
      return isObject(value) ? textOf(value[inner]) : [];
    }
    case 'items': {
      const items = resource.attributes[source.list];
      if (!Array.isArray(items)) return [];
      return items.flatMap((item) => (isObject(item) ? textOf(item[source.item]) : []));
    }
    default:
      return [];
  }
}
