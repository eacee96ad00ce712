import { parseJsonExactly, type JsonValue } from '@metadata-semantics/core';
import { refusalOf, type PreviewRefusal } from './previewMetadataChange.js';

/**
 * The editor's text for one field as the value to send, parsed as the server parses bodies (a number that
 * would not read back as written is refused at its path), or why it cannot be sent.
 */
export function parseEditorText(text: string, field: string): { readonly value: JsonValue } | { readonly refusal: PreviewRefusal } {
  try {
    return { value: parseJsonExactly(text, [field]) };
  } catch (error) {
    if (error instanceof SyntaxError) return { refusal: { code: 'invalid_json', path: [field], message: `Not JSON: ${error.message}` } };
    return { refusal: refusalOf(error) };
  }
}
