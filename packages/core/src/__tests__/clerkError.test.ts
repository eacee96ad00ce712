import { describe, expect, it } from 'vitest';
import { metadataErrorToClerkError } from '../clerkError.js';
import { MetadataError, type MetadataErrorCode } from '../metadataError.js';

describe('metadataErrorToClerkError', () => {
  it('answers every code with a 422 whose message names the field and says what is wrong', () => {
    // Arrange
    const codes: Array<[MetadataErrorCode, string]> = [
      ['invalid_params', 'is invalid'],
      ['unknown_field', 'is unknown'],
      ['invalid_field_type', 'must be an object or null'],
      ['invalid_json_value', 'is not a JSON value'],
      ['too_deep', 'is nested too deeply'],
      ['too_large', 'is too large'],
      ['unrepresentable_change', 'cannot be expressed as a merge patch'],
    ];

    // Act
    const answers = codes.map(([code]) => metadataErrorToClerkError(new MetadataError(code, ['public_metadata', 'a/b', 0], 'Details')));

    // Assert
    answers.forEach((answer, i) => {
      const [code, phrase] = codes[i]!;
      expect(answer).toEqual({
        status: 422,
        body: {
          errors: [
            {
              message: `public_metadata ${phrase}`,
              long_message: `Details (${code} at ["public_metadata","a/b",0])`,
              code,
              meta: { param_name: 'public_metadata', path: '/public_metadata/a~1b/0' },
            },
          ],
        },
      });
    });
  });

  it('an error about the whole body has no param_name, an empty path, and says "request body"', () => {
    // Arrange
    const error = new MetadataError('invalid_params', [], 'Not a plain object');

    // Act
    const { body } = metadataErrorToClerkError(error);

    // Assert
    expect(body.errors).toEqual([
      { message: 'request body is invalid', long_message: 'Not a plain object (invalid_params at [])', code: 'invalid_params', meta: { path: '' } },
    ]);
    expect(Object.keys(body.errors[0]!.meta!)).toEqual(['path']);
  });
});
