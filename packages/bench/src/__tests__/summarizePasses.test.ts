import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PassResult } from '../runBenchmarkPass.js';
import { median, summarizePasses } from '../summarizePasses.js';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 200);

function pass(index: number, core: number, other: number): PassResult {
  return {
    pass: index,
    workloads: [
      {
        id: 1,
        timings: [
          { contenderId: 'other', nsPerCall: other, calls: 10 },
          { contenderId: 'core', nsPerCall: core, calls: 10 },
        ],
      },
    ],
  };
}

describe('summarizePasses', () => {
  it('takes each ratio within its own pass, so a pass that is slower overall does not move it', () => {
    // Arrange: the whole machine is twice as slow in the second pass
    const passes = [pass(0, 100, 300), pass(1, 200, 600), pass(2, 100, 300)];

    // Act
    const [summary] = summarizePasses(passes, ['core']);

    // Assert
    const other = summary!.contenders.find((entry) => entry.contenderId === 'other')!;
    expect(other.timeVsCore).toEqual({ median: 3, min: 3, max: 3 });
    expect(other.nsPerCall).toBe(300);
  });

  it('reports the core at 1× and the spread of the others between their lowest and highest run', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true })), {
          minLength: 1,
          maxLength: 7,
        }),
        (timings) => {
          // Arrange
          const passes = timings.map(([core, other], index) => pass(index, core, other));

          // Act
          const [summary] = summarizePasses(passes, ['core']);

          // Assert
          const core = summary!.contenders.find((entry) => entry.contenderId === 'core')!;
          const other = summary!.contenders.find((entry) => entry.contenderId === 'other')!;
          expect(summary!.coreId).toBe('core');
          expect(core.timeVsCore).toEqual({ median: 1, min: 1, max: 1 });
          const ratios = timings.map(([c, o]) => o / c);
          expect(other.timeVsCore.min).toBe(Math.min(...ratios));
          expect(other.timeVsCore.max).toBe(Math.max(...ratios));
          expect(other.timeVsCore.median).toBeGreaterThanOrEqual(other.timeVsCore.min);
          expect(other.timeVsCore.median).toBeLessThanOrEqual(other.timeVsCore.max);
        },
      ),
      { numRuns },
    );
  });

  it('sorts contenders from fastest to slowest relative to the core', () => {
    // Arrange
    const passes = [pass(0, 100, 50)];

    // Act
    const [summary] = summarizePasses(passes, ['core']);

    // Assert
    expect(summary!.contenders.map((entry) => entry.contenderId)).toEqual(['other', 'core']);
  });

  it('rejects empty input and a workload without a core timing', () => {
    // Arrange / Act / Assert
    expect(() => summarizePasses([], ['core'])).toThrow(RangeError);
    expect(() => summarizePasses([pass(0, 1, 1)], ['not-there'])).toThrow(RangeError);
    expect(() => median([])).toThrow(RangeError);
  });

  it('median: the middle value, or the mean of the middle two', () => {
    // Arrange / Act / Assert
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
