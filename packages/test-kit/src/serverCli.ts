// The command-line server run from its source, as the tests of the server and of the browser start it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The server package, found by name: the CLI runs from its source, in its folder.
const require = createRequire(import.meta.url);
/** The server package's folder. */
export const packageDir = dirname(require.resolve('@metadata-semantics/server/package.json'));
const cliPath = join(packageDir, 'src', 'cli.ts');
// By URL, so the CLI also runs from another working directory (tsx is this repository's).
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
/** The environment variable naming the bundle of the CLI the test run made (cliBundle.ts). */
export const CLI_BUNDLE_VARIABLE = 'METADATA_SEMANTICS_TEST_CLI';

/**
 * `node` arguments that run the CLI from source: the bundle of it the test run made (cliBundle.ts, Vitest's global
 * setup), or else src/cli.ts through tsx.
 */
export const cliArguments = process.env[CLI_BUNDLE_VARIABLE]
  ? [process.env[CLI_BUNDLE_VARIABLE]]
  : ['--conditions=@metadata-semantics/source', '--import', tsxLoader, cliPath];

export interface RunningCli {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  /** Started in its own process group (a command such as pnpm's), stopped as a group. */
  group: boolean;
}

export interface StartOptions {
  /** Arguments after the CLI's file. */
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Another command than `node <cliArguments>`, such as `['pnpm', 'start']`; run in its own process group. */
  readonly command?: readonly [string, ...string[]];
}

/** Spawns the CLI from source (`node <cliArguments> ...args`) and waits for its `listening on` line. */
export async function startCli(env: Record<string, string>, timeoutMs = 45_000, options: StartOptions = {}): Promise<RunningCli> {
  const [file, ...before] = options.command ?? [process.execPath, ...cliArguments];
  const child = spawn(file, [...before, ...(options.args ?? [])], {
    cwd: options.cwd ?? packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // pnpm runs the CLI in a child: a signal to the group reaches it.
    detached: options.command !== undefined,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (part: string) => (stdout += part));
  child.stderr!.setEncoding('utf8').on('data', (part: string) => (stderr += part));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (options.command !== undefined) process.kill(-child.pid!, 'SIGKILL');
      else child.kill('SIGKILL');
      reject(new Error(`CLI did not listen within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    const check = (): void => {
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code} before listening:\n${stdout}\n${stderr}`));
    });
  });
  return { child, url, output: () => stdout + stderr, exited, group: options.command !== undefined };
}

/** Sends a signal and resolves with the exit code. */
export async function stopCli(cli: RunningCli, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (cli.group) process.kill(-cli.child.pid!, signal);
  else cli.child.kill(signal);
  return cli.exited;
}

export interface CliRun {
  /** `null` when it had to be killed after `timeoutMs`. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly milliseconds: number;
}

/**
 * Runs the CLI to its end (killed after `timeoutMs`: a server that starts instead of exiting fails the caller);
 * `nodeOptions` go to node before the CLI's file.
 */
export function runCli(
  env: Record<string, string>,
  args: readonly string[] = [],
  options: { cwd?: string; timeoutMs?: number; nodeOptions?: readonly string[] } = {},
): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...cliArguments.slice(0, -1), ...(options.nodeOptions ?? []), ...cliArguments.slice(-1), ...args],
      { cwd: options.cwd ?? packageDir, env: { ...process.env, ...env }, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr, milliseconds: Date.now() - started });
      },
    );
  });
}
