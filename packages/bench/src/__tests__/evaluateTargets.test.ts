import { describe, expect, it } from 'vitest';
import { contenders } from '../contenders.js';
import { evaluateTargets, formatTimes } from '../evaluateTargets.js';
import type { WorkloadSummary } from '../summarizePasses.js';

function summary(id: number, coreId: string, ratios: Record<string, number>): WorkloadSummary {
  return {
    id,
    coreId,
    contenders: Object.entries({ [coreId]: 1, ...ratios }).map(([contenderId, ratio]) => ({
      contenderId,
      nsPerCall: ratio * 100,
      timeVsCore: { median: ratio, min: ratio * 0.9, max: ratio * 1.1 },
    })),
  };
}

function statusOf(rows: ReturnType<typeof evaluateTargets>, prefix: string): string[] {
  return rows.filter((row) => row.target.startsWith(prefix)).map((row) => row.status);
}

describe('evaluateTargets', () => {
  it('meets every target when the core is near the floor, far ahead of clones and within budget', () => {
    // Arrange
    const summaries = [
      summary(1, 'core', { floor: 0.8, 'json-merge-patch': 9, immer: 6, 'structured-clone': 9, 'json-merge-patch-raw': 1.2 }),
      summary(2, 'core', { floor: 0.9, 'json-merge-patch': 5000, 'structured-clone': 5000, deepmerge: 4000, 'lodash.merge': 3000 }),
      summary(5, 'core-replace', { 'floor-replace': 0.7 }),
    ];

    // Act
    const rows = evaluateTargets({
      summaries,
      contenders,
      reducersGzipBytes: 650,
      reducersBudgetBytes: 700,
      serverThroughputRatios: [{ store: 'memory', ratio: 0.6 }],
    });

    // Assert
    expect(rows.map((row) => row.status)).toEqual(Array(rows.length).fill('met'));
    expect(rows).toHaveLength(3 + 1 + 1 + 1 + 1 + 1);
  });

  it('misses each target on its own measurement', () => {
    // Arrange: core 2× the floor on workload 1, an immutable contender only 4× slower,
    // a clone-based one only 900× slower, over budget, a slow server
    const summaries = [
      summary(1, 'core', { floor: 0.5, 'json-merge-patch': 9, immer: 4, 'json-merge-patch-raw': 0.4 }),
      summary(2, 'core', { floor: 0.9, 'json-merge-patch': 5000, 'structured-clone': 900 }),
    ];

    // Act
    const rows = evaluateTargets({
      summaries,
      contenders,
      reducersGzipBytes: 701,
      reducersBudgetBytes: 700,
      serverThroughputRatios: [
        { store: 'memory', ratio: 0.6 },
        { store: 'pglite', ratio: 0.1 },
      ],
    });

    // Assert
    expect(statusOf(rows, 'Workload 1: core within')).toEqual(['missed']);
    expect(statusOf(rows, 'Workload 2: core within')).toEqual(['met']);
    expect(statusOf(rows, 'Workload 1: ≥ 5×')).toEqual(['missed']);
    expect(statusOf(rows, 'Workload 1 (stretch)')).toEqual(['missed']);
    expect(statusOf(rows, 'Workload 2: ≥ 1,000×')).toEqual(['missed']);
    expect(statusOf(rows, 'The two reducers')).toEqual(['missed']);
    expect(statusOf(rows, 'Server')).toEqual(['met', 'missed']);
    expect(rows.filter((row) => row.target.startsWith('Server')).map((row) => row.target)).toEqual([
      'Server PATCH throughput ≥ 0.5× a bare node:http server (memory)',
      'Server PATCH throughput ≥ 0.5× a bare node:http server (pglite)',
    ]);
    expect(rows.find((row) => row.target.startsWith('Workload 1: core within'))!.measured).toContain('2.00×');
  });

  it('says "not measured" for the server when it was not run', () => {
    // Arrange / Act
    const rows = evaluateTargets({ summaries: [], contenders, reducersGzipBytes: 1, reducersBudgetBytes: 700 });

    // Assert
    expect(statusOf(rows, 'Server')).toEqual(['not measured']);
  });
});

describe('formatTimes', () => {
  it('keeps two decimals near 1×, groups thousands, and writes tiny ratios as fractions', () => {
    // Arrange / Act / Assert
    expect(formatTimes(1.234)).toBe('1.23×');
    expect(formatTimes(45.67)).toBe('45.7×');
    expect(formatTimes(1234.4)).toBe('1,234×');
    expect(formatTimes(1 / 7700)).toBe('1/7,700×');
    expect(formatTimes(Number.NaN)).toBe('–');
  });
});
