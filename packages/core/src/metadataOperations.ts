import type { JsonValue } from './jsonValue.js';
import { MetadataError } from './metadataError.js';
import { toWireFieldName, userMetadataFields, type MetadataFieldName, type WireMetadataFieldName } from './metadataFields.js';
import { REDUCER_DEPTH_LIMIT, copyJson } from './internal/copyJson.js';
import { mergeJson } from './internal/mergeFields.js';
import { hasOwn, isPlainObject, setOwn, type PlainObject } from './internal/plainObject.js';
import { stringifyJson } from './internal/stringifyJson.js';
import { utf8Length } from './internal/utf8Length.js';

/**
 * The default size limit of one metadata field: 8192 UTF-8 bytes of JSON, as
 * Clerk documents ("limited to 8KB maximum").
 *
 * @public
 */
export const DEFAULT_MAX_FIELD_BYTES = 8192;

/**
 * The default nesting limit of one metadata field: 64 levels of objects and
 * arrays, the field's own object being level 1.
 *
 * @remarks
 * Not specified by Clerk; this library's choice. It is far beyond what real
 * metadata uses and far below where any JSON tool runs out of stack.
 *
 * @public
 */
export const DEFAULT_MAX_DEPTH = 64;

/**
 * Limits a metadata operation enforces.
 *
 * @public
 */
export interface MetadataLimits {
  /** Largest allowed JSON size of a field's resulting value, in UTF-8 bytes. Default {@link DEFAULT_MAX_FIELD_BYTES}. */
  readonly maxFieldBytes?: number;
  /** Deepest allowed nesting of a field's value in the request (at most 1000). Default {@link DEFAULT_MAX_DEPTH}. */
  readonly maxDepth?: number;
}

/**
 * Options of {@link updateMetadata}, {@link replaceMetadata} and {@link applyMetadataOperation}.
 *
 * @public
 */
export interface MetadataOperationOptions extends MetadataLimits {
  /**
   * The fields the resource has, in SDK names. Default {@link userMetadataFields};
   * use {@link organizationMetadataFields} for organizations and memberships, or a
   * narrower list to allow writing only some fields (the frontend writes only
   * `unsafeMetadata`). Any other field in the params is `unknown_field`.
   */
  readonly fields?: readonly MetadataFieldName[];
  /**
   * Whether params, stored fields and the result use SDK names
   * (`publicMetadata`, the default) or wire names (`public_metadata`, as in the HTTP API).
   */
  readonly naming?: 'sdk' | 'wire';
}

/**
 * Params of a metadata operation, in SDK names. Each field is a JSON object or
 * `null`; an omitted or `undefined` field is left alone.
 *
 * @public
 */
export type MetadataParams = { readonly [K in MetadataFieldName]?: object | null | undefined };

/**
 * Params of a metadata operation, in wire names (the HTTP request body).
 *
 * @public
 */
export type WireMetadataParams = { readonly [K in WireMetadataFieldName]?: object | null | undefined };

/**
 * A resource's stored metadata fields. A field that is absent reads as `{}`;
 * keys that are not fields of the resource are ignored.
 *
 * @public
 */
export type StoredMetadata = { readonly [field: string]: unknown };

/**
 * A resource's metadata fields after an operation: every field of the
 * resource, by name.
 *
 * @public
 */
export type MetadataFields = { [field: string]: JsonValue };

/**
 * One metadata change, as a value: what a client queues and replays.
 *
 * @public
 */
export type MetadataOperation =
  | { readonly kind: 'update'; readonly params: MetadataParams | WireMetadataParams }
  | { readonly kind: 'replace'; readonly params: MetadataParams | WireMetadataParams };

function positiveLimit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 1)) throw new MetadataError('invalid_params', [name], 'Must be a number of at least 1');
  return value;
}

/** Update (deep merge) or, when `replacing`, replace: validates the whole request, then applies it per field. */
export function runOperation(
  replacing: boolean,
  stored: StoredMetadata,
  params: unknown,
  options: MetadataOperationOptions | undefined,
): MetadataFields {
  const maxFieldBytes = positiveLimit(options?.maxFieldBytes, DEFAULT_MAX_FIELD_BYTES, 'maxFieldBytes');
  // The reducers' own bound caps any configured depth.
  const maxDepth = Math.min(positiveLimit(options?.maxDepth, DEFAULT_MAX_DEPTH, 'maxDepth'), REDUCER_DEPTH_LIMIT);
  const fieldList = options?.fields ?? userMetadataFields;
  const names: readonly string[] = options?.naming === 'wire' ? fieldList.map(toWireFieldName) : fieldList;

  // Check the shape of the whole request before computing anything.
  if (!isPlainObject(params)) {
    throw new MetadataError('invalid_params', [], 'Not a plain object');
  }
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined) continue;
    if (!names.includes(key)) {
      throw new MetadataError('unknown_field', [key], 'Unknown field');
    }
    if (value !== null && !isPlainObject(value)) {
      throw new MetadataError('invalid_field_type', [key], 'Must be an object or null');
    }
  }

  const base: PlainObject | undefined = isPlainObject(stored) ? stored : undefined;
  const result: PlainObject = {};
  let unchanged = base !== undefined && Object.keys(base).length === names.length;
  for (const name of names) {
    const hasStored = base !== undefined && hasOwn(base, name) && base[name] !== undefined;
    const current: unknown = hasStored ? base![name] : {};
    if (!hasStored) unchanged = false;
    const requested = hasOwn(params, name) ? params[name] : undefined;
    let next = current;
    if (requested !== undefined) {
      // The field's own object is level 1 and sits at path [name]: hence maxDepth + 1.
      if (replacing) {
        next = copyJson(requested, current, [name], maxDepth + 1);
      } else if (requested === null) {
        // null clears the whole field: the null-deletion rule one level up.
        next = isPlainObject(current) && Object.keys(current).length === 0 ? current : {};
      } else {
        next = mergeJson(current, requested, [name], maxDepth + 1);
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path: no JSON text is over an infinite limit (the next line's mutants drop the check itself)
      const limited = maxFieldBytes !== Infinity;
      if (next !== current && limited) {
        // next is an object or null here, which JSON.stringify always writes.
        const text = stringifyJson(next)!;
        // UTF-8 takes 1 to 3 bytes per UTF-16 unit: count exactly only when that range reaches past the limit.
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path: where it is skipped, both counts are within the limit (the next line's mutants break the count itself)
        const exact = 3 * text.length > maxFieldBytes;
        const bytes = exact ? utf8Length(text) : text.length;
        if (bytes > maxFieldBytes) {
          throw new MetadataError('too_large', [name], `${bytes} bytes, over the limit of ${maxFieldBytes}`);
        }
      }
    }
    if (next !== current) unchanged = false;
    setOwn(result, name, next);
  }
  return (unchanged ? base : result) as MetadataFields;
}

/**
 * Applies Clerk's *update* (PATCH) to a resource's metadata: each provided
 * field is deep-merged with {@link deepMergeWithNullDeletion}.
 *
 * @param stored - the resource's current metadata fields; never modified
 * @param params - the fields to merge: each a JSON object, or `null` to clear the field to `{}`
 * @param options - the resource's fields, naming and limits
 * @returns every field of the resource after the update; `stored` itself when nothing changed
 *
 * @remarks
 * All or nothing: params are validated in full before anything is computed,
 * and any failure throws a {@link MetadataError} (`invalid_params`,
 * `unknown_field`, `invalid_field_type`, `invalid_json_value`, `too_deep`,
 * `too_large`) whose path starts with the field name. The size limit applies
 * to the merged result, so a merge that grows a field past it fails. Clearing a
 * field with `null` is not specified by Clerk; this library's choice.
 *
 * @example
 * ```ts
 * const stored = { publicMetadata: { plan: 'pro', prefs: { theme: 'dark' } } };
 * updateMetadata(stored, { publicMetadata: { prefs: { theme: null } } });
 * // => { publicMetadata: { plan: 'pro', prefs: {} }, privateMetadata: {}, unsafeMetadata: {} }
 * ```
 *
 * @public
 */
export function updateMetadata(
  stored: StoredMetadata,
  params: MetadataParams | WireMetadataParams,
  options?: MetadataOperationOptions,
): MetadataFields {
  return runOperation(false, stored, params, options);
}

/**
 * Applies Clerk's *replace* (PUT) to a resource's metadata: each provided
 * field is overwritten in full with {@link replaceFields} semantics.
 *
 * @param stored - the resource's current metadata fields; never modified
 * @param params - the fields to overwrite: each a JSON object, or `null` to store a JSON `null`
 * @param options - the resource's fields, naming and limits
 * @returns every field of the resource after the replace; `stored` itself when nothing changed
 *
 * @remarks
 * Omitted fields keep their value; `{}` clears a field. Validation and errors
 * are those of {@link updateMetadata}: all or nothing, typed, with paths.
 *
 * @example
 * ```ts
 * const stored = { publicMetadata: { role: 'member', team: 'a' } };
 * replaceMetadata(stored, { publicMetadata: { role: 'admin' } }).publicMetadata;
 * // => { role: 'admin' }
 * ```
 *
 * @public
 */
export function replaceMetadata(
  stored: StoredMetadata,
  params: MetadataParams | WireMetadataParams,
  options?: MetadataOperationOptions,
): MetadataFields {
  return runOperation(true, stored, params, options);
}
