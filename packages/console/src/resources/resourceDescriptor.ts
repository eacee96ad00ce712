import type { MetadataFieldName } from '@metadata-semantics/core';
import type { ConsoleApi } from '../api/createConsoleApi.js';
import type { ResourceKind } from '../live/changeFeed.js';

/** A user, organization or membership as the Backend API answers it (the parts every kind has). */
export interface ApiResource {
  readonly updated_at: number;
  readonly [attribute: string]: unknown;
}

/** A query parameter the list offers, with its label. */
export interface ListParam {
  readonly param: string;
  readonly label: string;
}

/** A column of a list. */
export interface ListColumn {
  readonly label: string;
  cell(resource: ApiResource): string;
}

/** A page of a list and how many the whole list holds. */
export interface ResourcePage {
  readonly items: readonly ApiResource[];
  readonly total: number;
}

/**
 * Everything the console knows about one kind: how the Backend API lists, reads and writes it, and what
 * its list and page show. The views are the same for every kind.
 */
export interface ResourceDescriptor {
  readonly kind: ResourceKind;
  /** The route's first segment, `users`. */
  readonly route: string;
  /** `Users`. */
  readonly title: string;
  /** `user`. */
  readonly noun: string;
  /** Partial text matches; the search box sends its text as one of them (the first by default). */
  readonly searches: readonly ListParam[];
  /** Exact filters; a list of values (comma-separated in the box) sends the parameter once per value. */
  readonly filters: readonly ListParam[];
  /** The orders of `order_by`, first the default (newest first, as the server orders). */
  readonly orders: readonly string[];
  readonly columns: readonly ListColumn[];
  /** One page of the list: the query holds the searches, filters, `order_by`, `limit` and `offset` as the API takes them. */
  fetchPage(api: ConsoleApi, query: URLSearchParams): Promise<ResourcePage>;
  /** What the ids of a resource's route name: `['user id']`; a membership's, `['organization id', 'user id']`. */
  readonly idNames: readonly string[];
  /** The resource's route segments after {@link ResourceDescriptor.route}: its ids, as {@link ResourceDescriptor.idNames} names them. */
  idsOf(resource: ApiResource): readonly string[];
  /** Reads one resource; a {@link ConsoleApiError} 404 when there is none. */
  load(api: ConsoleApi, ids: readonly string[]): Promise<ApiResource>;
  /** The path of its metadata operations. */
  metadataPath(ids: readonly string[]): string;
  /** The operations the API has for its metadata (memberships: update only). */
  readonly modes: readonly ('update' | 'replace')[];
  /** Its metadata fields, in SDK names, as core takes them. */
  readonly fields: readonly MetadataFieldName[];
  /** The page's heading. */
  heading(resource: ApiResource): string;
  /** Labelled facts the page shows above the metadata. */
  facts(resource: ApiResource): readonly (readonly [string, string])[];
  /** Links to lists about this resource (a user's memberships). */
  related(ids: readonly string[]): readonly { readonly label: string; readonly href: string }[];
}

/** A text attribute, or `''`. */
export const text = (resource: ApiResource, name: string): string => {
  const value = resource[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

/** A Unix-milliseconds date as `2026-05-12 09:14:03` (UTC). */
export const dateText = (milliseconds: unknown): string =>
  typeof milliseconds === 'number' && Number.isFinite(milliseconds) ? new Date(milliseconds).toISOString().slice(0, 19).replace('T', ' ') : '';

/** The parameters of `query` that `names` holds, in order. */
export function pickParams(query: URLSearchParams, names: readonly string[]): URLSearchParams {
  const picked = new URLSearchParams();
  for (const [name, value] of query) if (names.includes(name)) picked.append(name, value);
  return picked;
}

/** The paging and order parameters, which every list takes. */
export const pageParams = ['order_by', 'limit', 'offset'] as const;
