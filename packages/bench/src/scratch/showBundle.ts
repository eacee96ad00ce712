import { build } from 'esbuild';
const r = await build({ stdin: { contents: "export { deepMergeWithNullDeletion, replaceFields } from '@metadata-semantics/core';", resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, minify: true, format: 'esm', platform: 'browser', target: 'es2022', conditions: ['@metadata-semantics/source'], logLevel: 'silent' });
console.log(r.outputFiles[0]!.text);
