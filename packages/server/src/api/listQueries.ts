// What each kind's list operations take, read from the field table: the `order_by` names, the filters and the
// text queries. A field added there is offered here (and in docs/server.md's table of lists).
import { fieldOnKind, listFields, type ResourceField } from '../store/listFields.js';
import type { ResourceCondition, ResourceOrder } from '../store/metadataStore.js';
import type { ResourceKind } from '../store/resourceKind.js';
import { anyOfParam, containsParam, includeExcludeParam } from './queryParams.js';

/** A kind's list parameters, in the field table's order. */
export interface ListParams {
  /** Each `order_by` name, with the store's field. */
  readonly orders: readonly (readonly [name: string, field: ResourceOrder['field']])[];
  /** Each filter's parameter, the field it reads, and whether its values may carry `+` or `-`. */
  readonly filters: readonly { readonly param: string; readonly field: ResourceField; readonly signs: boolean }[];
  /** Each text query's parameter, with the fields it searches. */
  readonly queries: readonly (readonly [param: string, fields: readonly ResourceField[]])[];
}

/** A kind's list parameters, from the field table. */
export function listParams(kind: ResourceKind): ListParams {
  const onKind = Object.keys(listFields).flatMap((field) => {
    const entry = fieldOnKind(listFields, field, kind);
    return entry === undefined ? [] : [{ field: field as keyof typeof listFields, entry }];
  });
  const queries = new Map<string, ResourceField[]>();
  for (const { field, entry } of onKind) {
    for (const name of entry.queries ?? []) queries.set(name, [...(queries.get(name) ?? []), field as ResourceField]);
  }
  return {
    orders: onKind.flatMap(({ field, entry }) => (entry.orderBy === undefined ? [] : [[entry.orderBy, field] as const])),
    filters: onKind.flatMap(({ field, entry }) =>
      entry.filter === undefined ? [] : [{ param: entry.filter.param, field: field as ResourceField, signs: entry.filter.signs === true }],
    ),
    queries: [...queries],
  };
}

/** The `order_by` names of a kind's lists, each with the store's field, in the table's order. */
export function listOrders(kind: ResourceKind): Readonly<Record<string, ResourceOrder['field']>> {
  return Object.fromEntries(listParams(kind).orders);
}

/** A kind's filters and text queries: the conditions a list's query string puts on it. */
export function listFilters(kind: ResourceKind): (query: URLSearchParams) => ResourceCondition[] {
  const { filters, queries } = listParams(kind);
  return (query) => [
    ...filters.flatMap(({ param, field, signs }) => (signs ? includeExcludeParam(query, param, field) : anyOfParam(query, param, field))),
    ...queries.flatMap(([param, searched]) => containsParam(query, param, searched)),
  ];
}
