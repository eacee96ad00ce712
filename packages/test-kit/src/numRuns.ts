import fc from 'fast-check';

/**
 * Runs per property: modest by default so the suite stays fast; FC_NUM_RUNS raises it for a
 * deep run (`FC_NUM_RUNS=100000 npx vitest run`). Importing this module configures fast-check.
 */
export const DEFAULT_NUM_RUNS = 200;
export const numRuns = Number(process.env.FC_NUM_RUNS ?? DEFAULT_NUM_RUNS);
if (!Number.isInteger(numRuns) || numRuns < 1) throw new Error(`FC_NUM_RUNS must be a positive integer, got ${process.env.FC_NUM_RUNS}`);
// FC_SEED fixes the inputs, so that a mutation run kills the same mutants every time.
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
fc.configureGlobal(seed === undefined ? { numRuns } : { numRuns, seed });

/** Runs for a property whose single run is expensive (deep inputs): never more than `cap`. */
export function cappedRuns(cap: number): number {
  return Math.min(numRuns, cap);
}

/** Per-test timeout that grows with the run count, so a deep run is not cut short by vitest. */
export const propertyTimeout = Math.max(120_000, numRuns * 30);
