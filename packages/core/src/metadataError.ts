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
 *   class instance, a cycle, a sparse array hole, `undefined` in an array, …).
 * - `too_deep`: nesting is deeper than the configured limit.
 * - `too_large`: a field's stored value, serialised as JSON, exceeds the
 *   configured number of UTF-8 bytes.
 * - `unrepresentable_change`: no merge patch can turn one value into another.
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
  | 'unrepresentable_change';

/**
 * The single error type of this library: every validation failure throws it.
 *
 * @remarks
 * `code` says what is wrong, `path` says where: the keys and array indices
 * from the value that was passed in down to the offending value (`[]` for the
 * value itself). For metadata operations the first segment is the field name
 * (`publicMetadata`, …). A function that throws it has changed nothing.
 *
 * @public
 */
export class MetadataError extends Error {
  /** What is wrong, as a stable machine-readable code. */
  readonly code: MetadataErrorCode;
  /** Where it is wrong: object keys and array indices down to the offending value. */
  readonly path: readonly MetadataPathSegment[];

  /**
   * Creates an error.
   *
   * @param code - the machine-readable reason
   * @param path - the path of the offending value
   * @param message - a sentence for people; the code and path are appended
   */
  constructor(code: MetadataErrorCode, path: readonly MetadataPathSegment[], message: string) {
    super(`${message} (${code} at ${formatMetadataPath(path)})`);
    this.name = 'MetadataError';
    this.code = code;
    this.path = Object.freeze([...path]);
    descriptions.set(this, message);
  }
}

// The sentence without its location, so an error can be re-anchored deeper in a tree.
const descriptions = new WeakMap<MetadataError, string>();

/**
 * Re-anchors an error thrown for a sub-value at the path of that sub-value.
 *
 * @internal
 */
export function prefixErrorPath(error: unknown, prefix: readonly MetadataPathSegment[]): unknown {
  if (!(error instanceof MetadataError) || prefix.length === 0) return error;
  return new MetadataError(error.code, [...prefix, ...error.path], descriptions.get(error) ?? error.message);
}

/**
 * Formats a path as a JavaScript-like accessor, for messages.
 *
 * @param path - object keys and array indices
 * @returns `$` for the root, then `.key` for identifier keys, `["key"]`
 * for others and `[0]` for indices
 *
 * @example
 * ```ts
 * formatMetadataPath(['publicMetadata', 'tags', 0, 'a b']); // '$.publicMetadata.tags[0]["a b"]'
 * ```
 *
 * @public
 */
export function formatMetadataPath(path: readonly MetadataPathSegment[]): string {
  let text = '$';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
