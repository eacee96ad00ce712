import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The size of a bundle, in bytes. */
export interface BundleSize {
  readonly minified: number;
  readonly gzipped: number;
  /** The names the bundle exports. */
  readonly exports: readonly string[];
  /** Minified bytes contributed by each input file, largest first. */
  readonly inputs: readonly { readonly path: string; readonly bytes: number }[];
  /** The minified code itself. */
  readonly code: string;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles an ES module source with esbuild the way an app bundler would
 * (browser platform, production, minified, tree-shaken) and gzips it at level 9.
 * Workspace packages resolve to their TypeScript source.
 *
 * @param source - the entry module's code, e.g. `export { x } from 'pkg'`
 * @returns minified and gzipped byte counts, with a per-file breakdown
 */
export async function measureBundleSize(source: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: packageDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    write: false,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@metadata-semantics/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .map(([path, input]) => ({ path: path.replace(/^(\.\.\/)+/, 'packages/').replace(/^.*node_modules\//, ''), bytes: input.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    exports: output.exports,
    inputs,
    code: new TextDecoder().decode(code),
  };
}

/** The core's two reducers imported alone: the budgeted bundle. */
export const CORE_REDUCERS_ENTRY = "export { deepMergeWithNullDeletion, replaceFields } from '@metadata-semantics/core';";

/** The aim for the optimistic store with the core it needs, minified and gzipped. */
export const OPTIMISTIC_TARGET_BYTES = 2048;

/** The target for {@link CORE_REDUCERS_ENTRY}, minified and gzipped (missed: see docs/benchmarks.md). */
export const CORE_REDUCERS_TARGET_BYTES = 700;

/**
 * The size check's budget for {@link CORE_REDUCERS_ENTRY}: today's size plus a little, so that
 * growth fails the test suite. Validation with paths, JSON-equal sharing, `__proto__` safety and
 * the deletion-aware copy are what the reducers spend beyond the 700-byte target.
 */
export const CORE_REDUCERS_BUDGET_BYTES = 1050;

const HAND_ROLLED_MERGE = `
const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
function mergePatchInPlace(target, patch) {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete target[key];
    else if (isPlain(value)) target[key] = mergePatchInPlace(isPlain(target[key]) ? target[key] : {}, value);
    else target[key] = value;
  }
  return target;
}`;

/** The entry measured for each contender's merge, by contender id. */
export const BUNDLE_ENTRIES: readonly { readonly id: string; readonly label: string; readonly source: string }[] = [
  { id: 'core', label: 'core: deepMergeWithNullDeletion + replaceFields', source: CORE_REDUCERS_ENTRY },
  {
    id: 'core-merge',
    label: 'core: deepMergeWithNullDeletion alone',
    source: "export { deepMergeWithNullDeletion } from '@metadata-semantics/core';",
  },
  {
    id: 'optimistic',
    label: 'optimistic + core: createOptimisticMetadataStore',
    source: "export { createOptimisticMetadataStore } from '@metadata-semantics/optimistic';",
  },
  { id: 'json-merge-patch', label: 'json-merge-patch (apply)', source: "export { apply } from 'json-merge-patch';" },
  {
    id: 'immer',
    label: 'immer (produce + merge on the draft)',
    source: `import { produce } from 'immer';${HAND_ROLLED_MERGE}
export const merge = (target, patch) => produce(target, (draft) => { mergePatchInPlace(draft, patch); });`,
  },
  {
    id: 'structured-clone',
    label: 'structuredClone + hand-rolled merge',
    source: `${HAND_ROLLED_MERGE}
export const merge = (target, patch) => mergePatchInPlace(structuredClone(target), patch);`,
  },
  { id: 'deepmerge', label: 'deepmerge', source: "export { default } from 'deepmerge';" },
  { id: 'deepmerge-ts', label: 'deepmerge-ts', source: "export { deepmerge } from 'deepmerge-ts';" },
  { id: 'lodash.merge', label: 'lodash.merge', source: "export { default } from 'lodash.merge';" },
  { id: 'defu', label: 'defu', source: "export { defu } from 'defu';" },
];
