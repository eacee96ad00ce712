import type { JsonObject } from '@metadata-semantics/core';
import type { ResourceCondition, ResourceOrder } from '../store/metadataStore.js';
import type { ResourceField } from '../store/listFields.js';
import type { Answer } from '../http/answer.js';
import { jsonAnswer } from '../http/responses.js';
import { invalidParam, unsupportedParam } from '../http/serverErrors.js';

/** A page of a list: `limit` 1–500 (default 10) and `offset` from 0 (default 0), as Clerk takes them. */
export function pageOf(query: URLSearchParams): { limit: number; offset: number } {
  return { limit: integerParam(query, 'limit', 10, 1, 500), offset: integerParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER) };
}

function integerParam(query: URLSearchParams, name: string, fallback: number, minimum: number, maximum: number): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= minimum && value <= maximum)) invalidParam(name, `${name} must be an integer from ${minimum} to ${maximum}.`);
  return value;
}

/** A `true`/`false` query parameter; absent is `false`. */
export function booleanParam(query: URLSearchParams, name: string): boolean {
  const text = query.get(name);
  if (text === null || text === '' || text === 'false') return false;
  if (text !== 'true') invalidParam(name, `${name} must be true or false.`);
  return true;
}

/**
 * The `order_by` parameter: a field Clerk sorts this list by, `+` (or nothing) for ascending, `-` for
 * descending; only the first `order_by` counts, as in Clerk. `fields` maps Clerk's names to the store's.
 */
export function orderOf(query: URLSearchParams, fields: Readonly<Record<string, ResourceOrder['field']>>): ResourceOrder {
  const text = query.get('order_by');
  if (text === null || text === '') return { field: 'created_at', descending: true };
  // A raw "+" in a query string arrives as a space.
  const descending = text.startsWith('-');
  const name = /^[-+ ]/.test(text) ? text.slice(1) : text;
  const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (field === undefined) {
    invalidParam('order_by', `order_by must be one of ${Object.keys(fields).join(', ')}, optionally prefixed with + or -.`);
  }
  return { field, descending };
}

/** A list parameter (`user_id=a&user_id=b`) as a condition that some value of `field` is one of them. */
export function anyOfParam(query: URLSearchParams, name: string, field: ResourceField): ResourceCondition[] {
  const values = query.getAll(name);
  return values.length === 0 ? [] : [{ field, anyOf: values }];
}

/**
 * An id list parameter where each id may carry `+` (include, the default) or `-` (exclude), as Clerk's
 * `user_id` and `organization_id` filters.
 */
export function includeExcludeParam(query: URLSearchParams, name: string, field: ResourceField): ResourceCondition[] {
  const values = query.getAll(name);
  const included = values.filter((value) => !value.startsWith('-')).map((value) => value.replace(/^[+ ]/, ''));
  const excluded = values.filter((value) => value.startsWith('-')).map((value) => value.slice(1));
  return [
    ...(included.length === 0 ? [] : [{ field, anyOf: included }]),
    ...(excluded.length === 0 ? [] : [{ field, noneOf: excluded }]),
  ];
}

/** A text parameter as a condition that one of `fields` contains it (ASCII case ignored). */
export function containsParam(query: URLSearchParams, name: string, fields: readonly ResourceField[]): ResourceCondition[] {
  const text = query.get(name);
  return text === null || text === '' ? [] : [{ fields, contains: text }];
}

/**
 * Refuses a parameter Clerk takes on this list that this server does not implement: answering as if it were
 * absent would list resources it excludes.
 */
export function refuseUnsupportedParams(query: URLSearchParams, names: readonly string[]): void {
  for (const name of names) {
    if (query.has(name)) unsupportedParam(name);
  }
}

/** A paginated list answer: `{ data, total_count }`. */
export function pageAnswer(data: JsonObject[], totalCount: number): Answer {
  return jsonAnswer(200, { data, total_count: totalCount });
}
