import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../cli/dataFolderLock.js';
import { KEY_FILE_NAME } from '../cli/developmentKey.js';
import { failingPglite, runCli, startCli, stopCli, withoutPglite, type RunningCli } from './support/cli.js';

// The command-line server's PGlite data folder, with real processes: one owner at a time (a second server is
// refused, changing nothing), a development key kept across restarts, and every acknowledged write still
// there after the server is killed (kill -9) in the middle of concurrent writes.
const root = mkdtempSync(join(tmpdir(), 'metadata-pglite-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readIfExists = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
const printedKey = (cli: RunningCli): string => /^secret key: (sk_test_\w+) /m.exec(cli.output())![1]!;

async function call(url: string, key: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('one server per PGlite data folder', () => {
  it('refuses a second server on the folder (naming it and the owner’s pid), which changes nothing; the key is kept', async () => {
    // Arrange: a first server, without SECRET_KEY, and a user written through it.
    const dataDir = join(root, 'shared');
    const env = { STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: '' };
    const first = await startCli(env);
    let userId: string;
    let key: string;
    let second: Awaited<ReturnType<typeof runCli>>;
    let filesBefore: string[];
    let filesAfter: string[];
    let lockBefore: string | undefined;
    let lockAfter: string | undefined;
    try {
      key = printedKey(first);
      const created = await call(first.url, key, 'POST', '/v1/users', { public_metadata: { written: 'by the first' } });
      userId = ((await created.json()) as { id: string }).id;
      filesBefore = readdirSync(dataDir).sort();
      lockBefore = readIfExists(join(dataDir, LOCK_FILE_NAME));

      // Act
      second = await runCli(env);
      filesAfter = readdirSync(dataDir).sort();
      lockAfter = readIfExists(join(dataDir, LOCK_FILE_NAME));

      // Assert: refused at once, the first still serving.
      expect((await call(first.url, key, 'GET', `/v1/users/${userId}`)).status).toBe(200);
    } finally {
      expect(await stopCli(first)).toBe(0);
    }
    // Said before the database opened (it takes seconds), as the first line.
    expect(first.output().split('\n')[0]).toBe(`opening the embedded database (PGlite) in ${dataDir}; the first start takes a while…`);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`DATA_DIR=${dataDir}: in use by another metadata-semantics-server (pid ${first.child.pid}, since `);
    expect(second.milliseconds).toBeLessThan(20_000);
    expect(second.stdout).not.toContain('listening on');
    expect(filesAfter).toEqual(filesBefore);
    expect(lockBefore).toContain(`"pid":${first.child.pid},`);
    expect(lockAfter).toBe(lockBefore);
    // Released on a clean stop.
    expect(readdirSync(dataDir)).not.toContain(LOCK_FILE_NAME);

    // Act: the folder is free again once the first stopped; a restart has the same key and the data.
    const restarted = await startCli(env);
    try {
      // Assert
      expect(printedKey(restarted)).toBe(key);
      expect(restarted.output()).toContain(`kept in ${join(dataDir, KEY_FILE_NAME)}`);
      expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dataDir, KEY_FILE_NAME), 'utf8')).toBe(`${key}\n`);
      const user = (await (await call(restarted.url, key, 'GET', `/v1/users/${userId}`)).json()) as { public_metadata: unknown };
      expect(user.public_metadata).toEqual({ written: 'by the first' });
    } finally {
      expect(await stopCli(restarted)).toBe(0);
    }
  }, 180_000);

  it('keeps every acknowledged write when killed (kill -9) in the middle of concurrent writes, and restarts on the folder', async () => {
    // Arrange
    const dataDir = join(root, 'crash');
    const key = 'sk_test_crash_safety';
    const env = { STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: key, LOG: 'off' };
    const first = await startCli(env);
    const userId = ((await (await call(first.url, key, 'POST', '/v1/users', {})).json()) as { id: string }).id;
    const acknowledgedKeys: string[] = [];
    const acknowledgedUsers: string[] = [];
    let stop = false;

    // Act: eight writers (merges into one user, and new users) until killed once 150 writes were acknowledged.
    const writer = async (writerIndex: number): Promise<void> => {
      for (let index = 0; !stop; index++) {
        try {
          if (index % 4 === 3) {
            const response = await call(first.url, key, 'POST', '/v1/users', { first_name: `w${writerIndex}-${index}` });
            if (response.status === 200) acknowledgedUsers.push(((await response.json()) as { id: string }).id);
          } else {
            const name = `w${writerIndex}_${index}`;
            const response = await call(first.url, key, 'PATCH', `/v1/users/${userId}/metadata`, { public_metadata: { [name]: index } });
            await response.arrayBuffer();
            if (response.status === 200) acknowledgedKeys.push(name);
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, index) => writer(index));
    while (acknowledgedKeys.length + acknowledgedUsers.length < 150) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(writers);
    const second = await startCli(env);

    try {
      // Assert
      const user = (await (await call(second.url, key, 'GET', `/v1/users/${userId}`)).json()) as { public_metadata: Record<string, number> };
      for (const name of acknowledgedKeys) expect(user.public_metadata, name).toHaveProperty(name);
      for (const id of acknowledgedUsers) expect((await call(second.url, key, 'GET', `/v1/users/${id}`)).status, id).toBe(200);
      expect(acknowledgedKeys.length).toBeGreaterThan(100);
    } finally {
      expect(await stopCli(second)).toBe(0);
    }
  }, 180_000);

  it('stops a server whose folder is deleted under it, acknowledging nothing more; a new server there keeps all it acknowledges', async () => {
    // Arrange: server A on the folder, with a user.
    const dataDir = join(root, 'deleted');
    const key = 'sk_test_deleted_folder';
    const env = { STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: key, LOG: 'off' };
    const a = await startCli(env);
    const first = ((await (await call(a.url, key, 'POST', '/v1/users', {})).json()) as { id: string }).id;
    const aExit = Promise.race([a.exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 5 s'), 5_000))]);

    // Act: "reset my dev database" under the running server, which goes on being asked to write.
    rmSync(dataDir, { recursive: true, force: true });
    const aAnswers: number[] = [];
    for (let index = 0; index < 20; index++) {
      const answer = await call(a.url, key, 'PATCH', `/v1/users/${first}/metadata`, { public_metadata: { index } }).catch(() => undefined);
      if (answer === undefined) break;
      aAnswers.push(answer.status);
    }
    const aCode = await aExit;
    if (aCode === 'still running after 5 s') a.child.kill('SIGKILL');

    // Assert: A acknowledged nothing after the deletion, said why, and exited.
    expect(aCode).toBe(1);
    expect(aAnswers.filter((status) => status !== 503)).toEqual([]);
    expect(a.output()).toContain(`metadata-semantics-server: stopped: the data folder ${dataDir} (or its lock) was deleted while the server ran`);

    // Act: server B starts on the folder (a new database) and acknowledges writes; then C opens it.
    const b = await startCli(env);
    const acknowledged: string[] = [];
    try {
      for (let index = 0; index < 20; index++) {
        const created = await call(b.url, key, 'POST', '/v1/users', { public_metadata: { index } });
        expect(created.status).toBe(200);
        acknowledged.push(((await created.json()) as { id: string }).id);
      }
    } finally {
      expect(await stopCli(b)).toBe(0);
    }
    const c = await startCli(env);
    try {
      // Assert: every write B acknowledged is there; A's user went with the folder.
      for (const [index, id] of acknowledged.entries()) {
        const user = (await (await call(c.url, key, 'GET', `/v1/users/${id}`)).json()) as { public_metadata: unknown };
        expect(user.public_metadata, id).toEqual({ index });
      }
      expect((await call(c.url, key, 'GET', `/v1/users/${first}`)).status).toBe(404);
    } finally {
      expect(await stopCli(c)).toBe(0);
    }
  }, 180_000);
});

describe('a start that fails leaves the data folder as it found it', () => {
  /** A port something else listens on, for as long as the returned close is not called. */
  async function takenPort(): Promise<{ port: number; close: () => Promise<void> }> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }
  const opening = 'opening the embedded database';

  it('a busy PORT is found before the folder is created or the database opened', async () => {
    // Arrange
    const parent = join(root, 'busy-port');
    const dataDir = join(parent, 'pglite');
    const taken = await takenPort();

    // Act
    const run = await runCli({ STORE: 'pglite', DATA_DIR: dataDir, PORT: String(taken.port), SECRET_KEY: '' }).finally(taken.close);

    // Assert
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`PORT=${taken.port}: 127.0.0.1:${taken.port} is already in use (EADDRINUSE)`);
    expect(run.stdout).not.toContain(opening);
    expect(existsSync(parent)).toBe(false);
  });

  it('a busy PORT leaves an existing empty folder empty (no key file)', async () => {
    // Arrange
    const dataDir = join(root, 'empty');
    mkdirSync(dataDir);
    const taken = await takenPort();

    // Act
    const run = await runCli({ STORE: 'pglite', DATA_DIR: dataDir, PORT: String(taken.port), SECRET_KEY: '' }).finally(taken.close);

    // Assert
    expect(run.code).toBe(1);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('PGlite not installed: says which package, creates no folder and no key file, never says it opens the database', async () => {
    // Arrange
    const dataDir = join(root, 'no-driver', 'pglite');

    // Act
    const run = await runCli({ STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: '' }, [], { nodeOptions: ['--import', withoutPglite] });

    // Assert
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('STORE=pglite: needs the package @electric-sql/pglite@0.5.14, which is not installed');
    expect(run.stdout).not.toContain(opening);
    expect(existsSync(join(root, 'no-driver'))).toBe(false);
  });

  it('a database that fails to open: the files it wrote, the key file and the created folders are removed', async () => {
    // Arrange
    const parent = join(root, 'failing-driver');
    const dataDir = join(parent, 'pglite');
    const existing = join(root, 'failing-driver-existing');
    mkdirSync(existing);

    // Act
    const fresh = await runCli({ STORE: 'pglite', DATA_DIR: dataDir, PORT: '0', SECRET_KEY: '' }, [], { nodeOptions: ['--import', failingPglite] });
    const inExisting = await runCli({ STORE: 'pglite', DATA_DIR: existing, PORT: '0', SECRET_KEY: '' }, [], { nodeOptions: ['--import', failingPglite] });

    // Assert
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain(`DATA_DIR=${dataDir}: PGlite cannot open the database: disk trouble`);
    expect(existsSync(parent)).toBe(false);
    expect(inExisting.code).toBe(1);
    expect(readdirSync(existing)).toEqual([]);
  });
});
