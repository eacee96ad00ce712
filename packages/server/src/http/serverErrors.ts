import type { ClerkErrorJson } from '@metadata-semantics/core';
import type { Answer } from './answer.js';
import { clerkErrorAnswer } from './responses.js';

/**
 * Every error code this server answers with itself, and its status (core's `MetadataError` codes are answered
 * as core's `metadataErrorToClerkError` says). A code has one status, so the two cannot disagree.
 */
const statusOf = {
  authentication_invalid: 401,
  origin_invalid: 403,
  resource_not_found: 404,
  operation_not_implemented: 501,
  method_not_allowed: 405,
  request_body_too_large: 413,
  request_body_invalid: 400,
  form_param_missing: 422,
  form_param_format_invalid: 422,
  form_param_unknown: 422,
  form_param_unsupported: 422,
  form_param_value_invalid: 422,
  form_identifier_exists: 422,
  already_a_member_in_organization: 422,
  concurrent_modification: 409,
  service_unavailable: 503,
  internal_error: 500,
  request_aborted: 499,
  // serveNodeHttp's, for requests no handler is given.
  request_invalid: 400,
  not_implemented: 501,
  request_header_fields_too_large: 431,
  request_timeout: 408,
} as const;

/** An error code of this server's own. */
export type ServerErrorCode = keyof typeof statusOf;

/** One error this server answers: its code (which sets the status), Clerk's two messages, and more if any. */
export interface ServerError {
  readonly code: ServerErrorCode;
  /** Clerk's short `message`. */
  readonly message: string;
  /** Clerk's `long_message`: what was wrong and, when it helps, what to do. */
  readonly longMessage: string;
  /** Clerk's `meta`: the parameter at fault (`param_name`), a JSON Pointer (`path`). */
  readonly meta?: ClerkErrorJson['meta'];
  /** Headers of the answer (the `Allow` of a 405, the `Connection: close` of a refusal that ends it). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The status a code is answered with. */
export function statusOfCode(code: ServerErrorCode): number {
  return statusOf[code];
}

/** An answer with Clerk's error body holding one error. */
export function errorAnswer({ code, message, longMessage, meta, headers }: ServerError): Answer {
  const error: ClerkErrorJson = { message, long_message: longMessage, code };
  if (meta !== undefined) error.meta = meta;
  return clerkErrorAnswer(statusOf[code], { errors: [error] }, headers === undefined ? undefined : { ...headers });
}

/** Thrown inside a route (or the handler) to answer with a Clerk error. */
export class HttpError extends Error {
  readonly answer: Answer;
  constructor(answer: Answer) {
    super(`HTTP ${answer.status}`);
    this.answer = answer;
  }
}

/** Stops the request here, answering `error`. */
export function fail(error: ServerError): never {
  throw new HttpError(errorAnswer(error));
}

/** 404: no resource of that kind has that id. */
export function notFound(kind: string, id: string): never {
  return fail({ code: 'resource_not_found', message: 'not found', longMessage: `No ${kind} was found with id ${JSON.stringify(id)}.` });
}

/** 422: a parameter has the wrong type or format. */
export function invalidParam(param: string, longMessage: string): never {
  return fail({ code: 'form_param_format_invalid', message: `${param} is invalid`, longMessage, meta: { param_name: param } });
}

/** 422: a parameter of Clerk's that this server does not implement; answering as if it were absent would mislead. */
export function unsupportedParam(param: string): never {
  return fail({
    code: 'form_param_unsupported',
    message: `${param} is not supported`,
    longMessage: `${param} is a parameter of Clerk's that this server does not implement; see docs/server.md for the ones it does.`,
    meta: { param_name: param },
  });
}

/** 422: a well-formed parameter whose value names nothing there is (the user of a `created_by`). */
export function unknownValueParam(param: string, longMessage: string): never {
  return fail({ code: 'form_param_value_invalid', message: `${param} is invalid`, longMessage, meta: { param_name: param } });
}
