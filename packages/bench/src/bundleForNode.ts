import { build } from 'esbuild';

/**
 * Bundles a measuring script for a fresh Node process: core from source, libraries in
 * their production builds, one ESM file.
 *
 * @param entry - the script's path
 * @param outfile - where the bundle goes
 * @param external - packages left to Node's resolution from `outfile` (ones that load files beside their own module)
 * @returns `outfile`
 */
export async function bundleForNode(entry: string, outfile: string, external: readonly string[] = []): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@metadata-semantics/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // mitata probes Bun's runtime module only under Bun.
    external: ['bun:jsc', ...external],
    logLevel: 'warning',
  });
  return outfile;
}
