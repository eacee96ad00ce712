import { MetadataError } from '@metadata-semantics/core';
import type { Answer } from '../http/answer.js';
import { AnswerResponse } from '../http/answerResponse.js';
import { LazyRequest, requestHeader } from '../http/lazyRequest.js';
import { requestText } from '../http/requestText.js';
import { isFetchMethod } from '../http/fetchMethod.js';
import { DEFAULT_MAX_BODY_BYTES, type MetadataHandlerOptions } from './handlerOptions.js';
import { schemasByKind } from './handlerSchemas.js';
import { routeMatcher } from './matchRoute.js';
import { pathnameOf } from '../http/pathnameOf.js';
import { parseJsonBody, refuseDeclaredLength } from '../http/readBody.js';
import { fail } from '../http/serverErrors.js';
import { jsonAnswer, jsonTextAnswer } from '../http/responses.js';
import type { RecordEvent, Route, RouteContext, WrittenTexts } from '../api/route.js';
import { isUsableSecretKey, secretKeyChecker } from './secretKeyCheck.js';
import { memoryStore } from '../store/memory/memoryStore.js';
import { backendRoutes, frontendRoutes } from '../api/operations.js';
import type { FrontendAuth } from '../api/frontend/frontendAuth.js';
import { frontendApiServer, type RunRoute } from './frontendApi.js';
import { overriddenMethod } from './methodOverride.js';
import { errorToAnswer, notFoundRoute, queryOf, routeFor, segmentsOf } from './routing.js';
import { handlerWebhooks } from './handlerWebhooks.js';
import { routeStore } from './routeStore.js';
import { inspectWebhooks, WEBHOOK_INSPECTION_SEGMENT } from './webhookInspection.js';

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
 * With the `frontendApi` option, Clerk's Frontend API is served under `/__clerk` for Clerk's browser SDK
 * (`proxyUrl: '<server>/__clerk'`): the environment, the client (a `__client` cookie), sign-in with a
 * sign-in token's ticket (`POST /v1/sign_in_tokens`), sessions and their RS256 tokens (verified with
 * `GET /v1/jwks`), and the user's metadata as above; clerk-js's `_method` override and form bodies are
 * honoured, and a page origin not allowed is answered 403 before anything else.
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
  const frontendApi = frontendApiServer(options.frontendApi, now);
  const webhooks = handlerWebhooks(options.webhooks, store, options.secretKey);
  // A store that records takes `record`; any other is never given one (webhooks refuse it above).
  const writes = routeStore(store);

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

  function contextOf(
    request: Request,
    params: RouteContext['params'],
    signedInUserId: string,
    authOf: () => FrontendAuth,
    events: RecordEvent | undefined,
    texts?: WrittenTexts,
  ): RouteContext {
    let auth: FrontendAuth | undefined;
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
      // Built when a route asks: most never do, and it reads the URL and a header.
      get auth() {
        return (auth ??= authOf());
      },
      bodyText,
      parsedBody,
      jsonBody: async () => plainBody(await parsedBody()),
      resourceAnswer(resource, json) {
        const written = texts?.get(resource);
        return written?.json === json ? jsonTextAnswer(200, written.text) : jsonAnswer(200, json(resource));
      },
    };
  }

  /** Authenticates (401 first, also on unknown paths), then finds the route and runs it. */
  async function route(request: Request): Promise<Answer> {
    let pathname = pathnameOf(request.url);
    if (basePath !== '') {
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) notFoundRoute(pathname);
      pathname = pathname.slice(basePath.length);
    }
    if (frontendApi.serves(pathname)) return frontendApi.answer(request, pathname, runRoute, onError);
    const segments = segmentsOf(pathname);
    const isFrontend = segments?.[0] === 'v1' && segments[1] === 'me';
    // A method no Request can carry (TRACE, under serveNodeHttp) gets its 405/501 without asking the hook.
    const signedInUserId = isFrontend && isFetchMethod(request.method) ? await signedInUser(request) : '';
    if (!isFrontend) checkSecretKey(request);
    // This server's own routes, outside /v1: they never pass for an operation of Clerk's.
    if (segments?.[0] === WEBHOOK_INSPECTION_SEGMENT) return inspectWebhooks(request.method, segments.slice(1), queryOf(request.url), webhooks);
    if (segments === undefined || segments[0] !== 'v1' || segments.length < 2) return notFoundRoute(pathname);
    const match = (isFrontend ? matchFrontend : matchBackend)(segments);
    // clerk-js sends PATCH as POST with `_method=PATCH`, on the development header's `/v1/me/metadata` too.
    const method = isFrontend ? overriddenMethod(request.method, queryOf(request.url)) : request.method;
    const found = routeFor(method, pathname, match);
    return runFound(found, request, match!.params, signedInUserId, () => frontendApi.auth(request));
  }

  /** Runs a route; a write also records its webhook events (when endpoints are configured) and wakes delivery. */
  async function runFound(found: Pick<Route, 'method' | 'run'>, request: Request, params: RouteContext['params'], signedInUserId: string, authOf: () => FrontendAuth): Promise<Answer> {
    if (found.method === 'GET' || webhooks.events === undefined) return found.run(contextOf(request, params, signedInUserId, authOf, undefined));
    const texts: WrittenTexts = new WeakMap();
    const answer = await found.run(contextOf(request, params, signedInUserId, authOf, await webhooks.events(request, now(), texts), texts));
    webhooks.wake();
    return answer;
  }

  const runRoute: RunRoute = (found, request, params, signedInUserId, auth) => runFound(found, request, params, signedInUserId, () => auth);

  return async (request: Request): Promise<Response> => {
    let answer: Answer;
    try {
      answer = await route(request);
    } catch (error) {
      answer = errorToAnswer(error, onError);
    }
    // A server of this package (serveNodeHttp) writes an AnswerResponse's text as it is; any other needs a Response.
    if (request instanceof LazyRequest) return new AnswerResponse(answer) as unknown as Response;
    // A 204 (a preflight's) has no body, and a Response refuses one, even empty.
    return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
}
