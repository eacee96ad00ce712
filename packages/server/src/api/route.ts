import type { MetadataLimits, MetadataSchemas } from '@metadata-semantics/core';
import type { MetadataStore } from '../store/metadataStore.js';
import type { ResourceKind } from '../store/resourceKind.js';
import type { Answer } from '../http/answer.js';
import type { Exchange } from '../http/exchange.js';

/** The schemas of each kind of stored resource. */
export type SchemasByKind = Readonly<Partial<Record<ResourceKind, MetadataSchemas>>>;

/** What a route function gets: the request, its path parameters and query, and the handler's services. */
export interface RouteContext {
  readonly exchange: Exchange;
  /** The path pattern's `:name` segments, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  readonly store: MetadataStore;
  readonly now: () => number;
  /** The core operations' limits. */
  readonly limits: MetadataLimits;
  /** The schemas each kind's metadata must satisfy after a write. */
  readonly schemas: SchemasByKind;
  /** The signed-in user's id on a frontend route (the `authenticate` hook's answer); `''` on a backend route. */
  readonly signedInUserId: string;
  /** The body as text: 413 over the cap (a declared `Content-Length` over it before anything is read). */
  bodyText(): Promise<string>;
  /** The body parsed as JSON (an empty body is `{}`): 400 when it is not JSON. */
  parsedBody(): Promise<unknown>;
  /** The body as a JSON object: also 422 `invalid_params` when it is JSON but not an object. */
  jsonBody(): Promise<Record<string, unknown>>;
}

/**
 * One operation: a method and a path pattern (`/v1/users/:user_id`, a `:name` segment matches any one
 * segment) mapped to a small function. Each resource's module exports a table of these.
 */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  /** Clerk's name of the operation (its `operationId` in the published API description). */
  readonly operation: string;
  readonly run: (context: RouteContext) => Promise<Answer>;
}
