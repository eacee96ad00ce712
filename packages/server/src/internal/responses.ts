import type { ClerkErrorBody, ClerkErrorJson } from '@metadata-semantics/core';

/** A JSON response with `Content-Type` exactly `application/json` (the SDK parses nothing else). */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, 'content-type': 'application/json' },
  });
}

/** A response with Clerk's error body and one error. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  longMessage: string,
  meta?: ClerkErrorJson['meta'],
  headers?: Record<string, string>,
): Response {
  const error: ClerkErrorJson = { message, long_message: longMessage, code };
  if (meta !== undefined) error.meta = meta;
  const body: ClerkErrorBody = { errors: [error] };
  return jsonResponse(status, body, headers);
}

/** Thrown inside a route to answer with a Clerk error. */
export class HttpError extends Error {
  readonly response: Response;
  constructor(response: Response) {
    super(`HTTP ${response.status}`);
    this.response = response;
  }
}

export function fail(
  status: number,
  code: string,
  message: string,
  longMessage: string,
  meta?: ClerkErrorJson['meta'],
): never {
  throw new HttpError(errorResponse(status, code, message, longMessage, meta));
}

export function notFound(kind: string, id: string): never {
  return fail(404, 'resource_not_found', 'not found', `No ${kind} was found with id ${JSON.stringify(id)}.`);
}

export function invalidParam(param: string, longMessage: string): never {
  return fail(422, 'form_param_format_invalid', `${param} is invalid`, longMessage, { param_name: param });
}
