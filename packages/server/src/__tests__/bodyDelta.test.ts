import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { applyBodyDelta, bodyDelta } from '../store/postgres/bodyDelta.js';

// exclusivePostgresStore stores a message's body as its difference from the body before it in its line
// (docs/webhooks.md): what is stored must give the body back exactly, and must be text PostgreSQL takes.
const unit = fc.constantFrom('a', 'b', '{', '"', '1', 'é', '\u{1F600}', '\u{1F601}', '\u{10000}');
const text = fc.string({ unit, maxLength: 30 });
/** A body and the one before it: mostly alike, as consecutive events of one resource are. */
const related = fc.tuple(text, text, text, text, text).map(([start, end, old, fresh, base]) => [start + old + end, start + fresh + end, base] as const);

describe('bodyDelta', () => {
  it.prop([related])('gives the body back from its base, whatever the two hold', ([base, body, unrelated]) => {
    // Act and assert
    expect(applyBodyDelta(base, bodyDelta(base, body))).toBe(body);
    expect(applyBodyDelta(unrelated, bodyDelta(unrelated, body))).toBe(body);
  });

  it.prop([related])('never splits a surrogate pair: the middle of a well-formed body is well-formed', ([base, body]) => {
    // Act
    const { middle } = bodyDelta(base, body);

    // Assert
    expect(middle).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('keeps of two events of one user only what differs', () => {
    // Arrange
    const event = (at: number): string => JSON.stringify({ type: 'user.updated', data: { id: 'user_1', public_metadata: { plan: 'pro' }, updated_at: at }, timestamp: at });

    // Act
    const delta = bodyDelta(event(1765000000000), event(1765000000042));

    // Assert
    expect(delta.middle).toBe('42},"timestamp":1765000000042');
  });
});
