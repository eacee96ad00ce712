import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['@metadata-semantics/source'] } },
  resolve: { conditions: ['@metadata-semantics/source'] },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    // Its type tests (src/**/*.test-d.ts) run in test-kit's typeTests.test.ts, one program for every package.
    testTimeout: 120_000,
    // A fresh PGlite takes several seconds to start: shared per test file in beforeAll.
    hookTimeout: 60_000,
    // An empty PGlite database made once for the run, loaded by the test files that need one (support/pgliteTemplate.ts).
    globalSetup: ['src/__tests__/support/pgliteTemplate.ts'],
  },
});
