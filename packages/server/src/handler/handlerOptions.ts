import type { MetadataSchemas } from '@metadata-semantics/core';
import type { MetadataStore } from '../store/metadataStore.js';
import type { RsaPrivateJwk } from '../api/frontend/sessionTokenSigner.js';
import type { MetadataWebhookOptions } from './metadataWebhookOptions.js';

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
   * Who is signed in, for the frontend endpoints `GET /v1/me` and `PATCH /v1/me/metadata`:
   * the user id, or `null`/`undefined` for nobody (401). Without it, every
   * frontend request is answered 401. Read the request's headers (a cookie,
   * a bearer token), not its body: the handler reads the body itself, after the hook.
   */
  readonly authenticate?: (request: Request) => string | null | undefined | Promise<string | null | undefined>;
  /** Largest accepted request body in bytes; larger ones get 413. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  /** Size limit of one metadata field, passed to the core operations. Default 8192. */
  readonly maxFieldBytes?: number;
  /** Nesting limit of one metadata field, passed to the core operations. Default 64. */
  readonly maxDepth?: number;
  /**
   * Schemas the metadata must satisfy after every write, per kind of resource
   * and field (SDK names), each any Standard Schema v1 validator (zod, valibot,
   * arktype, …): `{ user: { publicMetadata: schema }, organization: …, membership: … }`.
   * Default none.
   *
   * @remarks
   * Every write (PATCH and PUT on metadata, the frontend's PATCH, and the
   * metadata a create sets) validates the result of each field it writes with
   * core's operations; a result that does not satisfy its schema is a 422
   * `schema_mismatch`, one error per issue with `meta.param_name` (the field's
   * wire name) and `meta.path` (a JSON Pointer to the issue), and nothing is
   * written. Fields a request does not write are not validated. A schema must
   * validate synchronously: one that returns a promise makes the request a 500
   * (told to `onError`), writing nothing. An unknown resource or field, or a
   * value that is not a Standard Schema, throws a `TypeError` here.
   */
  readonly schemas?: MetadataHandlerSchemas;
  /**
   * Serves Clerk's Frontend API under `/__clerk` (Clerk's proxy path), for Clerk's browser SDK given
   * `proxyUrl: '<server>/__clerk'`: the environment, the client (a `__client` cookie), sign-in with a
   * sign-in token's ticket, sessions and their tokens, and the signed-in user's metadata. Default: not served
   * (`/__clerk/...` answers 404, and the Backend API's `GET /v1/jwks` lists no key).
   */
  readonly frontendApi?: FrontendApiOptions;
  /** A path prefix to strip before routing, e.g. `/api/clerk` when mounted there. Default none. */
  readonly basePath?: string;
  /** The clock for `created_at` / `updated_at`, in Unix milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Told about unexpected errors (answered 500). Default `console.error`. */
  readonly onError?: (error: unknown) => void;
  /**
   * Clerk's webhook events of every change, recorded with the change and delivered signed, at least once, in order
   * per resource ({@link MetadataWebhookOptions}). Default none.
   */
  readonly webhooks?: MetadataWebhookOptions;
}

/**
 * The `schemas` option of {@link createMetadataHandler}: per kind of resource,
 * a Standard Schema per metadata field, in SDK names.
 *
 * @public
 */
export interface MetadataHandlerSchemas {
  /** The users' fields: `publicMetadata`, `privateMetadata`, `unsafeMetadata`. */
  readonly user?: MetadataSchemas;
  /** The organizations' fields: `publicMetadata`, `privateMetadata`. */
  readonly organization?: MetadataSchemas;
  /** The organization memberships' fields: `publicMetadata`, `privateMetadata`. */
  readonly membership?: MetadataSchemas;
}

/**
 * The `frontendApi` option of {@link createMetadataHandler}.
 *
 * @remarks
 * Clients, sessions and sign-in tokens live in the handler's memory: a new handler (a restart) signs every
 * browser out, and a browser must reach the handler that signed it in. Users and their metadata stay in the
 * store.
 *
 * @public
 */
export interface FrontendApiOptions {
  /**
   * The private key session tokens are signed with (RS256), as a JSON Web Key: RSA-2048 with exponent 65537,
   * the only kind `@clerk/backend`'s `jwtKey` takes. The Backend API's `GET /v1/jwks` lists its public half.
   * Anything else throws a `TypeError`.
   */
  readonly signingKey: RsaPrivateJwk;
  /**
   * The publishable key the browser uses (`pk_test_` + base64 of `host:port$`): its host makes the tokens'
   * `iss` (`http://host:port`). Default: the host each request names.
   */
  readonly publishableKey?: string;
  /** How long a session token lives, in seconds (clerk-js refreshes it before it expires). Default 60. */
  readonly sessionTokenLifetimeSeconds?: number;
  /**
   * The page origins allowed to call the Frontend API from a browser, besides the server's own: exact origins
   * (`http://127.0.0.1:5173`) or any port of a host (`http://127.0.0.1:*`). A request with another `Origin`
   * is refused with 403. Default `['http://127.0.0.1:*']`.
   */
  readonly allowedOrigins?: readonly string[];
}
