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

/**
 * What a load sends: `patch` (the body, to one user's metadata), `put` (the same body replacing the field),
 * `mixed` (three `GET`s of that user for each `patch`), `patch-spread` (the patch to each of the server's users in turn).
 */
export type LoadKind = 'patch' | 'put' | 'mixed' | 'patch-spread';

/** One measured load. */
export interface Load {
  readonly requestsPerSecond: number;
  /** The server process's CPU time (user + system) per request served, in microseconds. */
  readonly cpuMicrosPerRequest: number;
  /** Median and 99th percentile latency, in milliseconds. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** With a webhook endpoint: the messages recorded and delivered during the measured load. */
  readonly webhooks?: WebhookCounts;
}

/** How many webhook messages a server has recorded and delivered. */
export interface WebhookCounts {
  readonly recorded: number;
  readonly delivered: number;
}

/** What a server reports on SIGUSR1. */
export interface ServerStats {
  readonly cpuMicros: number;
  readonly webhooks?: WebhookCounts;
}

/** One benchmark server process (`serveForBenchmark`), started once and loaded as often as needed. */
export interface RunningServer {
  /** Bytes of one answer's body. */
  readonly answerBytes: number;
  /** Where it listens, and the secret key its handler takes. */
  readonly url: string;
  readonly secretKey: string;
  /** Loads it: the warm-up, then `beforeMeasured` (e.g. to start a profiler), then the measured load. */
  load(options: LoadOptions, kind?: LoadKind, beforeMeasured?: () => void): Promise<Load>;
  /** The server's CPU time so far and, with a webhook endpoint, its messages recorded and delivered so far. */
  stats(): Promise<ServerStats>;
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
  const stats = async (): Promise<ServerStats> => {
    const line = nextLine();
    child.kill('SIGUSR1');
    return JSON.parse(await line) as ServerStats;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const { url, users, secretKey } = JSON.parse(await nextLine()) as { url: string; users: string[]; secretKey: string };
    const headers = { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' };
    const metadataPath = (user: string): string => `/v1/users/${user}/metadata`;
    const patch = { method: 'PATCH' as const, path: metadataPath(users[0]!), headers, body };
    let next = 0;
    const requestsOf: Record<LoadKind, autocannon.Request[]> = {
      patch: [patch],
      put: [{ ...patch, method: 'PUT' }],
      mixed: [...Array.from({ length: 3 }, () => ({ method: 'GET' as const, path: `/v1/users/${users[0]!}`, headers })), patch],
      'patch-spread': [{ ...patch, setupRequest: (request) => ({ ...request, path: metadataPath(users[next++ % users.length]!) }) }],
    };
    // The same patch every time: the answer's size does not change under load.
    const probe = await fetch(`${url}${patch.path}`, { method: 'PATCH', headers, body });
    const answerBytes = (await probe.arrayBuffer()).byteLength;
    if (!probe.ok) throw new Error(`the ${name} server answered ${probe.status}`);
    return {
      answerBytes,
      url,
      secretKey,
      async load(options, kind = 'patch', beforeMeasured) {
        const load = { url, requests: requestsOf[kind], connections: options.connections };
        await autocannon({ ...load, duration: options.warmupSeconds });
        beforeMeasured?.();
        const before = await stats();
        const result = await autocannon({ ...load, duration: options.seconds });
        const after = await stats();
        if (result.non2xx > 0 || result.errors > 0) {
          throw new Error(`the ${name} server answered ${result.non2xx} non-2xx and ${result.errors} errors (${kind})`);
        }
        return {
          requestsPerSecond: result.requests.average,
          cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, result.requests.total),
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          ...(after.webhooks === undefined || before.webhooks === undefined
            ? {}
            : { webhooks: { recorded: after.webhooks.recorded - before.webhooks.recorded, delivered: after.webhooks.delivered - before.webhooks.delivered } }),
        };
      },
      stats,
      signal: (signal) => child.kill(signal),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
