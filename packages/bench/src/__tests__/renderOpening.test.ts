import { describe, expect, it } from 'vitest';
import type { OpeningRow } from '../measureOpening.js';
import { OPENING_END, OPENING_START, renderOpening } from '../renderOpening.js';

const row = (users: number, seconds: number, heapUsedMiB: number): OpeningRow => ({
  users,
  bytesPerUser: { attributes: 1114.3, metadata: 1262.2 },
  seconds,
  cpuSeconds: seconds / 2,
  heapUsedMiB,
  rssMiB: heapUsedMiB * 1.5,
  peakRssMiB: heapUsedMiB * 1.6,
  getMs: 0.9,
  patchMs: 8,
});

describe('renderOpening', () => {
  it('renders one row per size between its markers, each with its time and heap per 100,000 users', () => {
    // Arrange
    const rows = [row(100_000, 6.2, 250), row(400_000, 23.4, 975), row(1_000_000, 66, 2415)];

    // Act
    const lines = renderOpening({ rows, heapLimitMiB: 4144 });

    // Assert
    expect(lines[0]).toBe(OPENING_START);
    expect(lines.at(-1)).toBe(OPENING_END);
    const table = lines.filter((line) => /^\| [\d,]+ \|/.test(line)).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(table.map((cells) => Number(cells[0]!.replace(/,/g, '')))).toEqual(rows.map((measured) => measured.users));
    for (const [index, measured] of rows.entries()) {
      const cells = table[index]!;
      expect(Number(cells[1])).toBeCloseTo(measured.seconds, 1);
      const [seconds, heap] = cells[6]!.split(', ').map(Number);
      expect(seconds).toBeCloseTo((measured.seconds / measured.users) * 100_000, 1);
      expect(Math.abs(heap! - (measured.heapUsedMiB / measured.users) * 100_000)).toBeLessThanOrEqual(0.5);
    }
  });

  it('says why when it was not measured', () => {
    expect(renderOpening({ skipped: 'run without --skip-server.' })).toContain('Skipped: run without --skip-server.');
  });
});
