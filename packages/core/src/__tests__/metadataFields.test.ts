import { describe, expect, it } from 'vitest';
import { fromWireFieldName, renameMetadataFields, toWireFieldName, userMetadataFields } from '../metadataFields.js';
import { expectMetadataError } from '@metadata-semantics/test-kit/errors';

describe('field names', () => {
  it('fromWireFieldName inverts toWireFieldName and knows only the three wire names', () => {
    // Arrange
    const wireNames = userMetadataFields.map(toWireFieldName);

    // Act
    const back = wireNames.map(fromWireFieldName);

    // Assert
    expect(back).toEqual(userMetadataFields);
    expect(['publicMetadata', 'toString', '__proto__', ''].map(fromWireFieldName)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('renameMetadataFields converts both ways, keeping the values themselves and leaving undefined fields absent', () => {
    // Arrange
    const value = { a: 1 };

    // Act
    const wire = renameMetadataFields({ publicMetadata: value, privateMetadata: undefined, unsafeMetadata: null }, 'wire');
    const sdk = renameMetadataFields(wire, 'sdk');

    // Assert
    expect(wire).toEqual({ public_metadata: { a: 1 }, unsafe_metadata: null });
    expect(Object.keys(wire)).toEqual(['public_metadata', 'unsafe_metadata']);
    expect(wire['public_metadata']).toBe(value);
    expect(sdk).toEqual({ publicMetadata: { a: 1 }, unsafeMetadata: null });
  });

  it('renameMetadataFields refuses a key of the other naming, or none, with unknown_field at that key, and a non-object with invalid_params', () => {
    // Arrange
    const refusals = [
      () => renameMetadataFields({ public_metadata: {} }, 'wire'),
      () => renameMetadataFields({ publicMetadata: {} }, 'sdk'),
    ];

    // Act
    const errors = [
      expectMetadataError(refusals[0]!, 'unknown_field', ['public_metadata']),
      expectMetadataError(refusals[1]!, 'unknown_field', ['publicMetadata']),
      expectMetadataError(() => renameMetadataFields(null, 'wire'), 'invalid_params', []),
      expectMetadataError(() => renameMetadataFields([], 'sdk'), 'invalid_params', []),
    ];

    // Assert: the message names the key; a JSON.parse'd "__proto__" is an own key, and not a field
    expect(errors.map((error) => error.message)).toEqual([
      'Unknown metadata field "public_metadata" (unknown_field at ["public_metadata"])',
      'Unknown metadata field "publicMetadata" (unknown_field at ["publicMetadata"])',
      'Expected metadata fields to be a plain object (invalid_params at [])',
      'Expected metadata fields to be a plain object (invalid_params at [])',
    ]);
    expectMetadataError(() => renameMetadataFields(JSON.parse('{"__proto__": {}}'), 'sdk'), 'unknown_field', ['__proto__']);
  });
});
