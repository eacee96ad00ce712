import { parseJsonExactly } from '@metadata-semantics/core';
import { fail } from './serverErrors.js';

/** Refuses a body over the cap with 413. */
export function refuseBodyOverCap(maxBytes: number): never {
  return fail({ code: 'request_body_too_large', message: 'request body too large', longMessage: `The request body is larger than the limit of ${maxBytes} bytes.` });
}

// Reused: a fatal decoder keeps no state between whole-buffer decodes.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Refuses a body whose `Content-Length` is over the cap, before anything is read. */
export function refuseDeclaredLength(declared: string | null, maxBytes: number): void {
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > maxBytes) refuseBodyOverCap(maxBytes);
}

/** A body read in full, as UTF-8 text: 413 over the cap, 400 when not UTF-8. */
export function bytesText(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.byteLength > maxBytes) refuseBodyOverCap(maxBytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return fail({ code: 'request_body_invalid', message: 'request body is invalid', longMessage: 'The request body is not valid UTF-8.' });
  }
}

/**
 * Reads a streamed body as UTF-8 text, never holding more than `maxBytes`:
 * it is counted as it streams in and cancelled once over the cap.
 */
export async function streamText(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop pulling; the rest is never read.
      reader.cancel().catch(() => {});
      refuseBodyOverCap(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return bytesText(chunks[0]!, maxBytes);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytesText(bytes, maxBytes);
}

/**
 * Parses a JSON request body; an empty body is `{}` (the SDK sends none for `{}`). A number the body
 * holds that would not be kept exactly is core's `invalid_json_value` at its path (a 422).
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return parseJsonExactly(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return fail({ code: 'request_body_invalid', message: 'request body is invalid', longMessage: `The request body is not valid JSON: ${error.message}` });
  }
}
