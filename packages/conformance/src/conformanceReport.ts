/**
 * The result of one case.
 *
 * @public
 */
export interface ConformanceResult {
  /** The case id. */
  readonly id: string;
  /** The case's topic (the part of its id before the slash). */
  readonly topic: string;
  /** `passed`, `failed`, or `skipped` when the runner cannot run the case against this implementation. */
  readonly outcome: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped; absent when it passed. */
  readonly message?: string;
}

/**
 * The results of a conformance run.
 *
 * @public
 */
export interface ConformanceReport {
  /** Number of cases that passed. */
  readonly passed: number;
  /** Number of cases that failed. */
  readonly failed: number;
  /** Number of cases that could not run against this implementation. */
  readonly skipped: number;
  /** One result per case, in case order. */
  readonly results: readonly ConformanceResult[];
}

/** Counts results into a report. */
export function toReport(results: readonly ConformanceResult[]): ConformanceReport {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const result of results) {
    if (result.outcome === 'passed') passed++;
    else if (result.outcome === 'failed') failed++;
    else skipped++;
  }
  return { passed, failed, skipped, results };
}
