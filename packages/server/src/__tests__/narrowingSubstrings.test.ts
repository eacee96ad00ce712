import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { narrowingSubstrings, trigramSharesOf } from '../store/postgres/narrowingSubstrings.js';

// postgresStore reads its trigram index for parts of a text query's string only (docs/server.md): each part must be
// in the string (so that every row holding the string holds it: the rows found stay the same), made of trigrams
// pg_trgm indexes as they are (ASCII letters and digits), and hold the string's rarest trigram (so that it narrows
// as much as the rarest trigram can).
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '2', '_', '@', 'é', '.'), minLength: 0, maxLength: 12 });
const trigramsOf = (value: string): string[] =>
  Array.from({ length: Math.max(0, value.length - 2) }, (_, start) => value.slice(start, start + 3)).filter((each) => /^[a-z0-9]{3}$/.test(each));

describe('narrowingSubstrings', () => {
  it.prop([text, fc.array(text, { maxLength: 40 })])('parts of the string, of indexed trigrams, holding its rarest trigram', (needle, rows) => {
    // Arrange
    const shares = trigramSharesOf(rows);

    // Act
    const parts = narrowingSubstrings(needle, shares);

    // Assert
    const trigrams = trigramsOf(needle);
    if (trigrams.length === 0) {
      expect(parts).toEqual([needle]);
      return;
    }
    for (const part of parts) {
      expect(needle).toContain(part);
      expect(part).toMatch(/^[a-z0-9]{3,}$/);
    }
    const rarest = Math.min(...trigrams.map((each) => shares.get(each) ?? 0));
    expect(parts.flatMap(trigramsOf).some((each) => (shares.get(each) ?? 0) === rarest)).toBe(true);
  });

  it('leaves out a trigram every row holds when a rarer one is there, and keeps the string whole without a sample', () => {
    // Arrange: every id holds `use`, `ser`; one in a hundred `123`
    const shares = trigramSharesOf(Array.from({ length: 100 }, (_, n) => `user_${n * 7}`));

    // Act + Assert
    expect(narrowingSubstrings('user_123', shares)).toEqual(['123']);
    expect(narrowingSubstrings('user_123', undefined)).toEqual(['user_123']);
  });
});
