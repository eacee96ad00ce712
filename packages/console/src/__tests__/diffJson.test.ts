import { describe, expect, it } from 'vitest';
import { diffJson } from '../editing/diffJson.js';

describe('diffJson', () => {
  it('finds no change between equal values whose objects list their keys in another order, inside arrays too', () => {
    // Arrange
    const before = { a: 1, list: [{ x: 1, y: [2, { p: true, q: null }] }] };
    const after = { list: [{ y: [2, { q: null, p: true }], x: 1 }], a: 1 };

    // Act
    const changes = diffJson(before, after);

    // Assert
    expect(changes).toEqual([]);
  });

  it('compares arrays whole, as a merge patch replaces them, and objects key by key', () => {
    // Act
    const changes = diffJson({ tags: ['a', 'b'], prefs: { theme: 'dark' }, n: 1 }, { tags: ['a'], prefs: null, n: 1, m: { k: 0 } }, ['public_metadata']);

    // Assert
    expect(changes).toEqual([
      { kind: 'changed', path: ['public_metadata', 'tags'], before: ['a', 'b'], after: ['a'] },
      { kind: 'changed', path: ['public_metadata', 'prefs'], before: { theme: 'dark' }, after: null },
      { kind: 'added', path: ['public_metadata', 'm'], after: { k: 0 } },
    ]);
  });
});
