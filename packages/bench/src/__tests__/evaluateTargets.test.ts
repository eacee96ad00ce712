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
      summary(5, 'core-replace', { 'floor-replace': 0.75 }),
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
        { store: 'PATCH, memory', ratio: 0.6, target: 0.7 },
        { store: 'PATCH, pglite', ratio: 0.25, target: 0.2 },
      ],
      listPages: [
        { store: 'memory', slowestMs: 0.4 },
        { store: 'pglite', slowestMs: 56 },
      ],
      optimisticGzipBytes: 2200,
      optimisticAimBytes: 2048,
    });

    // Assert
    expect(statusOf(rows, 'Workload 1: core within')).toEqual(['missed']);
    expect(statusOf(rows, 'Workload 2: core within')).toEqual(['met']);
    expect(statusOf(rows, 'Workload 1: ≥ 5×')).toEqual(['missed']);
    expect(statusOf(rows, 'Workload 1 (stretch)')).toEqual(['missed']);
    expect(statusOf(rows, 'Workload 2: ≥ 1,000×')).toEqual(['missed']);
    expect(statusOf(rows, 'The two reducers')).toEqual(['missed']);
    expect(statusOf(rows, 'Server')).toEqual(['met', 'missed', 'missed', 'met']);
    expect(rows.filter((row) => row.target.startsWith('Server')).map((row) => row.target)).toEqual([
      'Server throughput, memory: ≥ 0.5× a bare node:http server',
      'Server throughput, pglite: ≥ 0.5× a bare node:http server',
      'Server throughput, PATCH, memory: ≥ 0.7× a bare node:http server',
      'Server throughput, PATCH, pglite: ≥ 0.2× a bare node:http server',
    ]);
    expect(statusOf(rows, 'Lists at 100,000 users')).toEqual(['met', 'missed']);
    expect(statusOf(rows, 'optimistic + core')).toEqual(['missed']);
    expect(rows.find((row) => row.target.startsWith('Workload 1: core within'))!.measured).toContain('2.00×');
  });

  it('misses the floor target when one run is over it, though the median is within', () => {
    // Arrange: the floor at 0.7× the core's time in the median run (core 1.43×), 0.6× in one run (core 1.67×).
    const summaries = [{ id: 4, coreId: 'core', contenders: [{ contenderId: 'floor', nsPerCall: 70, timeVsCore: { median: 0.7, min: 0.6, max: 0.8 } }] }];

    // Act
    const rows = evaluateTargets({ summaries, contenders, reducersGzipBytes: 1, reducersBudgetBytes: 700 });

    // Assert
    expect(rows[0]).toEqual({
      target: 'Workload 4: core within 1.5× of the spine-copy floor in every run',
      measured: 'core = 1.43× the floor (runs: 1.25×–1.67×)',
      status: 'missed',
    });
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
