import { fail } from './responses.js';

function tooLarge(maxBytes: number): never {
  return fail(
    413,
    'request_body_too_large',
    'request body too large',
    `The request body is larger than the limit of ${maxBytes} bytes.`,
  );
}

/**
 * Reads a request body as UTF-8 text, never holding more than `maxBytes`:
 * a larger `Content-Length` is refused before reading anything, and a body
 * without one is counted as it streams in and cancelled once over the cap.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > maxBytes) tooLarge(maxBytes);
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop pulling; the rest is never read.
      reader.cancel().catch(() => {});
      tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(400, 'request_body_invalid', 'request body is invalid', 'The request body is not valid UTF-8.');
  }
}

/** Parses a JSON request body; an empty body is `{}` (the SDK sends none for `{}`). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(
      400,
      'request_body_invalid',
      'request body is invalid',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}
