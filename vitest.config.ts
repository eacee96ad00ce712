import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One run over every package; each package keeps its own vitest.config.ts.
const sharedModules = ['core', 'optimistic', 'conformance', 'test-kit'];
export default defineConfig({
  test: {
    projects: [
      ...['packages/*', 'docs', ...sharedModules.map((name) => `!packages/${name}`)],
      // Their tests share no state (pure code, fast-check): a worker runs their files on one module graph instead
      // of loading fast-check, the validators and the sources again for each file. The packages' own configs
      // (the mutation runs use them) keep Vitest's default.
      ...sharedModules.map((name) => ({ extends: `./packages/${name}/vitest.config.ts`, root: `packages/${name}`, test: { isolate: false } })),
    ],
    // The command-line server bundled once for the run: each test that starts it skips tsx's loader. The console
    // built from its source into the server's dist/console/, which the CLI serves: its tests need no `pnpm build`.
    globalSetup: ['packages/test-kit/src/cliBundle.ts', 'packages/test-kit/src/consoleBuild.ts'],
    // Vitest's default is one worker less than the cores: on a 2-core machine, one file at a time. The slow
    // files mostly wait (on child processes, PGlite in another process, sockets), so two at a time use the
    // second core instead of leaving it idle.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
