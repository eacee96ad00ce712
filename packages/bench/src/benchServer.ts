import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** How a server is loaded: autocannon from this process, bounded in time. */
export interface LoadOptions {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
}

/** One measured load. */
export interface Load {
  readonly requestsPerSecond: number;
  /** The server process's CPU time (user + system) per request served, in microseconds. */
  readonly cpuMicrosPerRequest: number;
}

/** One benchmark server process (`serveForBenchmark`), started once and loaded as often as needed. */
export interface RunningServer {
  /** Bytes of one answer's body. */
  readonly answerBytes: number;
  /** Loads it: the warm-up, then `beforeMeasured` (e.g. to start a profiler), then the measured load. */
  load(options: LoadOptions, beforeMeasured?: () => void): Promise<Load>;
  /** Sends the process a signal. */
  signal(name: NodeJS.Signals): void;
  /** Stops it (SIGTERM) and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the bundled benchmark server in its own process and probes it once with `body`.
 *
 * @param script - the bundled `serveForBenchmark` script
 * @param args - the server kind and its arguments
 * @param body - the PATCH body every load sends
 * @param env - extra environment for the server process
 * @returns the running server
 */
export async function startServer(
  script: string,
  args: readonly string[],
  body: string,
  env: Readonly<Record<string, string>> = {},
): Promise<RunningServer> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: packageDir,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const name = args.join(' ');
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit');
  const exitedEarly = exited.then(([code]): never => {
    throw new Error(`the ${name} server exited with code ${String(code)}`);
  });
  // Stopping it is how every server ends: that exit is no error.
  exitedEarly.catch(() => {});
  const nextLine = async (): Promise<string> => {
    const [line] = (await Promise.race([once(lines, 'line'), exitedEarly])) as [string];
    return line;
  };
  const cpuMicros = async (): Promise<number> => {
    const line = nextLine();
    child.kill('SIGUSR1');
    return (JSON.parse(await line) as { cpuMicros: number }).cpuMicros;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const { url, path, secretKey } = JSON.parse(await nextLine()) as { url: string; path: string; secretKey: string };
    const request = {
      url: `${url}${path}`,
      method: 'PATCH' as const,
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body,
    };
    // The same patch every time: the answer's size does not change under load.
    const probe = await fetch(request.url, { method: 'PATCH', headers: request.headers, body });
    const answerBytes = (await probe.arrayBuffer()).byteLength;
    if (!probe.ok) throw new Error(`the ${name} server answered ${probe.status}`);
    return {
      answerBytes,
      async load(options, beforeMeasured) {
        await autocannon({ ...request, connections: options.connections, duration: options.warmupSeconds });
        beforeMeasured?.();
        const cpuBefore = await cpuMicros();
        const result = await autocannon({ ...request, connections: options.connections, duration: options.seconds });
        const cpuAfter = await cpuMicros();
        if (result.non2xx > 0 || result.errors > 0) {
          throw new Error(`the ${name} server answered ${result.non2xx} non-2xx and ${result.errors} errors`);
        }
        return {
          requestsPerSecond: result.requests.average,
          cpuMicrosPerRequest: (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
        };
      },
      signal: (signal) => child.kill(signal),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
