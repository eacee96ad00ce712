import type { ClerkErrorBody, ClerkErrorJson } from '@metadata-semantics/core';
import type { Answer } from './answer.js';

/** A JSON answer with `Content-Type` exactly `application/json` (the SDK parses nothing else). */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** A new trace id: 32 hex digits, as Clerk's. */
export function newTraceId(): string {
  let id = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) id += byte.toString(16).padStart(2, '0');
  return id;
}

/** An answer with Clerk's error body, given its errors: the body and the answer carry a new trace id. */
export function clerkErrorAnswer(status: number, body: ClerkErrorBody, headers?: Record<string, string>): Answer {
  const traceId = newTraceId();
  return { ...jsonAnswer(status, { ...body, clerk_trace_id: traceId }, headers), traceId };
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
  return clerkErrorAnswer(status, { errors: [error] }, headers);
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
