// The command-line server as the tests start it: test-kit's, shared with the browser tests.
export * from '@metadata-semantics/test-kit/serverCli';
