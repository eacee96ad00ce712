// Vitest's global setup: the console's three files built from its source into the server's dist/console/, where
// the command line serves them from (as the server's own build does), so that the console's tests run in a clone
// that was never built (the README's `pnpm install && pnpm test`), and never against an older build.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const serverDir = dirname(createRequire(import.meta.url).resolve('@metadata-semantics/server/package.json'));

/** Builds the console; its build prints each file's size, kept out of the test run's output. */
export function setup(): void {
  try {
    execFileSync(process.execPath, [join(serverDir, '..', 'console', 'scripts', 'build.mjs'), join(serverDir, 'dist', 'console')], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`building the console for its tests failed:\n${stderr}`, { cause: error });
  }
}
