import { MetadataError, formatMetadataPath, type MetadataErrorCode } from './metadataError.js';

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
};

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
 *
 * @public
 */
export function metadataErrorToClerkError(error: MetadataError): { status: 422; body: ClerkErrorBody } {
  const first = error.path[0];
  const meta: ClerkErrorJson['meta'] = { path: formatMetadataPath(error.path) };
  if (first !== undefined) meta.param_name = String(first);
  return {
    status: 422,
    body: {
      errors: [
        {
          message: `${first === undefined ? 'request body' : String(first)} ${shortMessages[error.code]}`,
          long_message: error.message,
          code: error.code,
          meta,
        },
      ],
    },
  };
}
