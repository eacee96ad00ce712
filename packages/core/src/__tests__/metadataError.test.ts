import { describe, expect, it } from 'vitest';
import { MetadataError, formatMetadataPath } from '../metadataError.js';

describe('MetadataError and formatMetadataPath', () => {
  it('formats a path as an RFC 6901 JSON Pointer: "" for the root, ~ as ~0 and / as ~1 in every segment', () => {
    // Arrange
    const paths: Array<[Array<string | number>, string]> = [
      [[], ''],
      [[''], '/'],
      [['publicMetadata', 'tags', 0, 'a/b'], '/publicMetadata/tags/0/a~1b'],
      [['~', '/', '~1', 'a~/b/~c'], '/~0/~1/~01/a~0~1b~1~0c'],
      [['x', 'y'], '/x/y'],
    ];

    // Act
    const pointers = paths.map(([path]) => formatMetadataPath(path));

    // Assert
    expect(pointers).toEqual(paths.map(([, pointer]) => pointer));
  });

  it('carries its code and a copy of its path, and says both at the end of its message', () => {
    // Arrange
    const path: Array<string | number> = ['publicMetadata', 'a', 0];

    // Act
    const error = new MetadataError('too_deep', path, 'Nested too deeply');
    path.push('later');

    // Assert
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.path]).toEqual(['MetadataError', 'too_deep', ['publicMetadata', 'a', 0]]);
    expect(error.message).toBe('Nested too deeply (too_deep at ["publicMetadata","a",0])');
  });
});
