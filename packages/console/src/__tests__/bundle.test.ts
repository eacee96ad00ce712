import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { scriptBuildOptions } from '../../scripts/build.mjs';

// What a browser loads: the console's own code, core and optimistic, and no other dependency. About
// 10.3 KB gzipped: core and optimistic ~2.5 KB, the console's views and labels the rest.
// Raise the budget only with a reason.
const BUDGET_GZIP_BYTES = 11_500;

describe('the console’s build', () => {
  it(`bundles into one self-contained script of at most ${BUDGET_GZIP_BYTES} bytes gzipped, with core and optimistic and nothing else`, async () => {
    // Act
    const result = await build({ ...scriptBuildOptions, write: false, metafile: true, outfile: 'console.js' });
    const code = result.outputFiles[0]!.contents;

    // Assert: paths are relative to this package (its own files under src/)
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('core/src/metadataOperations.ts'))).toBe(true);
    expect(inputs.some((input) => input.endsWith('optimistic/src/createOptimisticMetadataStore.ts'))).toBe(true);
    expect(inputs.filter((input) => !/^(src|\.\.\/core\/src|\.\.\/optimistic\/src)\/[\w/]+\.ts$/.test(input))).toEqual([]);
    expect(new TextDecoder().decode(code)).not.toMatch(/\bimport\s*[{("']/);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('has a page that loads its script and style by relative paths, runs nothing inline and holds no key', () => {
    // Arrange
    const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');

    // Act
    const sources = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map(([, source]) => source);
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];

    // Assert: served under any path (/console/), allowed by `Content-Security-Policy: default-src 'self'`
    expect(sources.sort()).toEqual(['./console.css', './console.js']);
    expect(scripts.map(([, body]) => body)).toEqual(['']);
    expect(html).not.toMatch(/\bstyle=|\bon[a-z]+=/i);
    expect(html).not.toMatch(/sk_(test|live)_|bearer/i);
  });
});
