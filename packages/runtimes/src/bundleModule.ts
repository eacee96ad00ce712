import { fileURLToPath } from 'node:url';
import { build, type Platform } from 'esbuild';

/** One bundled ES module. */
export interface Bundle {
  /** The bundle's code. */
  readonly code: string;
  /** The files and modules it was made of, as esbuild names them. */
  readonly inputs: readonly string[];
}

/** Module source to bundle: a file, or code (its imports resolve from this package). */
export type BundleSource = { readonly path: string } | { readonly contents: string };

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles a module and everything it imports into one ES module for a platform, as an
 * application's bundler would. `@metadata-semantics/*` packages resolve to their TypeScript
 * source (no build needed).
 *
 * @param source - the entry file, or entry code
 * @param platform - `browser` and `neutral` resolve no Node built-in: a `node:` import, even a
 *   dynamic one, makes the bundle fail; `node` leaves built-ins to the runtime
 * @returns the code and its inputs
 * @throws esbuild's error when an import cannot be resolved for the platform
 */
export async function bundleModule(source: BundleSource, platform: Platform): Promise<Bundle> {
  const result = await build({
    ...('path' in source
      ? { entryPoints: [source.path] }
      : { stdin: { contents: source.contents, resolveDir: packageDirectory, loader: 'ts' as const, sourcefile: 'entry.ts' } }),
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    conditions: ['@metadata-semantics/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}
