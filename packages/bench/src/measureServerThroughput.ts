import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createWorkloads } from './createWorkloads.js';
import type { ServerRow } from './renderReport.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The load each server gets: bounded in time, loopback only. */
export interface ThroughputOptions {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
}

const DEFAULT_OPTIONS: ThroughputOptions = { seconds: 8, warmupSeconds: 2, connections: 16 };

async function loadServer(kind: string, body: string, options: ThroughputOptions): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--conditions=@metadata-semantics/source', '--import', 'tsx', 'src/serveForBenchmark.ts', kind],
    { cwd: packageDir, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const lines = createInterface({ input: child.stdout });
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(child, 'exit').then(([code]) => {
        throw new Error(`the ${kind} server exited with code ${String(code)}`);
      }),
    ])) as [string];
    const { url, path, secretKey } = JSON.parse(line) as { url: string; path: string; secretKey: string };
    const request = {
      url: `${url}${path}`,
      method: 'PATCH' as const,
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body,
      connections: options.connections,
    };
    await autocannon({ ...request, duration: options.warmupSeconds });
    const result = await autocannon({ ...request, duration: options.seconds });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`the ${kind} server answered ${result.non2xx} non-2xx and ${result.errors} errors`);
    }
    return result.requests.average;
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Measures PATCH throughput of the served metadata handler (memory store and
 * PGlite) against a bare `node:http` server that parses and re-serialises the
 * same body. Each server runs in its own process on 127.0.0.1; autocannon
 * drives it from this one for a bounded time.
 *
 * @param options - duration, warm-up and connections
 * @returns one row per server, ratios to the bare server
 */
export async function measureServerThroughput(
  options: ThroughputOptions = DEFAULT_OPTIONS,
): Promise<{ rows: ServerRow[]; note: string }> {
  const body = JSON.stringify({ public_metadata: createWorkloads()[0]!.patch });
  const bare = await loadServer('bare', body, options);
  const memory = await loadServer('memory', body, options);
  const pglite = await loadServer('pglite', body, options);
  return {
    rows: [
      { label: 'bare node:http (parse + re-serialise)', requestsPerSecond: bare, ratio: 1 },
      { label: 'createMetadataHandler + memoryStore (serveNodeHttp)', requestsPerSecond: memory, ratio: memory / bare },
      { label: 'createMetadataHandler + postgresStore(PGlite) (serveNodeHttp)', requestsPerSecond: pglite, ratio: pglite / bare },
    ],
    note:
      `autocannon, ${options.connections} connections, ${options.warmupSeconds} s warm-up then ${options.seconds} s per server, ` +
      `each server in its own process on 127.0.0.1; the body is workload 1's patch as \`public_metadata\` ` +
      `(${body.length} bytes), sent to \`PATCH /v1/users/{id}/metadata\` of a user created with workload 1's metadata.`,
  };
}
