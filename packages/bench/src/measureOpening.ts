import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { exclusivePostgresStore } from '@metadata-semantics/server';
import { bundleForNode } from './bundleForNode.js';
import { seedUsersTable } from './seedUsersTable.js';

/** One data folder opened by the command-line server. */
export interface OpeningRow {
  readonly users: number;
  /** JSON text per user, bytes. */
  readonly bytesPerUser: { readonly attributes: number; readonly metadata: number };
  /** From starting `node` to its `listening on` line. */
  readonly seconds: number;
  /** CPU time (user and system) of the process by then. */
  readonly cpuSeconds: number;
  /** After a full garbage collection, once listening. */
  readonly heapUsedMiB: number;
  readonly rssMiB: number;
  /** The most resident memory the process had, opening included. */
  readonly peakRssMiB: number;
  /** Medians once open: reading a user, and changing one's metadata. */
  readonly getMs: number;
  readonly patchMs: number;
}

export interface OpeningReport {
  readonly rows: readonly OpeningRow[];
  readonly heapLimitMiB: number;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SECRET_KEY = 'sk_test_bench_opening';
const MIB = 2 ** 20;

// Loaded before the server (`--import`): on SIGUSR2, collects garbage and prints the process's memory and CPU time.
const REPORTER = `process.on('SIGUSR2', () => {
  globalThis.gc();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.stderr.write('opening-report ' + JSON.stringify({ heapUsed: memory.heapUsed, rss: memory.rss,
    maxRss: process.resourceUsage().maxRSS * 1024, cpuMicros: cpu.user + cpu.system,
    heapLimit: require('node:v8').getHeapStatistics().heap_size_limit }) + '\\n');
});`;

const userKey = (index: number): string => `user_${String(index).padStart(27, '0')}`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Times `count` requests made one after another, each `request(index)`: the median in ms. */
async function medianMs(count: number, request: (index: number) => Promise<Response>): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await request(index);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** Starts the bundled command-line server on `folder`, measures its opening and a few requests, and stops it. */
async function openFolder(cli: string, reporter: string, folder: string, users: number, bytesPerUser: OpeningRow['bytesPerUser']): Promise<OpeningRow & { heapLimit: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', '--require', reporter, cli], {
    env: { ...process.env, STORE: 'pglite', DATA_DIR: folder, PORT: '0', SECRET_KEY, LOG: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  try {
    const stdout = createInterface({ input: child.stdout! });
    const stderr = createInterface({ input: child.stderr! });
    const failed = exited.then(([code]): never => {
      throw new Error(`the server exited with code ${String(code)} before listening`);
    });
    failed.catch(() => {});
    const lineMatching = (lines: typeof stdout, pattern: RegExp): Promise<RegExpExecArray> =>
      Promise.race([
        new Promise<RegExpExecArray>((resolve) => {
          lines.on('line', (line) => {
            const match = pattern.exec(line);
            if (match !== null) resolve(match);
          });
        }),
        failed,
      ]);
    const url = (await lineMatching(stdout, /^listening on (\S+)$/))[1]!;
    const seconds = (performance.now() - started) / 1000;
    const reported = lineMatching(stderr, /^opening-report (.*)$/);
    child.kill('SIGUSR2');
    const stats = JSON.parse((await reported)[1]!) as { heapUsed: number; rss: number; maxRss: number; cpuMicros: number; heapLimit: number };
    const headers = { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' };
    // Users spread over the table, the same ones in every run.
    const spread = (index: number): string => userKey(1 + ((index * 7_919 * 13) % users));
    const getMs = await medianMs(200, (index) => fetch(`${url}/v1/users/${spread(index)}`, { headers }));
    const patchMs = await medianMs(50, (index) =>
      fetch(`${url}/v1/users/${spread(index)}/metadata`, { method: 'PATCH', headers, body: JSON.stringify({ public_metadata: { opened: index } }) }),
    );
    return {
      users,
      bytesPerUser,
      seconds,
      cpuSeconds: stats.cpuMicros / 1e6,
      heapUsedMiB: stats.heapUsed / MIB,
      rssMiB: stats.rss / MIB,
      peakRssMiB: stats.maxRss / MIB,
      getMs,
      patchMs,
      heapLimit: stats.heapLimit,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Opens PGlite data folders of `sizes` users with the command-line server (bundled by esbuild, as `pnpm start`
 * runs it compiled), each folder seeded first with users of about 1.2 KB of metadata whose rows are out of
 * creation order: the time to `listening on`, the CPU time, the memory once open and at its peak.
 */
export async function measureOpening(sizes: readonly number[] = [100_000, 400_000, 1_000_000], log: (message: string) => void = () => {}): Promise<OpeningReport> {
  const temporary = path.join(packageDir, 'temp');
  mkdirSync(temporary, { recursive: true });
  // PGlite loads its WebAssembly beside its own module: left to Node's resolution from packages/bench (and pg,
  // which STORE=pglite never loads).
  const cli = await bundleForNode(path.join(packageDir, '../server/src/cli.ts'), path.join(temporary, 'openingCli.mjs'), ['@electric-sql/pglite', 'pg']);
  const reporter = path.join(temporary, 'openingReporter.cjs');
  writeFileSync(reporter, REPORTER);
  const rows: OpeningRow[] = [];
  let heapLimit = 0;
  for (const users of sizes) {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'metadata-bench-opening-'));
    try {
      const seeding = performance.now();
      const db = await PGlite.create(folder);
      await exclusivePostgresStore(db).migrate();
      const bytesPerUser = await seedUsersTable(db, users);
      await db.close();
      log(`opening: ${users} users seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
      const { heapLimit: limit, ...row } = await openFolder(cli, reporter, folder, users, bytesPerUser);
      heapLimit = limit;
      rows.push(row);
      log(`opening: ${users} users opened in ${row.seconds.toFixed(1)} s (${row.cpuSeconds.toFixed(1)} s CPU), heap ${row.heapUsedMiB.toFixed(0)} MiB, RSS ${row.rssMiB.toFixed(0)} MiB (peak ${row.peakRssMiB.toFixed(0)} MiB)`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return { rows, heapLimitMiB: heapLimit / MIB };
}
