import { MetadataError, type MetadataErrorCode, type MetadataPathSegment } from '@metadata-semantics/core';
import { show } from './json.js';

/** Runs `action`, asserts it throws a MetadataError with this code and exactly this path, and returns it. */
export function expectMetadataError(
  action: () => unknown,
  code: MetadataErrorCode,
  path: readonly MetadataPathSegment[],
): MetadataError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof MetadataError)) {
    throw new Error(`expected a MetadataError ${code}, got ${thrown === undefined ? 'no error' : show(thrown)}${thrown instanceof Error ? `: ${thrown.message}` : ''}`);
  }
  if (thrown.code !== code) throw new Error(`expected code ${code}, got ${thrown.code}: ${thrown.message}`);
  if (JSON.stringify(thrown.path) !== JSON.stringify(path)) {
    throw new Error(`expected path ${JSON.stringify(path)}, got ${JSON.stringify(thrown.path)}`);
  }
  return thrown;
}

/** Runs `action` and returns the MetadataError it throws (failing on anything else, a RangeError included). */
export function catchMetadataError(action: () => unknown): MetadataError {
  try {
    action();
  } catch (error) {
    if (error instanceof MetadataError) return error;
    throw new Error(`expected a MetadataError, got ${show(error)}${error instanceof Error ? `: ${error.message}` : ''}`);
  }
  throw new Error('expected a MetadataError, got no error');
}
