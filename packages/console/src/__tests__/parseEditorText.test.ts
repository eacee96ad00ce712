import { describe, expect, it } from 'vitest';
import { parseEditorText } from '../editing/parseEditorText.js';

describe('parseEditorText', () => {
  it('reads the JSON to send, keeping __proto__ as a key', () => {
    // Act
    const parsed = parseEditorText('{"prefs": {"theme": null}, "__proto__": {"admin": true}}', 'public_metadata');

    // Assert
    expect(parsed).toEqual({ value: JSON.parse('{"prefs": {"theme": null}, "__proto__": {"admin": true}}') });
    expect(Object.hasOwn((parsed as { value: object }).value, '__proto__')).toBe(true);
  });

  it('refuses text that is not JSON at the field, and a number the server would refuse at its path', () => {
    // Act
    const notJson = parseEditorText('{"plan": pro}', 'public_metadata');
    const inexact = parseEditorText('{"ids": [1, 9007199254740993]}', 'private_metadata');

    // Assert
    expect(notJson).toMatchObject({ refusal: { code: 'invalid_json', path: ['public_metadata'] } });
    expect(inexact).toMatchObject({ refusal: { code: 'invalid_json_value', path: ['private_metadata', 'ids', 1] } });
  });
});
