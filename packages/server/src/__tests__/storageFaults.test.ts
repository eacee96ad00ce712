import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { exclusivePostgresStore, type StoredResource } from '../index.js';
import { startCli, stopCli, type RunningCli } from './support/cli.js';

// A full disk under the embedded database: a statement refused for want of space is refused alone, and a
// PANIC (PGlite answers no query after one) stops the store instead of hanging the server; the command-line
// server then answers 503, exits non-zero with the cause, and a restart has every write it acknowledged.
const root = mkdtempSync(join(tmpdir(), 'metadata-storage-faults-'));
const mounted: string[] = [];
afterAll(() => {
  for (const path of mounted) execFileSync('umount', ['-l', path]);
  rmSync(root, { recursive: true, force: true });
});

/** A tmpfs of `megabytes` at a new folder; the reason it cannot be had (not root, no mount) otherwise. */
function smallDisk(megabytes: number): string | { reason: string } {
  const path = mkdtempSync(join(root, 'disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    return { reason: `cannot mount a ${megabytes} MiB tmpfs (needs root): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}` };
  }
  mounted.push(path);
  return path;
}

/** Fills the disk holding `folder`, in files the caller deletes to free it. */
function fill(folder: string): string[] {
  const files: string[] = [];
  for (const size of [1 << 20, 1 << 12]) {
    try {
      for (;;) {
        const file = join(folder, `filler-${files.length}`);
        files.push(file);
        writeFileSync(file, randomBytes(size));
      }
    } catch {
      // full at this size
    }
  }
  return files;
}

/** The tmpfs, or, where none can be mounted: a failure under CI (this test must run there), a skip elsewhere. */
function diskOrSkip(megabytes: number, skip: (note: string) => void): string {
  const disk = smallDisk(megabytes);
  if (typeof disk === 'string') return disk;
  if (process.env['CI'] === 'true') throw new Error(`CI must run this test: ${disk.reason}`);
  skip(disk.reason);
  return '';
}

const user = (index: number): StoredResource => ({
  kind: 'user',
  key: `user_${index}`,
  attributes: {},
  metadata: { public_metadata: { index } },
  createdAt: index,
  updatedAt: index,
  version: 1,
});

const WAL_SEGMENT_BYTES = 16 * 1024 * 1024;

describe('a full disk under the embedded database', () => {
  it('stops exclusivePostgresStore at PGlite’s PANIC instead of hanging; with space again, the folder has every acknowledged write', async (context) => {
    // Arrange: a database on a 64 MiB disk, with users, its write-ahead log a few kilobytes short of a new
    // segment (which needs 16 MiB), and the disk full.
    const disk = diskOrSkip(64, (note) => context.skip(note));
    const folder = join(disk, 'pglite');
    const db = await PGlite.create(folder);
    const store = exclusivePostgresStore(db);
    await Promise.all(Array.from({ length: 300 }, (_, index) => store.insert(user(index))));
    const walPosition = async (): Promise<number> =>
      Number((await db.query<{ at: string }>(`SELECT (pg_current_wal_insert_lsn() - '0/0')::text AS at`)).rows[0]!.at);
    for (let left = WAL_SEGMENT_BYTES; left > 6_000; left = WAL_SEGMENT_BYTES - ((await walPosition()) % WAL_SEGMENT_BYTES)) {
      await db.query(`SELECT pg_logical_emit_message(false, 'test', repeat('x', $1::int))`, [left > 150_000 ? 100_000 : 1_000]);
    }
    const fillers = fill(disk);

    // Act: deletes (they need no new pages) until one crosses into the new segment.
    const acknowledged: string[] = [];
    const refused: { key: string; reason: unknown }[] = [];
    for (let index = 0; index < 300 && refused.length === 0; index += 5) {
      const keys = [0, 1, 2, 3, 4].map((offset) => `user_${index + offset}`);
      const outcomes = await Promise.allSettled(keys.map((key) => store.delete('user', key)));
      outcomes.forEach((outcome, offset) => {
        if (outcome.status === 'fulfilled') acknowledged.push(keys[offset]!);
        else refused.push({ key: keys[offset]!, reason: outcome.reason });
      });
    }
    const afterwards = await Promise.allSettled([store.get('user', 'user_299'), store.insert(user(1000))]);

    // Assert: refused as a full disk, for good, at once afterwards (a query after the PANIC would never return).
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.reason).toMatchObject({ name: 'StoreUnavailableError', permanent: true });
    expect(String(refused[0]!.reason)).toMatch(/cannot be trusted: the disk is full \(PANIC could not write to file "pg_wal\//);
    expect(afterwards.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);

    // Act: space again, and the folder opened anew.
    for (const file of fillers) rmSync(file, { force: true });
    const reopened = exclusivePostgresStore(await PGlite.create(folder));

    // Assert
    for (const key of acknowledged) expect(await reopened.get('user', key), key).toBeUndefined();
    for (const { key } of refused) expect(await reopened.get('user', key), key).toBeDefined();
    expect(await reopened.count({ kind: 'user' })).toBe(300 - acknowledged.length);
  }, 180_000);
});

const panicLoader = pathToFileURL(join(import.meta.dirname, 'support', 'pglitePanic.mjs')).href;
const key = 'sk_test_storage_faults';

async function call(cli: RunningCli, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${cli.url}${path}`, { method, headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** The exit code, or 'still running' when the process has not exited within `milliseconds`. */
const exitWithin = (cli: RunningCli, milliseconds: number): Promise<number | null | 'still running'> =>
  Promise.race([cli.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), milliseconds))]);

describe('the command-line server after its database’s PANIC (injected: the statement fails as PGlite’s does, and any later one spins)', () => {
  const dataDir = join(root, 'cli');
  const trigger = join(root, 'panic-now');
  const env = { STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: key, LOG: 'off', METADATA_TEST_PANIC_WHEN: trigger, NODE_OPTIONS: `--import=${panicLoader}` };
  const acknowledged: { id: string; n: number }[] = [];

  /** Starts the server and has it acknowledge a user with metadata. */
  async function startAndWrite(): Promise<RunningCli> {
    rmSync(trigger, { force: true });
    const cli = await startCli(env);
    const created = await call(cli, 'POST', '/v1/users', {});
    const id = ((await created.json()) as { id: string }).id;
    expect((await call(cli, 'PATCH', `/v1/users/${id}/metadata`, { public_metadata: { n: acknowledged.length } })).status).toBe(200);
    acknowledged.push({ id, n: acknowledged.length });
    return cli;
  }

  it('answers 503 (writes and /healthz) and exits 1 with the cause within 5 s', async () => {
    // Arrange
    mkdirSync(dataDir, { recursive: true });
    const cli = await startAndWrite();

    // Act
    writeFileSync(trigger, '');
    const write = await call(cli, 'POST', '/v1/users', {});
    const health = await fetch(`${cli.url}/healthz`).then((response) => response.status, () => 'gone');
    const code = await exitWithin(cli, 5_000);
    if (code === 'still running') cli.child.kill('SIGKILL');

    // Assert
    expect(write.status).toBe(503);
    expect(((await write.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('service_unavailable');
    expect(health).toBe(503);
    expect(code).toBe(1);
    expect(cli.output()).toContain('metadata-semantics-server: stopped: the embedded database failed and cannot be trusted: the disk is full (PANIC could not write');
  });

  it('stops on SIGTERM within 5 s after the PANIC, exiting non-zero; a restart has every acknowledged write', async () => {
    // Arrange
    const cli = await startAndWrite();
    writeFileSync(trigger, '');
    expect((await call(cli, 'POST', '/v1/users', {})).status).toBe(503);

    // Act
    cli.child.kill('SIGTERM');
    const code = await exitWithin(cli, 5_000);
    if (code === 'still running') cli.child.kill('SIGKILL');
    rmSync(trigger, { force: true });
    const restarted = await startCli({ ...env, NODE_OPTIONS: '' });

    // Assert
    try {
      expect(code).toBe(1);
      for (const { id, n } of acknowledged) {
        expect(((await (await call(restarted, 'GET', `/v1/users/${id}`)).json()) as { public_metadata: unknown }).public_metadata, id).toEqual({ n });
      }
      expect(readdirSync(dataDir)).toContain('PG_VERSION');
    } finally {
      expect(await stopCli(restarted)).toBe(0);
    }
  });
});
