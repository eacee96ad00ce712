// Builds the console to three static files in dist/ (or the folder given, relative to the working
// directory: the server's build puts them in its own dist/console/, which its CLI serves and its package
// ships): index.html, console.js (core and optimistic bundled in, minified) and console.css; prints each
// one's size, raw and gzipped.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.argv[2] === undefined ? `${root}dist` : resolve(process.argv[2]);

/**
 * esbuild's options for dist/console.js; the bundle test builds with them too.
 *
 * @type {import('esbuild').BuildOptions}
 */
export const scriptBuildOptions = {
  // Paths in messages and the metafile are relative to this package, wherever the build is run from.
  absWorkingDir: root,
  entryPoints: [`${root}src/main.ts`],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  // Workspace packages from their TypeScript source: no build order, the same code their size tests measure.
  conditions: ['@metadata-semantics/source'],
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * esbuild's options for dist/console.css.
 *
 * @type {import('esbuild').BuildOptions}
 */
export const styleBuildOptions = { absWorkingDir: root, entryPoints: [`${root}src/console.css`], bundle: true, minify: true, logLevel: 'warning' };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await build({ ...scriptBuildOptions, outfile: `${dist}/console.js` });
  await build({ ...styleBuildOptions, outfile: `${dist}/console.css` });
  copyFileSync(`${root}src/index.html`, `${dist}/index.html`);
  for (const file of ['index.html', 'console.js', 'console.css']) {
    const bytes = readFileSync(`${dist}/${file}`);
    console.log(`${dist}/${file}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
  }
}
