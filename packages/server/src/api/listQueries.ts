// What each kind's list operations take, read from the field table: the `order_by` names, the filters and the
// text queries. A field added there is offered here.
import { fieldOnKind, listFields, type ResourceField } from '../store/listFields.js';
import type { ResourceCondition, ResourceOrder } from '../store/metadataStore.js';
import type { ResourceKind } from '../store/resourceKind.js';
import { anyOfParam, containsParam, includeExcludeParam } from './queryParams.js';

/** A kind's list fields, in the table's order. */
const onKind = (kind: ResourceKind) =>
  Object.keys(listFields).flatMap((field) => {
    const entry = fieldOnKind(listFields, field, kind);
    return entry === undefined ? [] : [{ field: field as keyof typeof listFields, entry }];
  });

/** The `order_by` names of a kind's lists, each with the store's field, in the table's order. */
export function listOrders(kind: ResourceKind): Readonly<Record<string, ResourceOrder['field']>> {
  return Object.fromEntries(onKind(kind).flatMap(({ field, entry }) => (entry.orderBy === undefined ? [] : [[entry.orderBy, field]])));
}

/** A kind's filters and text queries: the conditions a list's query string puts on it. */
export function listFilters(kind: ResourceKind): (query: URLSearchParams) => ResourceCondition[] {
  const fields = onKind(kind);
  const filters = fields.flatMap(({ field, entry }) => (entry.filter === undefined ? [] : [{ field: field as ResourceField, ...entry.filter }]));
  const queries = new Map<string, ResourceField[]>();
  for (const { field, entry } of fields) {
    for (const name of entry.queries ?? []) queries.set(name, [...(queries.get(name) ?? []), field as ResourceField]);
  }
  return (query) => [
    ...filters.flatMap(({ field, param, signs }) => (signs === true ? includeExcludeParam(query, param, field) : anyOfParam(query, param, field))),
    ...[...queries].flatMap(([name, searched]) => containsParam(query, name, searched)),
  ];
}
