import type { JsonObject, JsonValue } from '@metadata-semantics/core';
import type { ConformanceLimits, ConformanceResource, WireMetadataFields } from './conformanceCase.js';
import type { ConformanceSchema } from './conformanceSchema.js';

/**
 * One metadata request, as {@link runConformance} hands it to an implementation.
 *
 * @public
 */
export interface ConformanceMetadataRequest {
  /** The kind of resource. */
  readonly resource: ConformanceResource;
  /** `backend` (secret key) or `frontend` (the signed-in user, `PATCH /v1/me/metadata`). */
  readonly api: 'backend' | 'frontend';
  /** `PATCH` (update, deep merge) or `PUT` (replace). */
  readonly method: 'PATCH' | 'PUT';
  /** The resource's fields before the request, by wire name; absent fields were never set. Deep-frozen. */
  readonly stored: WireMetadataFields;
  /** The parsed request body, wire names; for the frontend, each form field's JSON already parsed. Deep-frozen. */
  readonly body: JsonValue;
  /** Limits to apply instead of the defaults (8192 bytes, 64 levels), when the case sets them. */
  readonly limits?: ConformanceLimits;
  /**
   * Schemas by wire field name, when the case sets them: the result of each
   * field the request writes must satisfy its schema, or the request is
   * refused (422 `schema_mismatch`). `conformanceSchema` builds a Standard
   * Schema from one.
   */
  readonly schemas?: { readonly [field: string]: ConformanceSchema };
}

/**
 * What an implementation answers to a {@link ConformanceMetadataRequest}.
 *
 * @remarks
 * On success: status 200, `stored` with every field of the resource afterwards
 * (by wire name) and no other key, and `response`, the object the HTTP response would carry
 * (a user, organization or membership JSON object, or just its metadata
 * fields); `response` is required for frontend requests, whose cases check
 * what the signed-in user gets to see. On failure: the HTTP status and the
 * `errors` of Clerk's error body (`meta.path` is checked when a case gives a
 * path); a failed request must change nothing, which a pure implementation
 * gets for free. Return the very `stored` object when nothing changed, and
 * the stored fields' own objects where they did not change: cases with
 * `shared` check it.
 *
 * @public
 */
export type ConformanceMetadataOutcome =
  | { readonly status: 200; readonly stored: WireMetadataFields; readonly response?: JsonObject }
  | {
      readonly status: number;
      readonly errors: readonly {
        readonly code: string;
        readonly long_message?: string | undefined;
        readonly meta?: { readonly param_name?: string | undefined; readonly path?: string | undefined };
      }[];
    };

/**
 * An implementation of the semantics under test. Every member is optional:
 * cases of a missing member are reported as skipped.
 *
 * @remarks
 * Inputs are deep-frozen values the implementation must not modify: JSON,
 * except where a case puts in values JSON cannot hold (`nonJson`). A reducer
 * signals an error by throwing an object with a string `code` and, for cases
 * that check where, a `path` array of keys and indices (a `MetadataError` of
 * `@metadata-semantics/core` has both). Any member may
 * return a promise. The members are methods, so functions with narrower
 * parameter types, such as the core's `replaceFields`, can be passed as they are.
 *
 * @public
 */
export interface ConformanceImplementation {
  /** The merge reducer: RFC 7396 `MergePatch(target, patch)`. */
  merge?(target: JsonValue, patch: JsonValue): unknown;
  /**
   * The replace reducer: each own key of `provided` overwrites the same key of
   * `stored`. A few cases pass a `provided` that is not an object, to check it is refused.
   */
  replace?(stored: JsonObject, provided: JsonValue): unknown;
  /** `createMergePatch`: the smallest merge patch that turns `before` into `after`. */
  diff?(before: JsonValue, after: JsonValue): unknown;
  /** One metadata request on one resource. */
  metadata?(request: ConformanceMetadataRequest): ConformanceMetadataOutcome | Promise<ConformanceMetadataOutcome>;
}
