import { MetadataError } from '../metadataError.js';

/**
 * `JSON.stringify`, with its failures as typed errors: a bigint or a cycle
 * (TypeError) is `invalid_json_value`, nesting past the engine's stack
 * (RangeError) is `too_deep`.
 */
export function stringifyJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new MetadataError(
      error instanceof RangeError ? 'too_deep' : 'invalid_json_value',
      [],
      (error as Error).message,
    );
  }
}
