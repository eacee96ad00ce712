import type { JsonValue } from './jsonValue.js';
import { findInexactNumber } from './internal/findInexactNumber.js';
import { MetadataError, type MetadataPathSegment } from './metadataError.js';

// A literal can be as long as the text; the message quotes its start.
const QUOTED_LENGTH = 40;

/**
 * Parses JSON text as `JSON.parse` does, but refuses a number it would change:
 * a number literal whose value does not read back the same.
 *
 * @param text - JSON text (a request body, a form field holding JSON)
 * @param path - where the text sits in a larger request (a form field's name),
 *   put before the path of an error; default `[]`
 * @returns the parsed value
 * @throws `SyntaxError` (from `JSON.parse`) when `text` is not JSON. A
 *   {@link MetadataError} with code `invalid_json_value` and the path of the
 *   first number literal, in text order, that would be changed; with code
 *   `invalid_params` when `text` is not a string.
 *
 * @remarks
 * A number is kept exactly when the double it parses to, written back as
 * JavaScript writes numbers (`String(n)`, the shortest text that parses to the
 * same double, which `JSON.stringify` writes too), has the literal's decimal
 * value. So `0.1`, `1.0`, `1e2`, `100000000000000000000` and `-0` are
 * accepted (zero has no sign as a decimal), and `9007199254740993` (it reads
 * back as `9007199254740992`), `0.30000000000000001`, `1e-400` (0) and
 * `1e400` (beyond the largest double) are refused, where `JSON.parse` alone
 * would silently store a different number. Values are compared as decimals,
 * digit by digit, never through a float, so an exponent of any length is
 * handled (`0e999999` is 0, and accepted). Every number `JSON.stringify`
 * writes is accepted. Numbers inside strings are text and never looked at;
 * a number under a key that a later duplicate key overrides is checked too.
 *
 * One pass over the text after `JSON.parse`, without recursion; only literals
 * with an exponent or more than 15 characters are compared digit by digit
 * (shorter ones always read back as themselves).
 *
 * @example
 * ```ts
 * parseJsonExactly('{"a": [1.0, 0.1, 1e2]}'); // => { a: [1, 0.1, 100] }
 * let refusal: unknown;
 * try {
 *   parseJsonExactly('{"a": [1, 9007199254740993]}', ['unsafe_metadata']);
 * } catch (error) {
 *   refusal = error;
 * }
 * const { code, path, message } = refusal as MetadataError;
 * [code, path]; // => ['invalid_json_value', ['unsafe_metadata', 'a', 1]]
 * message; // => 'The number 9007199254740993 cannot be kept exactly: it reads back as 9007199254740992 (invalid_json_value at ["unsafe_metadata","a",1])'
 * ```
 *
 * @public
 */
export function parseJsonExactly(text: string, path: readonly MetadataPathSegment[] = []): JsonValue {
  if (typeof text !== 'string') throw new MetadataError('invalid_params', path, 'Expected JSON text, a string');
  const value = JSON.parse(text) as JsonValue;
  const inexact = findInexactNumber(text);
  if (inexact !== undefined) {
    const { literal } = inexact;
    const quoted = literal.length > QUOTED_LENGTH ? `${literal.slice(0, QUOTED_LENGTH)}…` : literal;
    throw new MetadataError(
      'invalid_json_value',
      [...path, ...inexact.path],
      `The number ${quoted} cannot be kept exactly: it reads back as ${String(Number(literal))}`,
    );
  }
  return value;
}
