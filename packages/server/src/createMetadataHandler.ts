import {
  MetadataError,
  frontendWritableMetadataFields,
  metadataErrorToClerkError,
  organizationMetadataFields,
  replaceMetadata,
  toWireFieldName,
  updateMetadata,
  userMetadataFields,
  type MetadataFieldName,
  type MetadataFields,
  type WireMetadataParams,
} from '@metadata-semantics/core';
import { isFetchMethod } from './internal/fetchMethod.js';
import { randomId } from './internal/ids.js';
import { membershipOwner } from './internal/membershipKey.js';
import { pathnameOf } from './internal/pathnameOf.js';
import {
  answerExchange,
  answerToResponse,
  fetchExchange,
  type Answer,
  type AnswerExchange,
  type Exchange,
} from './internal/exchange.js';
import { parseJsonBody, refuseDeclaredLength } from './internal/readBody.js';
import {
  createMembershipParams,
  createOrganizationParams,
  createUserParams,
  membershipJson,
  newMembershipAttributes,
  newOrganizationAttributes,
  newUserAttributes,
  organizationJson,
  refuseUnknownParams,
  requiredString,
  userJson,
} from './internal/resources.js';
import { HttpError, errorAnswer, fail, jsonAnswer, notFound } from './internal/responses.js';
import { isUsableSecretKey, secretKeyChecker } from './internal/secretKeyCheck.js';
import { memoryStore } from './memoryStore.js';
import { StoreConflictError, type MetadataStore, type ResourceKind, type StoredResource } from './metadataStore.js';

/**
 * The default cap on a request body: 1 MiB.
 *
 * @public
 */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/**
 * Options of {@link createMetadataHandler}.
 *
 * @public
 */
export interface MetadataHandlerOptions {
  /** The secret key backend requests must send as `Authorization: Bearer <key>`. Required: printable ASCII, no whitespace. */
  readonly secretKey: string;
  /** Where resources live. Default: a new {@link memoryStore}. */
  readonly store?: MetadataStore;
  /**
   * Who is signed in, for the frontend endpoint `PATCH /v1/me/metadata`: the
   * user id, or `null`/`undefined` for nobody (401). Without it, every
   * frontend request is answered 401. Read the request's headers (a cookie,
   * a bearer token), not its body: the handler reads the body itself, and
   * under `serveNodeHttp` the hook gets a `Request` without one.
   */
  readonly authenticate?: (request: Request) => string | null | undefined | Promise<string | null | undefined>;
  /** Largest accepted request body in bytes; larger ones get 413. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  /** Size limit of one metadata field, passed to the core operations. Default 8192. */
  readonly maxFieldBytes?: number;
  /** Nesting limit of one metadata field, passed to the core operations. Default 64. */
  readonly maxDepth?: number;
  /** A path prefix to strip before routing, e.g. `/api/clerk` when mounted there. Default none. */
  readonly basePath?: string;
  /** The clock for `created_at` / `updated_at`, in Unix milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Told about unexpected errors (answered 500). Default `console.error`. */
  readonly onError?: (error: unknown) => void;
}

type Route = { [method: string]: (exchange: Exchange) => Promise<Answer> };

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

function pickMetadataParams(body: Record<string, unknown>): WireMetadataParams {
  const params: { [key: string]: unknown } = {};
  for (const name of userMetadataFields.map(toWireFieldName)) {
    if (Object.hasOwn(body, name)) params[name] = body[name];
  }
  return params as WireMetadataParams;
}

/**
 * Creates a web-standard request handler that serves Clerk's metadata
 * endpoints: mount it in Node (`serveNodeHttp` from `@metadata-semantics/server/node`), Bun, Deno,
 * Cloudflare Workers, Hono or a Next.js route handler.
 *
 * @param options - the secret key, the store, the frontend `authenticate` hook and limits
 * @returns `(request) => Promise<Response>`; it never rejects
 *
 * @remarks
 * Backend endpoints (JSON, `Authorization: Bearer <secretKey>`, compared in
 * constant time): `POST /v1/users`, `GET`/`DELETE /v1/users/{id}`,
 * `PATCH`/`PUT /v1/users/{id}/metadata`, `POST /v1/organizations`,
 * `GET`/`DELETE /v1/organizations/{id}`, `PATCH`/`PUT /v1/organizations/{id}/metadata`,
 * `POST /v1/organizations/{id}/memberships`,
 * `DELETE /v1/organizations/{id}/memberships/{user_id}`,
 * `PATCH /v1/organizations/{id}/memberships/{user_id}/metadata`.
 * Deleting a user or an organization deletes its memberships too; the
 * deletions answer `{ object, id, deleted: true }`, except a membership's,
 * which answers the membership as it was (as Clerk does).
 * Frontend endpoint: `PATCH /v1/me/metadata` (form-encoded `unsafe_metadata`,
 * a JSON string), for the user `authenticate` returns; it can write only
 * `unsafe_metadata` and its answer never contains `private_metadata`.
 *
 * PATCH is the core library's `updateMetadata` and PUT its `replaceMetadata`,
 * with wire names; every change goes through the store's atomic
 * `changeMetadata`. Responses are complete Clerk JSON objects with
 * `Content-Type: application/json`. Errors use Clerk's error body, checked in
 * this order: 401 (key or sign-in), 404 (no such route) or 405 (method, with
 * `Allow`), 413 (body over `maxBodyBytes`, refused from `Content-Length` or
 * while streaming, without reading the rest), 400 (not UTF-8 or not JSON),
 * 422 (bad parameters), 404 (no such resource), 422 (metadata validation, with
 * `meta.param_name`). A failed request changes nothing.
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

  /** The body as text: a `Content-Length` over the cap is refused before anything is read. */
  async function bodyText(exchange: Exchange): Promise<string> {
    refuseDeclaredLength(exchange.header('content-length'), maxBodyBytes);
    return exchange.readText(maxBodyBytes);
  }

  async function jsonBody(exchange: Exchange): Promise<Record<string, unknown>> {
    return plainBody(parseJsonBody(await bodyText(exchange)));
  }

  async function mustGet(kind: ResourceKind, key: string, label: string): Promise<StoredResource> {
    return (await store.get(kind, key)) ?? notFound(label, key);
  }

  async function changeMetadata(
    kind: ResourceKind,
    key: string,
    operation: 'update' | 'replace',
    params: unknown,
    fields: readonly MetadataFieldName[],
  ): Promise<StoredResource | undefined> {
    const apply = operation === 'update' ? updateMetadata : replaceMetadata;
    return store.changeMetadata(
      kind,
      key,
      (metadata: MetadataFields) => ({
        ...metadata,
        ...apply(metadata, params as WireMetadataParams, { naming: 'wire', fields, ...limits }),
      }),
      now(),
    );
  }

  const userMetadata = (userId: string, operation: 'update' | 'replace'): Route[string] =>
    async (exchange) => {
      const params = parseJsonBody(await bodyText(exchange));
      const user = await changeMetadata('user', userId, operation, params, userMetadataFields);
      return jsonAnswer(200, userJson(user ?? notFound('user', userId), 'backend'));
    };

  const organizationMetadata = (organizationId: string, operation: 'update' | 'replace'): Route[string] =>
    async (exchange) => {
      const params = parseJsonBody(await bodyText(exchange));
      const organization = await changeMetadata(
        'organization',
        organizationId,
        operation,
        params,
        organizationMetadataFields,
      );
      return jsonAnswer(200, organizationJson(organization ?? notFound('organization', organizationId)));
    };

  /**
   * Inserts a membership, then reads both its ends again: an organization or a user deleted meanwhile (its
   * sweep of memberships may have run just before this insert) must not leave the membership behind, so then
   * it is deleted again and the missing end is named. `exists` when the user already was a member.
   */
  async function insertMembership(membership: StoredResource): Promise<'inserted' | 'exists' | 'organization' | 'user'> {
    if (!(await store.insert(membership))) return 'exists';
    const organizationKey = membershipOwner(membership.key, 'organization')!;
    const userKey = membershipOwner(membership.key, 'user')!;
    const [organization, user] = await Promise.all([store.get('organization', organizationKey), store.get('user', userKey)]);
    if (organization !== undefined && user !== undefined) return 'inserted';
    await store.delete('organization_membership', membership.key);
    return organization === undefined ? 'organization' : 'user';
  }

  /** The metadata a create request starts with: its metadata params merged into empty fields. */
  const initialMetadata = (body: Record<string, unknown>, fields: readonly MetadataFieldName[]): MetadataFields =>
    updateMetadata({}, pickMetadataParams(body), { naming: 'wire', fields, ...limits });

  function backendRoute(segments: readonly string[]): Route | undefined {
    const [resource, id, sub, subId, last] = segments;
    const length = segments.length;
    if (resource === 'users') {
      if (length === 1) {
        return {
          POST: async (exchange) => {
            const body = await jsonBody(exchange);
            refuseUnknownParams(body, createUserParams);
            const metadata = initialMetadata(body, userMetadataFields);
            const createdAt = now();
            const user: StoredResource = {
              kind: 'user',
              key: randomId('user_'),
              attributes: newUserAttributes(body, createdAt),
              metadata,
              createdAt,
              updatedAt: createdAt,
              version: 1,
            };
            await store.insert(user);
            return jsonAnswer(200, userJson(user, 'backend'));
          },
        };
      }
      if (length === 2) {
        return {
          GET: async () => jsonAnswer(200, userJson(await mustGet('user', id!, 'user'), 'backend')),
          DELETE: async () => {
            if ((await store.delete('user', id!)) === undefined) notFound('user', id!);
            return jsonAnswer(200, { object: 'user', id, deleted: true });
          },
        };
      }
      if (length === 3 && sub === 'metadata') {
        return { PATCH: userMetadata(id!, 'update'), PUT: userMetadata(id!, 'replace') };
      }
      return undefined;
    }
    if (resource !== 'organizations') return undefined;
    if (length === 1) {
      return {
        POST: async (exchange) => {
          const body = await jsonBody(exchange);
          refuseUnknownParams(body, createOrganizationParams);
          const metadata = initialMetadata(body, organizationMetadataFields);
          const { attributes, createdBy } = newOrganizationAttributes(body);
          const creator = createdBy === null ? undefined : await mustGet('user', createdBy, 'user');
          const createdAt = now();
          const organization: StoredResource = {
            kind: 'organization',
            key: randomId('org_'),
            attributes,
            metadata,
            createdAt,
            updatedAt: createdAt,
            version: 1,
          };
          await store.insert(organization);
          if (creator !== undefined) {
            // A creator deleted meanwhile leaves the organization without its admin membership, as a later deletion would.
            await insertMembership({
              kind: 'organization_membership',
              key: `${organization.key}/${creator.key}`,
              attributes: newMembershipAttributes('org:admin', creator),
              metadata: { public_metadata: {}, private_metadata: {} },
              createdAt,
              updatedAt: createdAt,
              version: 1,
            });
          }
          return jsonAnswer(200, organizationJson(organization));
        },
      };
    }
    if (length === 2) {
      return {
        GET: async () => jsonAnswer(200, organizationJson(await mustGet('organization', id!, 'organization'))),
        DELETE: async () => {
          if ((await store.delete('organization', id!)) === undefined) notFound('organization', id!);
          return jsonAnswer(200, { object: 'organization', id, deleted: true });
        },
      };
    }
    if (length === 3 && sub === 'metadata') {
      return { PATCH: organizationMetadata(id!, 'update'), PUT: organizationMetadata(id!, 'replace') };
    }
    if (length === 3 && sub === 'memberships') {
      return {
        POST: async (exchange) => {
          const body = await jsonBody(exchange);
          refuseUnknownParams(body, createMembershipParams);
          const userId = requiredString(body, 'user_id');
          const role = requiredString(body, 'role');
          const organization = await mustGet('organization', id!, 'organization');
          const user = await mustGet('user', userId, 'user');
          const createdAt = now();
          const membership: StoredResource = {
            kind: 'organization_membership',
            key: `${organization.key}/${user.key}`,
            attributes: newMembershipAttributes(role, user),
            metadata: { public_metadata: {}, private_metadata: {} },
            createdAt,
            updatedAt: createdAt,
            version: 1,
          };
          const inserted = await insertMembership(membership);
          // Deleted while this request ran: answered as if it had been gone from the start.
          if (inserted === 'organization') notFound('organization', organization.key);
          if (inserted === 'user') notFound('user', user.key);
          if (inserted === 'exists') {
            fail(
              422,
              'already_a_member_in_organization',
              'already a member',
              `User ${user.key} is already a member of organization ${organization.key}.`,
              { param_name: 'user_id' },
            );
          }
          return jsonAnswer(200, membershipJson(membership, organization));
        },
      };
    }
    if (length === 4 && sub === 'memberships') {
      return {
        // Clerk answers with the membership as it was, not a deleted-object.
        DELETE: async () => {
          const organization = await mustGet('organization', id!, 'organization');
          const key = `${organization.key}/${subId!}`;
          const membership = await store.delete('organization_membership', key);
          if (membership === undefined) notFound('organization membership', key);
          return jsonAnswer(200, membershipJson(membership, organization));
        },
      };
    }
    if (length === 5 && sub === 'memberships' && last === 'metadata') {
      return {
        PATCH: async (exchange) => {
          const params = parseJsonBody(await bodyText(exchange));
          const key = `${id!}/${subId!}`;
          const membership = await changeMetadata(
            'organization_membership',
            key,
            'update',
            params,
            organizationMetadataFields,
          );
          if (membership === undefined) notFound('organization membership', key);
          const organization = await mustGet('organization', id!, 'organization');
          return jsonAnswer(200, membershipJson(membership, organization));
        },
      };
    }
    return undefined;
  }

  async function frontendMetadata(exchange: Exchange, userId: string): Promise<Answer> {
    const contentType = exchange.header('content-type');
    if (contentType !== null && !/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
      fail(
        400,
        'request_body_invalid',
        'request body is invalid',
        'PATCH /v1/me/metadata expects an application/x-www-form-urlencoded body.',
      );
    }
    const form = new URLSearchParams(await bodyText(exchange));
    const params: { [name: string]: unknown } = {};
    for (const [name, text] of form) {
      if (Object.hasOwn(params, name)) {
        fail(400, 'request_body_invalid', `${name} is repeated`, `${name} must appear once.`, { param_name: name });
      }
      try {
        params[name] = JSON.parse(text) as unknown;
      } catch {
        fail(400, 'request_body_invalid', `${name} is not JSON`, `${name} must be a JSON-encoded string.`, {
          param_name: name,
        });
      }
    }
    if (!Object.hasOwn(params, 'unsafe_metadata')) {
      fail(422, 'form_param_missing', 'unsafe_metadata is missing', 'unsafe_metadata must be included.', {
        param_name: 'unsafe_metadata',
      });
    }
    const user = await changeMetadata('user', userId, 'update', params, frontendWritableMetadataFields);
    return jsonAnswer(200, userJson(user ?? notFound('user', userId), 'frontend'));
  }

  async function route(exchange: Exchange): Promise<Answer> {
    let pathname = pathnameOf(exchange.url);
    if (basePath !== '') {
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
        fail(404, 'resource_not_found', 'not found', `No route for ${pathname}.`);
      }
      pathname = pathname.slice(basePath.length);
    }
    let segments: string[];
    try {
      segments = pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      return fail(404, 'resource_not_found', 'not found', `No route for ${pathname}.`);
    }
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();

    let routeMethods: Route | undefined;
    if (segments[0] === 'v1' && segments[1] === 'me') {
      let userId = '';
      if (segments.length === 3 && segments[2] === 'metadata') {
        routeMethods = { PATCH: (exchange) => frontendMetadata(exchange, userId) };
      }
      // A method no Request can carry (TRACE, under serveNodeHttp) is answered 404/405 without asking the hook.
      if (isFetchMethod(exchange.method)) {
        const signedIn = options.authenticate === undefined ? null : await options.authenticate(exchange.toRequest());
        if (typeof signedIn !== 'string' || signedIn === '') {
          return fail(401, 'authentication_invalid', 'not signed in', 'This request needs a signed-in user.');
        }
        userId = signedIn;
      }
    } else {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(exchange.header('authorization') ?? '');
      if (match === null || !isSecretKey(match[1]!)) {
        fail(
          401,
          'authentication_invalid',
          'authentication invalid',
          'The request needs an Authorization header with a valid secret key: "Bearer <secret key>".',
        );
      }
      if (segments[0] === 'v1' && segments.length >= 2) routeMethods = backendRoute(segments.slice(1));
    }
    if (routeMethods === undefined) {
      return fail(404, 'resource_not_found', 'not found', `No route for ${pathname}.`);
    }
    const run = Object.hasOwn(routeMethods, exchange.method) ? routeMethods[exchange.method] : undefined;
    if (run === undefined) {
      const allow = Object.keys(routeMethods).join(', ');
      return errorAnswer(
        405,
        'method_not_allowed',
        'method not allowed',
        `${exchange.method} is not allowed on ${pathname}; allowed: ${allow}.`,
        undefined,
        { allow },
      );
    }
    return run(exchange);
  }

  const answer: AnswerExchange = async (exchange) => {
    try {
      return await route(exchange);
    } catch (error) {
      if (error instanceof HttpError) return error.answer;
      if (error instanceof MetadataError) {
        const { status, body } = metadataErrorToClerkError(error);
        return jsonAnswer(status, body);
      }
      if (error instanceof StoreConflictError) {
        return errorAnswer(409, 'concurrent_modification', 'concurrent modification', error.message);
      }
      onError(error);
      return errorAnswer(500, 'internal_error', 'internal error', 'The server failed to handle the request.');
    }
  };
  const handler = async (request: Request): Promise<Response> => answerToResponse(await answer(fetchExchange(request)));
  // serveNodeHttp runs the same routes straight from node:http under this key (no Request/Response per call).
  Object.defineProperty(handler, answerExchange, { value: answer });
  return handler;
}
