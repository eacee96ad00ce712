import type { JsonValue, MergePatch } from './jsonValue.js';
import { MetadataError } from './metadataError.js';
import { toWireFieldName, userMetadataFields, type MetadataFieldName, type WireMetadataFieldName } from './metadataFields.js';
import type { StandardSchemaV1 } from './standardSchema.js';
import { checkSchema } from './internal/checkSchema.js';
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
 * A schema per metadata field, in SDK names: any Standard Schema v1 validator
 * (zod, valibot, arktype, …).
 *
 * @remarks
 * An operation computes its result exactly as without schemas, then validates
 * the result of every field the request writes (present and not `undefined` in
 * the params), even when it equals what was stored; fields the request does
 * not write are not validated. A refused result throws a {@link MetadataError}
 * `schema_mismatch` carrying the schema's `issues`, and changes nothing.
 *
 * Validating only decides: what is stored is the operation's result, never the
 * validator's output (no defaults filled in, no transforms applied), so the
 * laws of the operations hold unchanged (update stays idempotent, an
 * unchanged result is the stored object itself) and a client and a server
 * with the same schema store the same JSON. The validator gets its own copy of
 * the result, parsed from its JSON text.
 *
 * Validation is synchronous, as the operations are: a schema whose `validate`
 * returns a promise (an async refinement) is refused with `invalid_schema`, and
 * so is an object that is not a Standard Schema. An exception the validator
 * throws is not caught.
 *
 * @public
 */
export type MetadataSchemas = { readonly [K in MetadataFieldName]?: StandardSchemaV1 | undefined };

/**
 * The type of value the schema of field `Field` accepts (its Standard Schema
 * input type); `object` when the field has no schema.
 *
 * @public
 */
export type MetadataSchemaInput<Schemas extends MetadataSchemas, Field extends MetadataFieldName> = Schemas[Field] extends StandardSchemaV1
  ? StandardSchemaV1.InferInput<Schemas[Field]>
  : object;

/**
 * How an operation names the metadata fields in its params, stored fields and
 * result: `'sdk'` (`publicMetadata`, as Clerk's SDKs) or `'wire'`
 * (`public_metadata`, as the HTTP API).
 *
 * @public
 */
export type MetadataNaming = 'sdk' | 'wire';

/**
 * Params keyed by SDK names, in the names of `Naming`: `Params` itself for
 * `'sdk'`, its keys in wire names for `'wire'`, either one for both.
 *
 * @public
 */
export type NamedMetadataParams<Params, Naming extends MetadataNaming> = Naming extends 'wire'
  ? { readonly [K in keyof Params as K extends `${infer Head}Metadata` ? `${Head}_metadata` : never]: Params[K] }
  : Params;

/**
 * Params of {@link updateMetadata} in the names of `Naming` (default SDK
 * names): with schemas, each field that has one takes a {@link MergePatch} of
 * the type its schema accepts (or `null`); without schemas,
 * {@link MetadataParams} or {@link WireMetadataParams}.
 *
 * @public
 */
export type MetadataUpdateParams<Schemas extends MetadataSchemas = MetadataSchemas, Naming extends MetadataNaming = 'sdk'> = {} extends Schemas
  ? NamedMetadataParams<MetadataParams, Naming>
  : NamedMetadataParams<{ readonly [K in MetadataFieldName]?: MergePatch<MetadataSchemaInput<Schemas, K>> | null | undefined }, Naming>;

/**
 * Params of {@link replaceMetadata} in the names of `Naming` (default SDK
 * names): with schemas, each field that has one takes a value of the type its
 * schema accepts; without schemas, {@link MetadataParams} or
 * {@link WireMetadataParams}.
 *
 * @public
 */
export type MetadataReplaceParams<Schemas extends MetadataSchemas = MetadataSchemas, Naming extends MetadataNaming = 'sdk'> = {} extends Schemas
  ? NamedMetadataParams<MetadataParams, Naming>
  : NamedMetadataParams<
      { readonly [K in MetadataFieldName]?: (Schemas[K] extends StandardSchemaV1 ? MetadataSchemaInput<Schemas, K> : object | null) | undefined },
      Naming
    >;

/**
 * Options of {@link updateMetadata}, {@link replaceMetadata} and {@link applyMetadataOperation}.
 *
 * @public
 */
export interface MetadataOperationOptions<Schemas extends MetadataSchemas = MetadataSchemas, Naming extends MetadataNaming = MetadataNaming>
  extends MetadataLimits {
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
   * The params' type follows it: wire names compile only with `'wire'`.
   */
  readonly naming?: Naming;
  /**
   * A schema per field (SDK names, whatever the `naming`) that the result of
   * each field the request writes must satisfy; see {@link MetadataSchemas}.
   * With schemas, the params are typed by them. Default none.
   */
  readonly schemas?: Schemas;
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
 * One metadata change, as a value: what a client queues and replays. Its
 * params are in the names of `Naming` (default SDK names) and, with schemas,
 * typed by them.
 *
 * @public
 */
export type MetadataOperation<Schemas extends MetadataSchemas = MetadataSchemas, Naming extends MetadataNaming = 'sdk'> =
  | { readonly kind: 'update'; readonly params: MetadataUpdateParams<Schemas, Naming> }
  | { readonly kind: 'replace'; readonly params: MetadataReplaceParams<Schemas, Naming> };

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
  options: MetadataOperationOptions = {},
): MetadataFields {
  const maxFieldBytes = positiveLimit(options.maxFieldBytes, DEFAULT_MAX_FIELD_BYTES, 'maxFieldBytes');
  // The reducers' own bound caps any configured depth.
  const maxDepth = Math.min(positiveLimit(options.maxDepth, DEFAULT_MAX_DEPTH, 'maxDepth'), REDUCER_DEPTH_LIMIT);
  const schemas = options.schemas;
  const fieldList = options.fields ?? userMetadataFields;
  // Vectors: javascript-only next-line: SDK names are a JavaScript calling convention; the vectors speak Clerk's wire names
  const names: readonly string[] = options.naming === 'wire' ? fieldList.map(toWireFieldName) : fieldList;

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
  for (const [index, name] of names.entries()) {
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
      let text: string | undefined;
      if (next !== current && limited) {
        // next is an object or null, which JSON.stringify always writes; it fails only on
        // a stored value kept beside the change that JSON cannot hold (a bigint, a cycle).
        text = stringifyJson(next, [name])!;
        // UTF-8 takes 1 to 3 bytes per UTF-16 unit: count exactly only when that range reaches past the limit.
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path: where it is skipped, both counts are within the limit (the next line's mutants break the count itself)
        const exact = 3 * text.length > maxFieldBytes;
        const bytes = exact ? utf8Length(text) : text.length;
        if (bytes > maxFieldBytes) {
          throw new MetadataError('too_large', [name], `${bytes} bytes, over the limit of ${maxFieldBytes}`);
        }
      }
      // The result, not the request, must satisfy the schema: a merge patch is not a value.
      const schema = schemas?.[fieldList[index]!];
      if (schema) checkSchema(schema, name, text ?? stringifyJson(next, [name])!);
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
export function updateMetadata<const Schemas extends MetadataSchemas = MetadataSchemas, const Naming extends MetadataNaming = 'sdk'>(
  stored: StoredMetadata,
  params: NoInfer<MetadataUpdateParams<Schemas, Naming>>,
  options?: MetadataOperationOptions<Schemas, Naming>,
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
export function replaceMetadata<const Schemas extends MetadataSchemas = MetadataSchemas, const Naming extends MetadataNaming = 'sdk'>(
  stored: StoredMetadata,
  params: NoInfer<MetadataReplaceParams<Schemas, Naming>>,
  options?: MetadataOperationOptions<Schemas, Naming>,
): MetadataFields {
  return runOperation(true, stored, params, options);
}
