/**
 * One step of a path into a JSON value: an object key or an array index.
 *
 * @public
 */
export type MetadataPathSegment = string | number;

/**
 * The machine-readable reason for a {@link MetadataError}.
 *
 * @remarks
 * - `invalid_params`: the params of a metadata operation are not a plain object.
 * - `unknown_field`: the params name a field the resource does not have.
 * - `invalid_field_type`: a metadata field's value is not a JSON object or `null`.
 * - `invalid_json_value`: a value is not JSON (a function, `NaN`, a `Date`, a
 *   class instance, a bigint, a sparse array hole, `undefined` in an array, …),
 *   or JSON text holds a number that would not read back as written
 *   ({@link parseJsonExactly}).
 * - `too_deep`: nesting is deeper than the limit (a cycle is infinitely deep).
 * - `too_large`: a field's stored value, serialised as JSON, exceeds the
 *   configured number of UTF-8 bytes.
 * - `unrepresentable_change`: no merge patch can turn one value into another.
 * - `schema_mismatch`: a field's result does not satisfy the schema given for
 *   it; the error's `issues` say why and where.
 * - `invalid_schema`: a schema given for a field is not a synchronous Standard
 *   Schema v1 validator (it has no `~standard.validate`, or validated
 *   asynchronously): a mistake of the caller's configuration, not of the data.
 *
 * @public
 */
export type MetadataErrorCode =
  | 'invalid_params'
  | 'unknown_field'
  | 'invalid_field_type'
  | 'invalid_json_value'
  | 'too_deep'
  | 'too_large'
  | 'unrepresentable_change'
  | 'schema_mismatch'
  | 'invalid_schema';

/**
 * One reason a schema refused a field's result: a {@link MetadataError}'s `issues`.
 *
 * @public
 */
export interface MetadataSchemaIssue {
  /** The validator's sentence. */
  readonly message: string;
  /** Where, inside the field's value: object keys and array indices (`[]` for the value itself). */
  readonly path: readonly MetadataPathSegment[];
}

/**
 * The single error type of this library: every validation failure throws it.
 *
 * @remarks
 * `code` says what is wrong, `path` says where: the keys and array indices
 * from the value that was passed in down to the offending value (`[]` for the
 * value itself). For metadata operations the first segment is the field name.
 * The message ends with the code and the path. A function that throws it has
 * changed nothing.
 *
 * @public
 */
export class MetadataError extends Error {
  /** What is wrong, as a stable machine-readable code. */
  declare readonly code: MetadataErrorCode;
  /** Where it is wrong: object keys and array indices down to the offending value. */
  declare readonly path: readonly MetadataPathSegment[];
  /**
   * For `schema_mismatch`, every issue the schema reported, with paths inside
   * the field; otherwise absent. The operations set it on the error they throw
   * (the constructor does not take it: the reducers, which share this class,
   * carry no schema code).
   */
  declare readonly issues?: readonly MetadataSchemaIssue[];

  /**
   * Creates an error.
   *
   * @param code - the machine-readable reason
   * @param path - the path of the offending value (copied)
   * @param message - a sentence for people; the code and path are appended
   */
  constructor(code: MetadataErrorCode, path: readonly MetadataPathSegment[], message: string) {
    super(`${message} (${code} at ${JSON.stringify(path)})`);
    this.name = 'MetadataError';
    this.code = code;
    this.path = path.slice();
  }
}

/**
 * Formats a path as a JSON Pointer (RFC 6901).
 *
 * @param path - object keys and array indices
 * @returns `""` for the root, otherwise `/` before each segment, with `~`
 *   written `~0` and `/` written `~1`
 *
 * @example
 * ```ts
 * formatMetadataPath(['publicMetadata', 'tags', 0, 'a/b']); // => '/publicMetadata/tags/0/a~1b'
 * ```
 *
 * @public
 */
export function formatMetadataPath(path: readonly MetadataPathSegment[]): string {
  let pointer = '';
  for (const segment of path) pointer += '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
  return pointer;
}
