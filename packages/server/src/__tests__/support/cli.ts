// The command-line server as the tests start it: test-kit's, shared with the browser tests.
export * from '@metadata-semantics/test-kit/serverCli';

/** `node --import` this to run the CLI as if @electric-sql/pglite were not installed. */
export const withoutPglite = new URL('./withoutPglite.mjs', import.meta.url).href;
/** `node --import` this to run the CLI with a PGlite that creates files in its folder and then fails to open. */
export const failingPglite = new URL('./failingPglite.mjs', import.meta.url).href;
