import { MetadataError, formatMetadataPath, type MetadataErrorCode, type MetadataPathSegment } from './metadataError.js';

/**
 * One error in Clerk's error body.
 *
 * @public
 */
export interface ClerkErrorJson {
  /** A short text. */
  message: string;
  /** A full sentence. */
  long_message: string;
  /** A machine-readable code. */
  code: string;
  /** Free-form details; `param_name` names the offending request parameter. */
  meta?: { param_name?: string; path?: string; [key: string]: unknown };
}

/**
 * Clerk's error response body.
 *
 * @public
 */
export interface ClerkErrorBody {
  /** The errors, at least one. */
  errors: ClerkErrorJson[];
  /** An optional trace id. */
  clerk_trace_id?: string;
}

const shortMessages: Readonly<Record<MetadataErrorCode, string>> = {
  invalid_params: 'is invalid',
  unknown_field: 'is unknown',
  invalid_field_type: 'must be an object or null',
  invalid_json_value: 'is not a JSON value',
  too_deep: 'is nested too deeply',
  too_large: 'is too large',
  unrepresentable_change: 'cannot be expressed as a merge patch',
  schema_mismatch: 'does not match the schema',
  invalid_schema: 'has no usable schema',
};

/** One error of the body: the offending value's path and a full sentence. */
function clerkErrorJson(code: MetadataErrorCode, path: readonly MetadataPathSegment[], longMessage: string): ClerkErrorJson {
  const first = path[0];
  const meta: ClerkErrorJson['meta'] = { path: formatMetadataPath(path) };
  if (first !== undefined) meta.param_name = String(first);
  return {
    message: `${first === undefined ? 'request body' : String(first)} ${shortMessages[code]}`,
    long_message: longMessage,
    code,
    meta,
  };
}

/**
 * The HTTP answer for a {@link MetadataError}: every validation failure is a
 * 422 with Clerk's error body, carrying the same code.
 *
 * @param error - the error a metadata operation threw
 * @returns the status and the body to send
 *
 * @remarks
 * `meta.param_name` is the first segment of the error's path (the field name in
 * the naming the operation was called with, so call operations with
 * `naming: 'wire'` to report wire names) and `meta.path` the whole path.
 * A `schema_mismatch` gives one error per issue of the schema, in its order,
 * each with the issue's path below the field as `meta.path` and the issue's
 * message in `long_message`.
 *
 * @example
 * ```ts
 * const role = { '~standard': { version: 1, vendor: 'example', validate: (value: unknown) =>
 *   (value as { role?: unknown }).role === 'admin' ? { value } : { issues: [{ message: 'Must be admin', path: ['role'] }] } } } as const;
 * let caught: unknown;
 * try {
 *   updateMetadata({}, { public_metadata: { role: 'owner' } }, { naming: 'wire', schemas: { publicMetadata: role } });
 * } catch (error) {
 *   caught = error;
 * }
 * metadataErrorToClerkError(caught as MetadataError).body.errors;
 * // => [{ message: 'public_metadata does not match the schema', long_message: 'Must be admin (schema_mismatch at ["public_metadata","role"])', code: 'schema_mismatch', meta: { param_name: 'public_metadata', path: '/public_metadata/role' } }]
 * ```
 *
 * @public
 */
export function metadataErrorToClerkError(error: MetadataError): { status: 422; body: ClerkErrorBody } {
  const { code, path, issues } = error;
  const errors =
    issues !== undefined && issues.length > 0
      ? issues.map((issue) => {
          const issuePath = [path[0]!, ...issue.path];
          return clerkErrorJson(code, issuePath, `${issue.message} (${code} at ${JSON.stringify(issuePath)})`);
        })
      : [clerkErrorJson(code, path, error.message)];
  return { status: 422, body: { errors } };
}
