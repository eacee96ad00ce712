import type { ClerkErrorBody, ClerkErrorJson } from '@metadata-semantics/core';
import type { Answer } from './exchange.js';

/** A JSON answer with `Content-Type` exactly `application/json` (the SDK parses nothing else). */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** An answer with Clerk's error body and one error. */
export function errorAnswer(
  status: number,
  code: string,
  message: string,
  longMessage: string,
  meta?: ClerkErrorJson['meta'],
  headers?: Record<string, string>,
): Answer {
  const error: ClerkErrorJson = { message, long_message: longMessage, code };
  if (meta !== undefined) error.meta = meta;
  const body: ClerkErrorBody = { errors: [error] };
  return jsonAnswer(status, body, headers);
}

/** Thrown inside a route to answer with a Clerk error. */
export class HttpError extends Error {
  readonly answer: Answer;
  constructor(answer: Answer) {
    super(`HTTP ${answer.status}`);
    this.answer = answer;
  }
}

export function fail(
  status: number,
  code: string,
  message: string,
  longMessage: string,
  meta?: ClerkErrorJson['meta'],
): never {
  throw new HttpError(errorAnswer(status, code, message, longMessage, meta));
}

export function notFound(kind: string, id: string): never {
  return fail(404, 'resource_not_found', 'not found', `No ${kind} was found with id ${JSON.stringify(id)}.`);
}

export function invalidParam(param: string, longMessage: string): never {
  return fail(422, 'form_param_format_invalid', `${param} is invalid`, longMessage, { param_name: param });
}
