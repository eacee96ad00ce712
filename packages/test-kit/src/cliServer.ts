// The command-line server as `pnpm start` runs it (the repository's `start` script, from source), for tests
// in any package: started with settings from the environment, its output kept, stopped by its own process id.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A running command-line server. */
export interface CliServer {
  /** The URL it printed in its `listening on` line. */
  readonly url: string;
  /** Everything it printed so far, stdout then stderr. */
  readonly output: () => string;
  /** Sends SIGTERM; resolves with the exit code. */
  readonly stop: () => Promise<number | null>;
}

/** The `start` script of the repository's package.json, as the command and arguments it runs. */
function startCommand(): string[] {
  const { scripts } = JSON.parse(readFileSync(`${repositoryRoot}package.json`, 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = scripts['start']!.split(/\s+/);
  if (command !== 'node') throw new Error(`the start script no longer runs node: ${scripts['start']}`);
  return args;
}

/** Starts `pnpm start`'s command with `env` added to this process's environment; resolves once it listens. */
export async function startCliServer(env: Record<string, string>, timeoutMs = 45_000): Promise<CliServer> {
  const child = spawn(process.execPath, startCommand(), { cwd: repositoryRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (part: string) => (stdout += part));
  child.stderr.setEncoding('utf8').on('data', (part: string) => (stderr += part));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not listen within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', () => {
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited with ${code} before listening:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    output: () => stdout + stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
