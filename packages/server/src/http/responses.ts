import type { ClerkErrorBody } from '@metadata-semantics/core';
import type { Answer } from './answer.js';

/** A JSON answer with `Content-Type` exactly `application/json` (the SDK parses nothing else). */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return jsonTextAnswer(status, JSON.stringify(body), headers);
}

/** {@link jsonAnswer} of a body serialised already. */
export function jsonTextAnswer(status: number, text: string, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: text };
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
