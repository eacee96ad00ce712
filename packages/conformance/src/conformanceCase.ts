import type { JsonObject, JsonValue } from '@metadata-semantics/core';
import type { ConformanceSchema } from './conformanceSchema.js';

/**
 * Where the rule a case checks comes from.
 *
 * @remarks
 * `clerk:*` are Clerk's reference pages and API references, `rfc7396:*` the
 * JSON Merge Patch RFC (its Appendix A examples, or its section 2 algorithm),
 * and `choice` a decision of this library where those are silent; a `choice`
 * case always has a `link` to the heading of `docs/semantics.md` that states it.
 *
 * @public
 */
export type ConformanceSource =
  | 'clerk:update-user-metadata'
  | 'clerk:replace-user-metadata'
  | 'clerk:backend-api'
  | 'clerk:frontend-api'
  | 'rfc7396:appendix-a'
  | 'rfc7396:section-2'
  | 'choice';

/**
 * A resource that has metadata: a user (three fields) or an organization or an
 * organization membership (two fields: public and private).
 *
 * @public
 */
export type ConformanceResource = 'user' | 'organization' | 'membership';

/**
 * Metadata fields by wire name (`public_metadata`, …). A field absent from a
 * case's `stored` was never set and reads as `{}`.
 *
 * @public
 */
export type WireMetadataFields = { readonly [field: string]: JsonValue };

/**
 * What every case has.
 *
 * @public
 */
export interface ConformanceCaseBase {
  /** `<topic>/<kebab-case-name>`, stable across releases. */
  readonly id: string;
  /** One line saying what the case checks. */
  readonly description: string;
  /** Where the rule comes from. */
  readonly source: ConformanceSource;
  /** `docs/semantics.md#<heading>`; always present when `source` is `choice`. */
  readonly link?: string;
  /** The law or decision of `docs/semantics.md` the case exercises, e.g. `merge.delete`. */
  readonly law: string;
  /** Values JSON cannot hold, put into the case's inputs before the call; see {@link ConformanceNonJsonValue}. */
  readonly nonJson?: readonly ConformanceNonJsonValue[];
}

/**
 * A value JSON cannot hold, put into a case's inputs: what a case says that
 * values alone cannot.
 *
 * @remarks
 * `at` is a JSON Pointer into the case itself (`/patch/a/0`, `/target/b`,
 * `/stored/public_metadata/x`, `/request/body/public_metadata/x`, `/after/x`)
 * naming a member or element the case's JSON already has, whose JSON value is
 * a placeholder. `undefined` is JavaScript's `undefined`; `nan`, `infinity`,
 * `negative-infinity` those numbers; `bigint` is `1n`; `symbol`, `function`
 * any such value; `date` is `new Date(0)`; `map` an empty `Map`; `hole` removes
 * the array element, keeping the length (a sparse array); `instance` is an
 * instance of a class and `null-prototype` an object without a prototype,
 * each holding the placeholder object's members as own properties. Runners
 * that cannot build a value skip the case; HTTP runners skip every such case.
 *
 * @public
 */
export interface ConformanceNonJsonValue {
  /** Where the value goes: a JSON Pointer into the case. */
  readonly at: string;
  /** Which value. */
  readonly value:
    | 'undefined'
    | 'nan'
    | 'infinity'
    | 'negative-infinity'
    | 'bigint'
    | 'symbol'
    | 'function'
    | 'date'
    | 'map'
    | 'hole'
    | 'instance'
    | 'null-prototype';
}

/**
 * The error a reducer case (or a createMergePatch case) expects.
 *
 * @public
 */
export interface ConformanceReducerError {
  /** The `code` of the thrown error. */
  readonly code: string;
  /** Where the offending value is, as a JSON Pointer into the argument that holds it (patch, provided, after). */
  readonly path?: string;
  /** Only in `choice` cases: the whole `message` of the thrown error, exactly (this library's wording). */
  readonly message?: string;
}

/**
 * A case of the merge reducer: `deepMergeWithNullDeletion(target, patch)`
 * must deep-equal `expect.result`, or throw `expect.error`.
 *
 * @remarks
 * `expect.shared` lists JSON Pointers where the result must be the target's
 * very own object or array at the same pointer (`""`: the target itself), for
 * languages with references.
 *
 * @public
 */
export interface MergeConformanceCase extends ConformanceCaseBase {
  /** Marks a merge reducer case. */
  readonly operation: 'merge';
  /** The value merged into: any JSON value. */
  readonly target: JsonValue;
  /** The merge patch: any JSON value. */
  readonly patch: JsonValue;
  /** The value the merge must return (and what it must share with the target), or the error it must throw. */
  readonly expect:
    | { readonly result: JsonValue; readonly shared?: readonly string[] }
    | { readonly error: ConformanceReducerError };
}

/**
 * A case of the replace reducer: `replaceFields(stored, provided)` must
 * deep-equal `expect.result`, or throw an error whose `code` is `expect.error.code`.
 *
 * @public
 */
export interface ReplaceConformanceCase extends ConformanceCaseBase {
  /** Marks a replace reducer case. */
  readonly operation: 'replace';
  /** The current fields. */
  readonly stored: JsonObject;
  /** The fields to overwrite; anything but an object must be refused with `invalid_params`. */
  readonly provided: JsonValue;
  /** The fields the replace must return (and what it must share with `stored`), or the error it must throw. */
  readonly expect:
    | { readonly result: JsonObject; readonly shared?: readonly string[] }
    | { readonly error: ConformanceReducerError };
}

/**
 * A case of `createMergePatch(before, after)`: the smallest merge patch that
 * turns `before` into `after`, which must deep-equal `expect.patch`, or the
 * error it must throw.
 *
 * @remarks
 * Round trip: the runner also checks that the implementation's merge of
 * `before` and the patch it returned is `after`.
 *
 * @public
 */
export interface DiffConformanceCase extends ConformanceCaseBase {
  /** Marks a createMergePatch case. */
  readonly operation: 'diff';
  /** The current value. */
  readonly before: JsonValue;
  /** The wanted value. */
  readonly after: JsonValue;
  /** The patch, or the error. */
  readonly expect: { readonly patch: JsonValue } | { readonly error: ConformanceReducerError };
}

/**
 * The request of a {@link MetadataConformanceCase}.
 *
 * @remarks
 * `backend` is `PATCH`/`PUT` on `/v1/users/{id}/metadata`,
 * `/v1/organizations/{id}/metadata` or (`PATCH` only)
 * `/v1/organizations/{id}/memberships/{user_id}/metadata` with a JSON body;
 * `frontend` is `PATCH /v1/me/metadata` as the signed-in user, each top-level
 * member of `body` sent as a form field holding its JSON text. Exactly one of
 * `body` (a JSON value) and `rawBody` (the exact body text, sent as it is: JSON
 * text for `backend`, form-encoded text for `frontend`) is present; `rawBody`
 * carries what a JSON value cannot carry as written (an empty or malformed body,
 * number literals such as `1e-400`), and only HTTP runners can run those cases.
 *
 * @public
 */
export interface ConformanceRequest {
  /** `backend` (secret key) or `frontend` (the signed-in user). */
  readonly api: 'backend' | 'frontend';
  /** `PATCH` is update (deep merge), `PUT` is replace. */
  readonly method: 'PATCH' | 'PUT';
  /** The body as a JSON value, in wire names. */
  readonly body?: JsonValue;
  /** The exact body text, sent as it is (JSON for `backend`, form-encoded for `frontend`): empty, malformed, or with number literals a parser would change. */
  readonly rawBody?: string;
}

/**
 * The expected outcome of a {@link MetadataConformanceCase}.
 *
 * @remarks
 * Success: status 200 and every field of the resource afterwards, in the
 * response and when read back; `response` lists fields the response must carry
 * with these values and `responseOmits` fields it must not carry (frontend).
 * Failure: the status, an error in Clerk's error body with `code` (and
 * `meta.param_name` equal to `paramName`, when given), and the resource's
 * fields unchanged; `path`, when given, is `meta.path` (a JSON Pointer from the
 * body down), and `message`, when given, the whole `long_message`. Every metadata validation failure is a 422 with one of the
 * core's error codes; a case may give only a status (`error: {}`). In-process,
 * `shared` lists JSON Pointers where the fields afterwards are the stored
 * fields' own objects.
 *
 * @public
 */
export type ConformanceExpectation =
  | {
      readonly status: 200;
      readonly stored: WireMetadataFields;
      readonly response?: WireMetadataFields;
      readonly responseOmits?: readonly string[];
      /** JSON Pointers into the fields where they are the stored fields' own objects (`""`: all of them, the stored object itself). */
      readonly shared?: readonly string[];
    }
  | {
      readonly status: number;
      readonly error: { readonly code?: string; readonly paramName?: string; readonly path?: string; readonly message?: string };
    };

/**
 * A case of one metadata request (update or replace) on one resource.
 *
 * @public
 */
export interface MetadataConformanceCase extends ConformanceCaseBase {
  /** The kind of resource the request goes to. */
  readonly resource: ConformanceResource;
  /** The resource's fields before the request, by wire name; absent fields were never set. */
  readonly stored: WireMetadataFields;
  /** Limits to run with instead of the defaults (8192 bytes, 64 levels); HTTP runners skip such cases. */
  readonly limits?: ConformanceLimits;
  /**
   * Schemas, by wire field name, that the result of each field the request
   * writes must satisfy (a {@link ConformanceSchema}); a result that does not
   * is refused with `schema_mismatch`. HTTP runners skip such cases: a
   * server's schemas are fixed when it starts.
   */
  readonly schemas?: { readonly [field: string]: ConformanceSchema };
  /** The request. */
  readonly request: ConformanceRequest;
  /** The outcome it must have. */
  readonly expect: ConformanceExpectation;
}

/**
 * The limits of a {@link MetadataConformanceCase} that does not use the defaults.
 *
 * @public
 */
export interface ConformanceLimits {
  /** Largest allowed JSON size of a field's resulting value, in UTF-8 bytes; anything but a number of at least 1 is refused with `invalid_params`. */
  readonly maxFieldBytes?: unknown;
  /** Deepest allowed nesting of a field's value in the request, the field's own object being level 1; likewise. */
  readonly maxDepth?: unknown;
}

/**
 * One conformance vector, as read from a case file.
 *
 * @public
 */
export type ConformanceCase = MergeConformanceCase | ReplaceConformanceCase | DiffConformanceCase | MetadataConformanceCase;
