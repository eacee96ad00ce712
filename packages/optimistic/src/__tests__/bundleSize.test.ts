import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

// What a frontend pays: this package plus the core code it pulls in, bundled
// for the browser by esbuild, minified, then gzipped. Core's share dominates
// (the operations, copy/merge, the typed error). The aim is 2 KB; the core's
// deletion-aware first copy (worth ~15% on a realistic merge) costs ~80 bytes
// over it. The schema check of the operations (issue 15: results validated by
// a Standard Schema, its typed error and issues) costs ~300 bytes more: the
// operations run it, so it cannot be shaken out. Refusing a schema of another
// Standard Schema version, as the server does at start-up, through the one
// predicate both call (isStandardSchema), costs ~26 bytes.
// Raise the budget only with a reason.
const BUDGET_GZIP_BYTES = 2480;

it(`stays within ${BUDGET_GZIP_BYTES} bytes minified and gzipped, core included`, async () => {
  // Arrange
  const entry = fileURLToPath(new URL('../index.ts', import.meta.url));

  // Act
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@metadata-semantics/source'],
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const code = result.outputFiles[0]!.contents;
  const gzipBytes = gzipSync(code, { level: 9 }).length;

  // Assert: one self-contained module that includes core, within budget
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((input) => input.includes('core/src/metadataOperations.ts'))).toBe(true);
  expect(new TextDecoder().decode(code)).not.toMatch(/\bimport\s*[{("']/);
  expect(gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
});
