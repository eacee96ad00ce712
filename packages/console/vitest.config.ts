import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: { resolve: { conditions: ['@metadata-semantics/source'] } },
  resolve: { conditions: ['@metadata-semantics/source'] },
  test: {
    name: 'console',
    include: ['src/**/*.test.ts'],
    // Node's environment: the component tests make their own happy-dom window, so the in-process
    // server keeps Node's Request and Response (vitest's happy-dom environment would replace them).
    testTimeout: 120_000,
  },
});
