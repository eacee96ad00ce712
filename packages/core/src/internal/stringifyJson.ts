import { MetadataError, type MetadataPathSegment } from '../metadataError.js';

/**
 * `JSON.stringify`, with its failures as typed errors: a bigint or a cycle
 * (TypeError) is `invalid_json_value`, nesting past the engine's stack
 * (RangeError) is `too_deep`, at `path`: where `value` is.
 */
export function stringifyJson(value: unknown, path: readonly MetadataPathSegment[]): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new MetadataError(
      // Vectors: javascript-only next-line: nesting past the engine's stack is no value a vector can give
      error instanceof RangeError ? 'too_deep' : 'invalid_json_value',
      path,
      (error as Error).message,
    );
  }
}
