// The Vitest configuration of a mutation run (pnpm mutation): a package's own
// configuration without its type tests (types cannot kill a runtime mutant), with
// property tests at 100 runs from a fixed seed, so every run kills the same mutants.
import { defineConfig, mergeConfig } from 'vitest/config';

export const MUTATION_ENV = { FC_NUM_RUNS: '100', FC_SEED: '13' };

/** `base` for a mutation run; `include`, when given, replaces the test files (the vectors alone). */
export function mutationVitestConfig(base, include) {
  const config = mergeConfig(base, defineConfig({ test: { typecheck: { enabled: false }, env: MUTATION_ENV } }));
  if (include !== undefined) config.test.include = include;
  return config;
}
