import { describe, expect, it } from 'vitest';
import { HEAP_BYTES_PER_ROW, HEAP_SHARE_FOR_RESOURCES, heapWatch, type HeapNow } from '../cli/heapWatch.js';
import { StartupError } from '../cli/startupError.js';

// The command-line server's memory check, with the heap's statistics stood in for: the table's estimate is
// weighed before reading, and the heap itself after each page, since an estimate can fall short (text of two
// bytes a character).
const MIB = 2 ** 20;
const limit = 1024 * MIB;
const heapAt = (used: number) => (): HeapNow => ({ heap_size_limit: limit, used_heap_size: used });

describe('heapWatch', () => {
  it('refuses before reading a table whose estimate does not fit in its share of the heap, and lets one that fits open', () => {
    // Arrange
    const used = 100 * MIB;
    const room = limit * HEAP_SHARE_FOR_RESOURCES - used;
    const rows = 100_000;
    const fitting = { rows, bytes: Math.floor(room - rows * HEAP_BYTES_PER_ROW) };
    const tooLarge = { rows, bytes: fitting.bytes + 1 };
    const watch = heapWatch('/data/folder', heapAt(used));

    // Act
    const refusal = (() => {
      try {
        watch.beforeReading!(tooLarge);
      } catch (error) {
        return error;
      }
    })();

    // Assert
    expect(() => watch.beforeReading!(fitting)).not.toThrow();
    expect(refusal).toBeInstanceOf(StartupError);
    expect((refusal as Error).message).toMatch(/^DATA_DIR=\/data\/folder: the database holds 100,000 resources with \d+ MiB of JSON/);
    expect((refusal as Error).message).toContain('STORE=postgres');
  });

  it('stops reading once the heap passes nine tenths of its limit, naming how many it had read', () => {
    // Arrange
    const table = { rows: 400_000, bytes: 100 * MIB };
    const watch = heapWatch('/data/folder', heapAt(Math.ceil(limit * 0.9) + 1));
    const calm = heapWatch('/data/folder', heapAt(Math.floor(limit * 0.9)));

    // Act
    const stop = () => watch.afterPage!({ rows: 250_000, bytes: 60 * MIB }, table);

    // Assert
    expect(() => calm.afterPage!({ rows: 250_000, bytes: 60 * MIB }, table)).not.toThrow();
    expect(stop).toThrow(StartupError);
    expect(stop).toThrow(/holds 400,000 resources .* filled the heap after 250,000 of them/);
  });
});
