import { describe, expect, it } from 'vitest';
import { contenders } from '../contenders.js';
import { explainMissedTargets } from '../explainMissedTargets.js';
import { checkKey, renderReport, type BenchmarkReport } from '../renderReport.js';

function report(overrides: Partial<BenchmarkReport> = {}): BenchmarkReport {
  return {
    generatedAt: '2026-01-01T00:00:00Z',
    durationSeconds: 120,
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v20.20.2', os: 'Linux', loadBefore: [1, 1, 1], loadAfter: [2, 2, 2] },
    settings: { passes: 3, minCpuMs: 250, seed: 1 },
    versions: [{ name: 'json-merge-patch', version: '1.0.2' }],
    workloads: [{ id: 1, name: 'realistic metadata', description: 'a small object' }],
    contenders,
    summaries: [
      {
        id: 1,
        coreId: 'core',
        contenders: [
          { contenderId: 'floor', nsPerCall: 300, timeVsCore: { median: 0.5, min: 0.4, max: 0.6 } },
          { contenderId: 'core', nsPerCall: 600, timeVsCore: { median: 1, min: 1, max: 1 } },
          { contenderId: 'deepmerge', nsPerCall: 6000, timeVsCore: { median: 10, min: 9, max: 11 } },
        ],
      },
    ],
    checks: {
      [checkKey(1, 'core')]: { matchesCore: true, leavesInputsUntouched: true },
      [checkKey(1, 'deepmerge')]: { matchesCore: false, leavesInputsUntouched: true },
    },
    sizes: [{ id: 'core', label: 'core reducers', minified: 1500, gzipped: 650 }],
    reducersBudgetBytes: 700,
    coreSizeBreakdown: [{ path: 'packages/core/src/internal/copyJson.ts', bytes: 700 }],
    server: { skipped: 'no server here.' },
    profiles: [],
    ...overrides,
  };
}

describe('renderReport', () => {
  it('shows the targets, each contender with its check and spread, the sizes, the machine and the chart', () => {
    // Arrange / Act
    const markdown = renderReport(report(), 'benchmarks.svg');

    // Assert
    expect(markdown).toContain('| Workload 1: core within 1.5× of the spine-copy floor in every run | core = 2.00× the floor (runs: 1.67×–2.50×) | ❌ missed |');
    expect(markdown).toContain('| The two reducers alone: ≤ 700 B minified + gzipped | 650 B | ✅ met |');
    expect(markdown).toMatch(/\| deepmerge \| \*\*different semantics\*\* \| differs \| untouched \| 6\.00 µs \| 10\.0× \(9\.00×–11\.0×\) \|/);
    expect(markdown).toContain('| **core deepMergeWithNullDeletion** | the core | = core | untouched | 600 ns | 1× |');
    expect(markdown).toContain('Not measured: no server here.');
    expect(markdown).toContain('![Time per call relative to the core, per workload](benchmarks.svg)');
    expect(markdown).toContain('Test CPU, 2 cores');
    expect(markdown).not.toContain('## Profiles');
  });

  it('never writes a ts code block, which the docs runner would execute', () => {
    // Arrange / Act
    const markdown = renderReport(report(), 'benchmarks.svg');

    // Assert
    expect(markdown).not.toMatch(/^```ts/m);
  });

  it('embeds the profiles of missed floor targets and the server table when measured', () => {
    // Arrange
    const profile = (contenderId: string) => ({
      workloadId: 1,
      contenderId,
      nsPerCall: 500,
      functions: [{ name: 'mergeFields', share: 0.7 }],
      lines: [{ source: 'delete result[key];', share: 0.3 }],
    });
    const withExtras = report({
      profiles: [{ core: profile('core'), floor: profile('floor') }],
      server: {
        rows: [
          { label: 'bare', role: 'baseline', requestsPerSecond: 1000, ratio: 1 },
          {
            label: 'memory',
            role: 'target',
            store: 'memoryStore',
            requestsPerSecond: 400,
            answerBytes: 2312,
            cpuMicrosPerRequest: 41.4,
            latencyP50Ms: 3,
            latencyP99Ms: 11,
            ratio: 0.4,
            ratioRange: { min: 0.35, max: 0.45 },
          },
          { label: 'through fetch', role: 'reference', requestsPerSecond: 100, ratio: 0.1 },
        ],
        note: 'autocannon note',
        profiles: [
          {
            kind: 'memoryStore',
            requestsPerSecond: 9000,
            shares: [
              { category: 'socket writes (the kernel sending the answer)', share: 0.4 },
              { category: 'JSON.stringify of the answer', share: 0.15 },
            ],
          },
        ],
      },
    });

    // Act
    const markdown = renderReport(withExtras, 'benchmarks.svg');

    // Assert
    expect(markdown).toContain('## Profiles where the core misses the floor target');
    expect(markdown).toContain(' 30.0%  delete result[key];');
    expect(markdown).toContain('| memory | 2,312 | 41 µs | 400 | 3 / 11 ms | 0.40× | 0.35×–0.45× |');
    expect(markdown).toContain('| through fetch | – | – | 100 | – | 0.10× | – |');
    expect(markdown).toContain('memoryStore (9,000 requests/s under the profiler):');
    expect(markdown).toContain('  15.0%  JSON.stringify of the answer');
    expect(markdown).toContain('| Server throughput, memoryStore: ≥ 0.5× a bare node:http server | 0.40× | ❌ missed |');
    // A reference row is shown, never checked against the target.
    expect(markdown).not.toMatch(/\| Server throughput[^|]*through fetch/);
  });
});

describe('explainMissedTargets', () => {
  it('explains exactly the missed targets it knows, and nothing when all are met', () => {
    // Arrange
    const missed = [
      { target: 'The two reducers alone: ≤ 700 B minified + gzipped', measured: '1010 B', status: 'missed' as const },
      { target: 'Workload 4: core within 1.5× of the spine-copy floor in every run', measured: '1.6×', status: 'missed' as const },
      { target: 'Workload 1: ≥ 5× the throughput of every immutable same-semantics contender', measured: '7×', status: 'met' as const },
      { target: 'Server throughput, PATCH, memoryStore: ≥ 0.7× a bare node:http server', measured: '0.58×', status: 'met' as const },
      { target: 'Server throughput, PUT, exclusivePostgresStore on PGlite: ≥ 0.2× a bare node:http server', measured: '0.1×', status: 'missed' as const },
    ];

    // Act
    const lines = explainMissedTargets(missed);
    const none = explainMissedTargets(missed.map((row) => ({ ...row, status: 'met' as const })));

    // Assert
    expect(lines.filter((line) => line.startsWith('### '))).toEqual([
      '### The floor target in every run',
      '### The 700-byte size target',
      '### Throughput with PGlite',
    ]);
    expect(none).toEqual([]);
  });
});
