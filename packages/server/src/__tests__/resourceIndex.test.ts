import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredResource } from '../index.js';
import { compareCodePoints } from '../store/memory/listQueries.js';
import { ResourceIndex } from '../store/memory/resourceIndex.js';

// The in-memory index a store opens with: a table's rows come in any order (imported with created_at, or moved
// on disk by updates), and the creation order must be built as a sort would build it, in about linear work.
const ROWS = 200_000;

/** `count` users in an order other than their creation: creation times a permutation of the positions, two users per time. */
function shuffledUsers(count: number): StoredResource[] {
  return Array.from({ length: count }, (_, position) => {
    // 7919 is prime and does not divide 200,000: position ↦ position·7919 mod count is a permutation.
    const rank = (position * 7919) % count;
    return {
      kind: 'user',
      key: `user_${String(position).padStart(6, '0')}`,
      attributes: { first_name: `Ada ${position}` },
      metadata: { public_metadata: { rank } },
      createdAt: 1_700_000_000_000 + Math.floor(rank / 2) * 1000,
      updatedAt: 1_700_000_000_000,
      version: 1,
    };
  });
}

/**
 * Counts the array entries that `splice` shifts (an insertion or a removal in the middle moves every later
 * entry), throwing once past `budget`, so quadratic work fails at once instead of taking minutes.
 */
function countShiftedEntries(budget: number): { readonly shifted: () => number } {
  const splice = Array.prototype.splice;
  let shifted = 0;
  vi.spyOn(Array.prototype, 'splice').mockImplementation(function (this: unknown[], ...args: [number, number, ...unknown[]]) {
    const [start, deleteCount, ...items] = args;
    const from = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
    const removed = args.length < 2 ? this.length - from : Math.max(0, Math.min(deleteCount, this.length - from));
    if (items.length !== removed) shifted += this.length - from - removed;
    if (shifted > budget) throw new Error(`splice shifted more than ${budget} entries`);
    return splice.apply(this, args);
  });
  return { shifted: () => shifted };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ResourceIndex opening a table', () => {
  it(`builds the creation order of ${ROWS.toLocaleString('en')} shuffled users as a sort does, shifting no more entries than there are users`, () => {
    // Arrange
    const users = shuffledUsers(ROWS);
    const sorted = [...users].sort((a, b) => a.createdAt - b.createdAt || compareCodePoints(a.key, b.key)).map((user) => user.key);
    const index = new ResourceIndex('text');
    const work = countShiftedEntries(ROWS);

    // Act
    index.putAll(users);
    vi.restoreAllMocks();

    // Assert
    expect(work.shifted()).toBeLessThanOrEqual(ROWS);
    const oldestFirst = index.list({ kind: 'user', orderBy: { field: 'created_at', descending: false }, limit: ROWS, offset: 0 });
    expect(oldestFirst.map((user) => user.key)).toEqual(sorted);
    const newestFirst = index.list({ kind: 'user', limit: 3, offset: 0 });
    expect(newestFirst.map((user) => user.key)).toEqual(sorted.slice(-3).reverse());
    expect(index.count({ kind: 'user' })).toBe(ROWS);
  });

  it('reads back every record it holds as text equal to what was put, and a single write still lands in order', () => {
    // Arrange
    const users = shuffledUsers(1000);
    const index = new ResourceIndex('text');
    index.putAll(users);
    const late = { ...users[10]!, key: 'user_late', createdAt: users[10]!.createdAt };

    // Act
    index.put(late);
    index.remove('user', users[20]!.key);

    // Assert
    for (const user of users.slice(0, 10)) expect(index.get('user', user.key)).toEqual(user);
    const keys = index.list({ kind: 'user', orderBy: { field: 'created_at', descending: false }, limit: 2000, offset: 0 }).map((user) => user.key);
    const expected = [...users.filter((user) => user !== users[20]), late]
      .sort((a, b) => a.createdAt - b.createdAt || compareCodePoints(a.key, b.key))
      .map((user) => user.key);
    expect(keys).toEqual(expected);
  });
});
