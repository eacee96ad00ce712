import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['@metadata-semantics/source'] } },
  resolve: { conditions: ['@metadata-semantics/source'] },
  test: {
    name: 'core',
    include: ['src/**/*.test.ts'],
    // Its type tests (src/**/*.test-d.ts) run in test-kit's typeTests.test.ts, one program for every package.
    testTimeout: 120_000,
  },
});
