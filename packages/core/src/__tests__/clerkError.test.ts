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
      ['schema_mismatch', 'does not match the schema'],
      ['invalid_schema', 'has no usable schema'],
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

  it('answers a schema mismatch with one error per issue, in order, each at its own path under the field', () => {
    // Arrange
    const issues = [
      { message: 'Expected a string', path: ['tags', 1] },
      { message: 'Unknown key', path: ['a/b'] },
      { message: 'Wrong shape', path: [] },
    ];
    const error = Object.assign(new MetadataError('schema_mismatch', ['public_metadata', 'tags', 1], 'Does not match the schema'), { issues });

    // Act
    const { status, body } = metadataErrorToClerkError(error);

    // Assert
    expect(status).toBe(422);
    expect(body.errors).toStrictEqual([
      {
        message: 'public_metadata does not match the schema',
        long_message: 'Expected a string (schema_mismatch at ["public_metadata","tags",1])',
        code: 'schema_mismatch',
        meta: { path: '/public_metadata/tags/1', param_name: 'public_metadata' },
      },
      {
        message: 'public_metadata does not match the schema',
        long_message: 'Unknown key (schema_mismatch at ["public_metadata","a/b"])',
        code: 'schema_mismatch',
        meta: { path: '/public_metadata/a~1b', param_name: 'public_metadata' },
      },
      {
        message: 'public_metadata does not match the schema',
        long_message: 'Wrong shape (schema_mismatch at ["public_metadata"])',
        code: 'schema_mismatch',
        meta: { path: '/public_metadata', param_name: 'public_metadata' },
      },
    ]);
  });

  it('answers a schema mismatch without issues with one error at the field', () => {
    // Arrange
    const error = Object.assign(new MetadataError('schema_mismatch', ['public_metadata'], 'Does not match the schema'), { issues: [] });

    // Act
    const { body } = metadataErrorToClerkError(error);

    // Assert
    expect(body.errors).toStrictEqual([
      {
        message: 'public_metadata does not match the schema',
        long_message: 'Does not match the schema (schema_mismatch at ["public_metadata"])',
        code: 'schema_mismatch',
        meta: { path: '/public_metadata', param_name: 'public_metadata' },
      },
    ]);
  });
});
