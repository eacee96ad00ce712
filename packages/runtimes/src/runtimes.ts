import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Platform } from 'esbuild';
import { startServerProcess, type RunningServer } from './startServerProcess.js';

/** A runtime of the matrix: how its server entry is bundled, and how the bundle is served. */
export interface Runtime {
  /** The runtime and its version, as the matrix reports it. */
  readonly name: string;
  /** The runtime's own server API the handler is mounted on. */
  readonly serverApi: string;
  /** The server entry, a file of `src/serve/`. */
  readonly entry: string;
  /** What the entry is bundled for: everything but Node gets `neutral`, so a Node built-in fails the bundle. */
  readonly platform: Platform;
  /** Serves the bundle at `bundlePath` with the settings as its environment (or bindings). */
  start(bundlePath: string, settings: Readonly<Record<string, string>>): Promise<RunningServer>;
}

const require = createRequire(import.meta.url);

/** A file of an installed package, which its postinstall script put there (pnpm-workspace.yaml allows it). */
function installedFile(packageName: string, file: string): string {
  const path = join(dirname(require.resolve(`${packageName}/package.json`)), file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run pnpm install, whose ${packageName} postinstall puts it there`);
  return path;
}

function versionOf(packageName: string): string {
  return (require(`${packageName}/package.json`) as { version: string }).version;
}

/** The date workerd's behaviour is pinned to: no later than the installed workerd supports. */
const workerdCompatibilityDate = '2026-04-01';

/** Node, Bun, Deno and workerd, each from its pinned npm package. */
export const runtimes: readonly Runtime[] = [
  {
    name: `Node ${process.versions.node}`,
    serverApi: 'node:http (serveNodeHttp)',
    entry: 'node.ts',
    platform: 'node',
    start: (bundlePath, settings) => startServerProcess(process.execPath, [bundlePath], settings),
  },
  {
    name: `Bun ${versionOf('bun')}`,
    serverApi: 'Bun.serve',
    entry: 'bun.ts',
    platform: 'neutral',
    start: (bundlePath, settings) => startServerProcess(installedFile('bun', 'bin/bun.exe'), ['run', bundlePath], settings),
  },
  {
    name: `Deno ${versionOf('deno')}`,
    serverApi: 'Deno.serve',
    entry: 'deno.ts',
    platform: 'neutral',
    start: (bundlePath, settings) =>
      startServerProcess(
        installedFile('deno', process.platform === 'win32' ? 'deno.exe' : 'deno'),
        ['run', '--no-prompt', '--allow-net=127.0.0.1', `--allow-env=${Object.keys(settings).join(',')}`, bundlePath],
        { ...settings, DENO_DIR: join(dirname(bundlePath), 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      ),
  },
  {
    name: `workerd ${versionOf('workerd')} (miniflare ${versionOf('miniflare')})`,
    serverApi: 'a module worker’s fetch',
    entry: 'workerd.ts',
    platform: 'neutral',
    async start(bundlePath, settings) {
      const { Miniflare } = await import('miniflare');
      const miniflare = new Miniflare({
        modules: true,
        scriptPath: bundlePath,
        // Module paths are taken relative to this root: the bundle's own folder.
        modulesRoot: dirname(bundlePath),
        compatibilityDate: workerdCompatibilityDate,
        bindings: settings,
        host: '127.0.0.1',
      });
      const url = await miniflare.ready;
      return { url: url.origin, stop: () => miniflare.dispose() };
    },
  },
];
