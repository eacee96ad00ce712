// The command-line server as `pnpm start` runs it (the repository's `start` script, from source), for tests
// in any package: started with settings from the environment, its output kept, stopped with its process group (serverCli's launcher).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startCli, stopCli } from './serverCli.js';

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
  const cli = await startCli(env, timeoutMs, { command: [process.execPath, ...startCommand()], cwd: repositoryRoot });
  return { url: cli.url, output: cli.output, stop: () => stopCli(cli) };
}
