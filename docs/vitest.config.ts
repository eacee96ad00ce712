import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('../packages/', import.meta.url));

export default defineConfig({
  // Examples import '@metadata-semantics/<pkg>'; run them against each package's
  // source, so no build is needed and a package resolves as soon as it exists.
  resolve: {
    alias: [
      { find: /^@metadata-semantics\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      // A subpath entry, such as '@metadata-semantics/server/node', is src/<subpath>.ts.
      { find: /^@metadata-semantics\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
    ],
    conditions: ['@metadata-semantics/source'],
  },
  ssr: { resolve: { conditions: ['@metadata-semantics/source'] } },
  // The runner writes the example modules there while tests run: never a reason to re-run.
  server: { watch: { ignored: ['**/.examples-tmp/**'] } },
  test: {
    name: 'docs',
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
