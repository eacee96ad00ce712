import { spawn } from 'node:child_process';

/** A server the matrix started, until `stop()`. */
export interface RunningServer {
  /** Its origin, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops it and resolves once it is gone. */
  stop(): Promise<void>;
}

/** How long a stopped process gets to exit on SIGTERM before SIGKILL. */
const stopGraceMs = 5_000;

/**
 * Starts a server process and resolves once it prints `listening on <url>` on stdout.
 *
 * @param command - the executable
 * @param args - its arguments
 * @param env - added to this process's environment
 * @param startTimeoutMs - how long to wait for the line; a slow shared machine needs a generous one
 * @returns its URL and `stop()`
 * @throws when the process exits, fails to start or stays silent first, with everything it printed
 */
export function startServerProcess(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  startTimeoutMs = 60_000,
): Promise<RunningServer> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<RunningServer>((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${command} ${args.join(' ')}: ${reason}\n${output}`)));
    };
    const timer = setTimeout(() => fail(`no "listening on" line within ${startTimeoutMs} ms`), startTimeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /^listening on (\S+)$/m.exec(output);
      if (listening === null) return;
      clearTimeout(timer);
      resolve({ url: listening[1]!, stop });
    });
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
  });
}
