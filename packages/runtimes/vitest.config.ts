import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['@metadata-semantics/source'] } },
  resolve: { conditions: ['@metadata-semantics/source'] },
  test: {
    name: 'runtimes',
    include: ['src/**/*.test.ts'],
    // Each runtime starts in its own process (workerd under miniflare), on 2 shared cores: generous limits.
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
