import { describe, expect, it } from 'vitest';
import { secretKeyChecker } from '../handler/secretKeyCheck.js';

describe('secretKeyChecker', () => {
  const secretKey = 'sk_test_checker_key';
  const isSecretKey = secretKeyChecker(secretKey);

  it('accepts exactly the configured key', () => {
    // Act + Assert
    expect(isSecretKey(secretKey)).toBe(true);
    expect(isSecretKey(String(secretKey))).toBe(true);
  });

  it('refuses a wrong key of the same length, differing in any one position', () => {
    // Arrange: every single-character change of the key keeps its length.
    const wrongKeys = [...secretKey].map((character, index) =>
      secretKey.slice(0, index) + (character === 'x' ? 'y' : 'x') + secretKey.slice(index + 1),
    );

    // Act + Assert
    for (const wrongKey of wrongKeys) {
      expect(wrongKey).toHaveLength(secretKey.length);
      expect(isSecretKey(wrongKey)).toBe(false);
    }
  });

  it('refuses keys of a different length, including prefixes and extensions of the key', () => {
    // Arrange
    const wrongKeys = ['', secretKey.slice(0, -1), `${secretKey}x`, `${secretKey}\u0000`, `x${secretKey}`, secretKey.repeat(2)];

    // Act + Assert
    for (const wrongKey of wrongKeys) {
      expect(wrongKey.length).not.toBe(secretKey.length);
      expect(isSecretKey(wrongKey)).toBe(false);
    }
  });

  it('compares UTF-8 bytes, so a non-ASCII key matches only itself', () => {
    // Arrange: 'é' is two bytes; 'e\u0301' looks alike but differs.
    const isUnicodeKey = secretKeyChecker('sk_é');

    // Act + Assert
    expect(isUnicodeKey('sk_é')).toBe(true);
    expect(isUnicodeKey('sk_e\u0301')).toBe(false);
    expect(isUnicodeKey('sk_ee')).toBe(false);
  });
});
