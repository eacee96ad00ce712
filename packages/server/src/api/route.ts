import type { MetadataLimits, MetadataSchemas } from '@metadata-semantics/core';
import type { Answer } from '../http/answer.js';
import type { StoredResource } from '../store/metadataStore.js';
import type { ResourceKind } from '../store/resourceKind.js';
import type { FrontendAuth } from './frontend/frontendAuth.js';
import type { RecordingStore, RecordMessages } from '../webhooks/recordingStore.js';
import type { WebhookAction } from '../webhooks/webhookEvent.js';

/** The schemas of each kind of stored resource. */
export type SchemasByKind = Readonly<Partial<Record<ResourceKind, MetadataSchemas>>>;

/** The names of a path pattern's parameters: `'/v1/users/:user_id/metadata'` → `'user_id'`. */
export type PathParams<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/**
 * What makes the messages of a write's event: `kind` and `action` name its type, `json` gives its `data` from the
 * resource as written (the same function that gives the answer, so the two are equal).
 */
export type RecordEvent = (kind: ResourceKind, action: WebhookAction, json: (written: StoredResource) => object) => RecordMessages;

/**
 * The JSON text of the resources a request wrote, as its events' `data` made it (by `json`): its answer takes the
 * text from here ({@link RouteContext.resourceAnswer}) instead of serialising the resource a second time.
 */
export type WrittenTexts = WeakMap<StoredResource, { readonly json: (written: StoredResource) => object; readonly text: string }>;

/** What a route function gets: the request, its path parameters and query, and the handler's services. */
export interface RouteContext<Param extends string = never> {
  /** The request: its method, URL and headers (the body through the functions below, which cap it). */
  readonly request: Request;
  /** The path pattern's `:name` segments, decoded. */
  readonly params: Readonly<Record<Param, string>>;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /**
   * The store; its writes take a `record` to pass {@link RouteContext.events}' messages to (a store that is not
   * a recording one is never given one: the handler refuses webhooks without it).
   */
  readonly store: Omit<RecordingStore, 'webhookOutbox'>;
  /** Makes what a write records for webhooks; `undefined` when no endpoint is configured (nothing is recorded). */
  readonly events: RecordEvent | undefined;
  readonly now: () => number;
  /** The core operations' limits. */
  readonly limits: MetadataLimits;
  /** The schemas each kind's metadata must satisfy after a write. */
  readonly schemas: SchemasByKind;
  /** The signed-in user's id on a frontend route (the `authenticate` hook's answer); `''` on a backend route. */
  readonly signedInUserId: string;
  /** Sign-in tokens, clients, sessions and their tokens. */
  readonly auth: FrontendAuth;
  /** The body as text: 413 over the cap (a declared `Content-Length` over it before anything is read). */
  bodyText(): Promise<string>;
  /** The body parsed as JSON (an empty body is `{}`): 400 when it is not JSON. */
  parsedBody(): Promise<unknown>;
  /** The body as a JSON object: also 422 `invalid_params` when it is JSON but not an object. */
  jsonBody(): Promise<Record<string, unknown>>;
  /**
   * The 200 answer of a resource this request wrote, `json(resource)` as JSON: the text its event's `data` was
   * made of when the request recorded one by the same `json` (so the two are equal, and serialised once).
   */
  resourceAnswer(resource: StoredResource, json: (resource: StoredResource) => object): Answer;
}

/** The methods an operation can have. */
export type RouteMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One operation of Clerk's, declared once with what it is: the route tables, the `Allow` lists, docs/server.md's
 * table of operations and the API-description test all read it.
 */
export interface Route<Path extends string = string> {
  /** Which of Clerk's APIs describes it: the Backend API (secret key) or the Frontend API (a signed-in user). */
  readonly api: 'backend' | 'frontend';
  readonly method: RouteMethod;
  /** The path pattern: a `:name` segment matches any one segment, and is a parameter of the route. */
  readonly path: Path;
  /** Clerk's name of the operation (its `operationId` in the published API description). */
  readonly operation: string;
  /** The call of Clerk's SDK that sends it, for the docs. */
  readonly sdk: string;
  /** What it answers, for the docs. */
  readonly answers: string;
  /** The statuses Clerk's description lists for it. */
  readonly statuses: readonly number[];
  /** The statuses this server answers beyond those (docs/server.md's "Deliberate differences" says why). */
  readonly deliberate?: readonly number[];
  readonly run: (context: RouteContext<PathParams<Path>>) => Promise<Answer>;
}

/**
 * Declares an operation; its `run` gets the path's parameters typed by the pattern. As a `Route` of any path,
 * for a table of routes.
 */
export function route<const Path extends string>(declared: Route<Path>): Route {
  return declared as unknown as Route;
}
