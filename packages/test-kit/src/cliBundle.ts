// Vitest's global setup: the command-line server bundled once per test run from its source (the workspace's
// packages inlined, every other package left to Node), so that each test's `node cli` skips tsx's loader.
// The file sits one folder below the server's package, as src/cli.ts does, so the paths the CLI derives from
// its own location (../package.json, ../dist/console/) are the same.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { CLI_BUNDLE_VARIABLE } from './serverCli.js';

const serverDir = dirname(createRequire(import.meta.url).resolve('@metadata-semantics/server/package.json'));

/** Builds the bundle and names it in this process's environment (which the test workers inherit). */
export async function setup(): Promise<() => void> {
  const folder = join(serverDir, '.test-cli');
  const file = join(folder, `cli-${process.pid}.mjs`);
  mkdirSync(folder, { recursive: true });
  await build({
    entryPoints: [join(serverDir, 'src', 'cli.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@metadata-semantics/source'],
    logLevel: 'error',
    plugins: [
      {
        name: 'workspace-only',
        setup(builder) {
          // Only the workspace's own packages are inlined: the database drivers stay optional imports.
          builder.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('@metadata-semantics/') ? undefined : { path, external: true }));
        },
      },
    ],
  });
  process.env[CLI_BUNDLE_VARIABLE] = file;
  return () => rmSync(file, { force: true });
}
