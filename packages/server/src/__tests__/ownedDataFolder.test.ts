import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError, type SqlClient } from '../index.js';
import { lockDataFolder } from '../cli/dataFolderLock.js';
import { ownDataFolder } from '../cli/ownedDataFolder.js';

// The command-line server's guard of its PGlite folder: no statement is sent, and no result returned, once the
// folder or its lock is not the one this process opened; nor after the database failed for good.
const root = mkdtempSync(join(tmpdir(), 'metadata-owned-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

/** A locked folder, a client that records its statements (and can be held or made to fail), and the guard. */
function guarded() {
  const folder = join(root, String(++folders));
  mkdirSync(folder);
  const lock = lockDataFolder(folder);
  const control = { sent: [] as string[], hold: undefined as Promise<void> | undefined, fail: undefined as unknown };
  const client: SqlClient = {
    async query(text) {
      control.sent.push(text);
      await control.hold;
      if (control.fail !== undefined) throw control.fail;
      return { rows: [] };
    },
  };
  const failures: string[] = [];
  const owned = ownDataFolder(folder, lock, client, (why) => failures.push(why));
  return { folder, lock, control, owned, failures };
}

const refusedForGood = { name: 'StoreUnavailableError', permanent: true };

describe('the CLI’s own data folder', () => {
  it('sends statements while the folder is its own; once the folder is deleted and made again, sends nothing and says why once', async () => {
    // Arrange
    const { folder, control, owned, failures } = guarded();
    await owned.client.query('SELECT 1');

    // Act: `rm -rf` the folder, and a new server's lock in a new folder of the same name.
    rmSync(folder, { recursive: true });
    const afterDeletion = await owned.client.query('SELECT 2').catch((error: unknown) => error);
    mkdirSync(folder);
    lockDataFolder(folder);
    const afterRecreation = await owned.client.query('SELECT 3').catch((error: unknown) => error);

    // Assert
    expect(control.sent).toEqual(['SELECT 1']);
    expect(afterDeletion).toBeInstanceOf(StoreUnavailableError);
    expect(afterDeletion).toMatchObject(refusedForGood);
    expect(afterRecreation).toBe(afterDeletion);
    expect(failures).toEqual([`the data folder ${folder} (or its lock) was deleted while the server ran; nothing more is written there; start the server again to open a new database there`]);
    expect(owned.failure()).toBe(failures[0]);
    owned.close();
  });

  it('sends nothing once its lock holds another server’s record (the lock file was deleted and taken again)', async () => {
    // Arrange
    const { folder, lock, control, owned, failures } = guarded();

    // Act
    writeFileSync(lock.path, '{"pid":1,"host":"elsewhere","nonce":"theirs"}\n');
    const refused = await owned.client.query('SELECT 1').catch((error: unknown) => error);

    // Assert
    expect(control.sent).toEqual([]);
    expect(refused).toMatchObject(refusedForGood);
    expect(failures).toEqual([`the lock of the data folder ${folder} is no longer this server's; nothing more is written there; start the server again to open a new database there`]);
    owned.close();
  });

  it('does not answer a statement during which the folder was deleted: its write is not acknowledged', async () => {
    // Arrange: a statement held in the database while the folder goes.
    const { folder, control, owned } = guarded();
    let release!: () => void;
    control.hold = new Promise((resolve) => (release = resolve));

    // Act
    const statement = owned.client.query('UPDATE t SET x = 1').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 10));
    rmSync(folder, { recursive: true });
    release();

    // Assert
    expect(await statement).toMatchObject(refusedForGood);
    expect(control.sent).toEqual(['UPDATE t SET x = 1']);
    owned.close();
  });

  it('notices an idle server’s folder going, without a statement', async () => {
    // Arrange
    const { folder, owned, failures } = guarded();

    // Act: the folder goes, and the guard's watch has its turn.
    rmSync(folder, { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Assert
    expect(failures).toHaveLength(1);
    expect(owned.failure()).toMatch(/was deleted while the server ran/);
    owned.close();
  });

  it('sends nothing after a PANIC, and says the disk is full when it is', async () => {
    // Arrange
    const { control, owned, failures } = guarded();
    control.fail = Object.assign(new Error('could not write to file "pg_wal/xlogtemp.42": No space left on device'), { severity: 'PANIC', code: '53100' });

    // Act
    const panic = await owned.client.query('INSERT 1').catch((error: unknown) => error);
    control.fail = undefined;
    const after = await owned.client.query('SELECT 1').catch((error: unknown) => error);

    // Assert
    expect(control.sent).toEqual(['INSERT 1']);
    expect(panic).toMatchObject(refusedForGood);
    expect(after).toBe(panic);
    expect(failures).toEqual([
      'the embedded database failed and cannot be trusted: the disk is full (PANIC could not write to file "pg_wal/xlogtemp.42": No space left on device); ' +
        'mend the cause (free space, for a full disk) and start the server again: every write it answered is kept',
    ]);
    owned.close();
  });

  it('passes an ordinary statement error through, and goes on', async () => {
    // Arrange
    const { control, owned, failures } = guarded();
    const refused = Object.assign(new Error('duplicate key value violates unique constraint'), { severity: 'ERROR', code: '23505' });
    control.fail = refused;

    // Act
    const first = await owned.client.query('INSERT 1').catch((error: unknown) => error);
    control.fail = undefined;
    const second = await owned.client.query('INSERT 2');

    // Assert
    expect(first).toBe(refused);
    expect(second).toEqual({ rows: [] });
    expect(failures).toEqual([]);
    owned.close();
  });
});
