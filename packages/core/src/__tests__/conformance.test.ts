import { describe, expect, it } from 'vitest';
// The vectors and runner live in the conformance package, which depends on core;
// importing its source by path keeps the workspace graph acyclic.
import { coreImplementation, loadConformanceCases, runConformance } from '@metadata-semantics/conformance';

const cases = loadConformanceCases();

describe('every conformance case against core', () => {
  it.each(cases.map((testCase) => [testCase.id, testCase] as const))('%s', async (_id, testCase) => {
    // Arrange: one case at a time, so a failure names it

    // Act
    const report = await runConformance(coreImplementation, { cases: [testCase] });

    // Assert: raw HTTP bodies (the http topic) need an HTTP runner; everything else must pass
    expect(report.failed, JSON.stringify(report.results)).toBe(0);
    expect(report.passed).toBe(testCase.id.startsWith('http/') ? 0 : 1);
  });
});
