import { MetadataError, metadataErrorToClerkError } from '@metadata-semantics/core';
import type { Answer } from '../http/answer.js';
import { AnswerResponse } from '../http/answerResponse.js';
import { LazyRequest, requestHeader } from '../http/lazyRequest.js';
import { requestText } from '../http/requestText.js';
import { isFetchMethod } from '../http/fetchMethod.js';
import { DEFAULT_MAX_BODY_BYTES, type MetadataHandlerOptions } from './handlerOptions.js';
import { schemasByKind } from './handlerSchemas.js';
import { routeMatcher, type RouteMatch } from './matchRoute.js';
import { pathnameOf } from '../http/pathnameOf.js';
import { parseJsonBody, refuseDeclaredLength } from '../http/readBody.js';
import { clerkErrorAnswer } from '../http/responses.js';
import { HttpError, errorAnswer, fail } from '../http/serverErrors.js';
import type { RecordEvent, Route, RouteContext } from '../api/route.js';
import { isUsableSecretKey, secretKeyChecker } from './secretKeyCheck.js';
import { memoryStore } from '../store/memory/memoryStore.js';
import { StoreConflictError, StoreUnavailableError } from '../store/metadataStore.js';
import { backendRoutes, frontendRoutes } from '../api/operations.js';
import { handlerWebhooks } from './handlerWebhooks.js';
import { inspectWebhooks, WEBHOOK_INSPECTION_SEGMENT } from './webhookInspection.js';
import type { RecordingStore } from '../webhooks/recordingStore.js';

function positiveInteger(value: number | undefined, name: string, minimum: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < minimum)) {
    throw new TypeError(`createMetadataHandler: ${name} must be an integer of at least ${minimum}`);
  }
}

function plainBody(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MetadataError('invalid_params', [], 'Expected the request body to be a JSON object');
  }
  return value as Record<string, unknown>;
}

const matchBackend = routeMatcher(backendRoutes);
const matchFrontend = routeMatcher(frontendRoutes);

/** The path's segments, decoded, without a trailing empty one; `undefined` when a segment does not decode. */
function segmentsOf(pathname: string): string[] | undefined {
  try {
    const segments = pathname.split('/').slice(1).map(decodeURIComponent);
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    return segments;
  } catch {
    return undefined;
  }
}

/** The query string of an absolute URL. */
function queryOf(url: string): URLSearchParams {
  const start = url.indexOf('?');
  if (start === -1) return new URLSearchParams();
  const fragment = url.indexOf('#', start);
  return new URLSearchParams(url.slice(start + 1, fragment === -1 ? undefined : fragment));
}

function notFoundRoute(pathname: string): never {
  return fail({ code: 'resource_not_found', message: 'not found', longMessage: `No route for ${pathname}.` });
}

/**
 * The route for a request's method: 405 (with `Allow`) when its path is served with other methods, 501 when
 * no route serves a path under `/v1` (an operation of Clerk's this server does not implement).
 */
function routeFor(method: string, pathname: string, match: RouteMatch | undefined): Route {
  if (match === undefined) {
    return fail({ code: 'operation_not_implemented', message: 'not implemented here', longMessage: `${method} ${pathname} is not implemented here: this server implements only the user, organization and membership operations around metadata that docs/server.md lists.` });
  }
  const route = match.routes.find((candidate) => candidate.method === method);
  if (route !== undefined) return route;
  const allow = match.routes.map((candidate) => candidate.method).join(', ');
  throw new HttpError(
    errorAnswer({ code: 'method_not_allowed', message: 'method not allowed', longMessage: `${method} ${pathname} is not implemented here; this path allows ${allow}.`, headers: { allow } }),
  );
}

/** Answers an error a route threw; anything unexpected is told to `onError` and answered 500. */
function errorToAnswer(error: unknown, onError: (error: unknown) => void): Answer {
  if (error instanceof HttpError) return error.answer;
  // A schema that cannot validate synchronously is the server's mistake, not the request's: a 500 below.
  if (error instanceof MetadataError && error.code !== 'invalid_schema') {
    const { status, body } = metadataErrorToClerkError(error);
    return clerkErrorAnswer(status, body);
  }
  if (error instanceof StoreConflictError) {
    return errorAnswer({ code: 'concurrent_modification', message: 'concurrent modification', longMessage: error.message });
  }
  if (error instanceof StoreUnavailableError) {
    // The operator needs the cause (a full disk, a lost data folder); the client only that nothing was written.
    onError(error);
    return errorAnswer({ code: 'service_unavailable', message: 'service unavailable', longMessage: 'The store cannot take writes now; nothing was written.' });
  }
  onError(error);
  return errorAnswer({ code: 'internal_error', message: 'internal error', longMessage: 'The server failed to handle the request.' });
}

/**
 * Creates a web-standard request handler that serves Clerk's user, organization
 * and membership operations around metadata: mount it in Node
 * (`serveNodeHttp` from `@metadata-semantics/server/node`), Bun, Deno, Cloudflare Workers, Hono or a Next.js
 * route handler.
 *
 * @param options - the secret key, the store, the frontend `authenticate` hook and limits
 * @returns `(request) => Promise<Response>`; it never rejects
 *
 * @remarks
 * Backend operations (JSON, `Authorization: Bearer <secretKey>`, compared in
 * constant time), as Clerk's Backend API describes them at version 2026-05-12, on users, organizations and
 * memberships: creating, reading, listing, counting, updating and deleting them, and merging (PATCH) or
 * replacing (PUT) their metadata. docs/server.md's table of operations, generated from the route table
 * where each is declared, names every one with its method, path and Clerk's `operationId`.
 * Lists take Clerk's `limit`, `offset`, `order_by` and filters; paginated ones
 * answer `{ data, total_count }`. Deleting a user or an organization deletes its
 * memberships too.
 * Frontend operations, for the user `authenticate` returns, read that user and merge its `unsafe_metadata`
 * (form-encoded, a JSON string), the one field they can write; they answer the Frontend API's
 * `{ response: user, client }`, and the user never contains `private_metadata`.
 *
 * PATCH on metadata is the core library's `updateMetadata` and PUT its
 * `replaceMetadata`, with wire names; every change goes through the store's
 * atomic `changeMetadata`. Responses are complete Clerk JSON objects with
 * `Content-Type: application/json`. Errors use Clerk's error body with a
 * `clerk_trace_id`, checked in this order: 401 (key or sign-in), 404 (outside
 * `/v1`), 501 (a path this server does not serve: not implemented here) or 405
 * (method, with `Allow`), 413 (body over `maxBodyBytes`, refused from
 * `Content-Length` or while streaming, without reading the rest), 400 (not
 * UTF-8 or not JSON), 422 (bad parameters), 404 (no such resource), 422
 * (metadata validation, with `meta.param_name`, including a result that does
 * not satisfy the `schemas`). A failed request changes nothing.
 *
 * With `webhooks`, every acknowledged change also records Clerk's webhook event in the store, in the change's
 * own atomic step, delivered signed in the background (docs/webhooks.md); `GET /_webhooks/messages` and
 * `POST /_webhooks/messages/{id}/resend` (secret key, this server's own routes) list and re-send them.
 *
 * @example
 * ```ts
 * const handler = createMetadataHandler({ secretKey: 'sk_test_example' });
 * const response = await handler(new Request('http://localhost/v1/users', { method: 'POST', body: '{}' }));
 * response.status; // => 401
 * ```
 *
 * @public
 */
export function createMetadataHandler(options: MetadataHandlerOptions): (request: Request) => Promise<Response> {
  if (typeof options?.secretKey !== 'string' || !isUsableSecretKey(options.secretKey)) {
    throw new TypeError('createMetadataHandler: options.secretKey must be a non-empty string of printable ASCII without whitespace');
  }
  positiveInteger(options.maxBodyBytes, 'maxBodyBytes', 0);
  positiveInteger(options.maxFieldBytes, 'maxFieldBytes', 1);
  positiveInteger(options.maxDepth, 'maxDepth', 1);
  const schemas = schemasByKind(options.schemas);
  const store = options.store ?? memoryStore();
  const isSecretKey = secretKeyChecker(options.secretKey);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limits = {
    ...(options.maxFieldBytes === undefined ? {} : { maxFieldBytes: options.maxFieldBytes }),
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
  };
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const webhooks = handlerWebhooks(options.webhooks, store, options.secretKey);
  // A store that records takes `record`; any other is never given one (webhooks refuse it above).
  const writes = store as Omit<RecordingStore, 'webhookOutbox'>;

  /** Who is signed in on a frontend path: 401 for nobody. */
  async function signedInUser(request: Request): Promise<string> {
    const userId = options.authenticate === undefined ? null : await options.authenticate(request);
    if (typeof userId !== 'string' || userId === '') {
      return fail({ code: 'authentication_invalid', message: 'not signed in', longMessage: 'This request needs a signed-in user.' });
    }
    return userId;
  }

  function checkSecretKey(request: Request): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(requestHeader(request, 'authorization') ?? '');
    if (match === null || !isSecretKey(match[1]!)) {
      fail({
        code: 'authentication_invalid',
        message: 'authentication invalid',
        longMessage: 'The request needs an Authorization header with a valid secret key: "Bearer <secret key>".',
      });
    }
  }

  function contextOf(request: Request, params: RouteContext['params'], signedInUserId: string, events: RecordEvent | undefined): RouteContext {
    const bodyText = async (): Promise<string> => {
      refuseDeclaredLength(requestHeader(request, 'content-length'), maxBodyBytes);
      return requestText(request, maxBodyBytes);
    };
    const parsedBody = async (): Promise<unknown> => parseJsonBody(await bodyText());
    return {
      request,
      params,
      query: queryOf(request.url),
      store: writes,
      events,
      now,
      limits,
      schemas,
      signedInUserId,
      bodyText,
      parsedBody,
      jsonBody: async () => plainBody(await parsedBody()),
    };
  }

  /** Authenticates (401 first, also on unknown paths), then finds the route and runs it. */
  async function route(request: Request): Promise<Answer> {
    let pathname = pathnameOf(request.url);
    if (basePath !== '') {
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) notFoundRoute(pathname);
      pathname = pathname.slice(basePath.length);
    }
    const segments = segmentsOf(pathname);
    const isFrontend = segments?.[0] === 'v1' && segments[1] === 'me';
    // A method no Request can carry (TRACE, under serveNodeHttp) gets its 405/501 without asking the hook.
    const signedInUserId = isFrontend && isFetchMethod(request.method) ? await signedInUser(request) : '';
    if (!isFrontend) checkSecretKey(request);
    // This server's own routes, outside /v1: they never pass for an operation of Clerk's.
    if (segments?.[0] === WEBHOOK_INSPECTION_SEGMENT) return inspectWebhooks(request.method, segments.slice(1), queryOf(request.url), webhooks);
    if (segments === undefined || segments[0] !== 'v1' || segments.length < 2) return notFoundRoute(pathname);
    const match = (isFrontend ? matchFrontend : matchBackend)(segments);
    const found = routeFor(request.method, pathname, match);
    if (found.method === 'GET' || webhooks.events === undefined) return found.run(contextOf(request, match!.params, signedInUserId, undefined));
    const answer = await found.run(contextOf(request, match!.params, signedInUserId, await webhooks.events(request, now())));
    webhooks.wake();
    return answer;
  }

  return async (request: Request): Promise<Response> => {
    let answer: Answer;
    try {
      answer = await route(request);
    } catch (error) {
      answer = errorToAnswer(error, onError);
    }
    // A server of this package (serveNodeHttp) writes an AnswerResponse's text as it is; any other needs a Response.
    if (request instanceof LazyRequest) return new AnswerResponse(answer) as unknown as Response;
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
