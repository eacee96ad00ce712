// What runs outside Node must bundle without Node: core, optimistic and the server's main entry
// (the handler and the stores), bundled by esbuild for `browser` and for `neutral` (the platform
// of Deno, Bun and workers bundles). A `node:` import anywhere below these entries, even a dynamic
// one, fails this test.
import { describe, expect, test } from 'vitest';
import { bundleModule } from '../bundleModule.js';

const entries = [
  { name: '@metadata-semantics/core', exported: 'deepMergeWithNullDeletion' },
  { name: '@metadata-semantics/optimistic', exported: 'createOptimisticMetadataStore' },
  { name: '@metadata-semantics/server', exported: 'createMetadataHandler' },
] as const;

const platforms = ['browser', 'neutral'] as const;

describe.each(platforms)('bundled for the %s platform', (platform) => {
  test.each(entries)('$name bundles whole, with no Node built-in', async ({ name, exported }) => {
    // Arrange: every export of the entry, as an application that uses all of it would import it
    const source = `export * from '${name}';`;

    // Act
    const bundle = await bundleModule({ contents: source }, platform);

    // Assert: the package's own code is in, and nothing from Node
    expect(bundle.code).toContain(`function ${exported}(`);
    expect(bundle.inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
    expect(bundle.code).not.toMatch(/["']node:/);
  });

  test('a node: import fails the bundle, dynamic or static', async () => {
    // Arrange: what the server's main entry did before serveNodeHttp moved to its own entry
    const sources = ["export const load = () => import('node:http');", "export { createServer } from 'node:http';"];

    // Act
    const outcomes = await Promise.allSettled(sources.map((contents) => bundleModule({ contents }, platform)));

    // Assert
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toContain('Could not resolve "node:http"');
    }
  });
});
