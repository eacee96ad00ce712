import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['@metadata-semantics/source'] } },
  resolve: { conditions: ['@metadata-semantics/source'] },
  test: {
    name: 'test-kit',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
