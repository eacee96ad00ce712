// The StrykerJS configuration shared by the packages under mutation testing.
// In place, because tests import across packages: a sandbox copy of one package
// would leave the others importing the unmutated original.

/**
 * @param {object} options
 * @param {string} options.name - the run's name: its reports go to `reports/mutation/<name>.json`
 * @param {string} options.vitestConfig - the Vitest configuration file of the run
 * @param {string | undefined} options.incrementalFile - the committed baseline, or undefined for a run without one
 */
export function strykerConfig({ name, vitestConfig, incrementalFile }) {
  return {
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: vitestConfig },
    inPlace: true,
    mutate: ['src/**/*.ts', '!src/**/__tests__/**', '!src/index.ts'],
    coverageAnalysis: 'perTest',
    checkers: [],
    // Vitest strips types without checking them; a `// @ts-nocheck` line would only change the files docs compare.
    disableTypeChecks: false,
    concurrency: 2,
    incremental: incrementalFile !== undefined,
    ...(incrementalFile === undefined ? {} : { incrementalFile }),
    // Every mutant not marked equivalent must be killed.
    thresholds: { high: 100, low: 100, break: 100 },
    reporters: ['progress', 'clear-text', 'json'],
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    tempDirName: `.stryker-tmp/${name}`,
    cleanTempDir: 'always',
  };
}
