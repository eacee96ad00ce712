import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['@metadata-semantics/source'] } },
  resolve: { conditions: ['@metadata-semantics/source'] },
  test: {
    name: 'browser',
    include: ['src/**/*.test.ts'],
    // Chromium and the CLI server each start in their own process, on 2 shared cores: generous limits.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
