import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, type LockOwner } from '../cli/dataFolderLock.js';
import { packageDir } from './support/cli.js';

// One owner per data folder, between real processes: of several processes that try at the same instant,
// exactly one takes the lock, on a fresh folder and on one whose lock a dead process left behind; a live
// owner is never displaced, a dead or pid-reusing one always is.
const root = mkdtempSync(join(tmpdir(), 'metadata-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshFolder = (): string => mkdtempSync(join(root, `${++folders}-`));

interface Contender {
  child: ChildProcess;
  /** Its first line: `ready` once it has loaded (or whatever it printed before exiting). */
  ready: Promise<string>;
  /** Its outcome line, after `ready`. */
  line: Promise<string>;
  exited: Promise<unknown>;
}

function contend(folder: string, pauseWhenStale?: number): Contender {
  const args = ['src/__tests__/support/lockContender.ts', folder, ...(pauseWhenStale === undefined ? [] : [String(pauseWhenStale)])];
  const child = spawn(process.execPath, ['--conditions=@metadata-semantics/source', '--import', 'tsx', ...args], {
    cwd: packageDir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const nthLine = (index: number) =>
    new Promise<string>((resolve) => {
      const check = (): void => {
        const lines = output.split('\n');
        if (lines.length > index + 1) resolve(lines[index]!);
      };
      child.stdout!.on('data', check);
      child.once('exit', () => resolve(output.split('\n')[index] ?? ''));
    });
  child.stdout!.setEncoding('utf8').on('data', (part: string) => (output += part));
  return { child, ready: nthLine(0), line: nthLine(1), exited };
}

/** Starts `count` contenders that, once all have loaded, try at the same instant; resolves with their outcome lines, then releases. */
async function race(folder: string, count: number, pauseWhenStale?: number): Promise<string[]> {
  const contenders = Array.from({ length: count }, () => contend(folder, pauseWhenStale));
  const ready = await Promise.all(contenders.map((contender) => contender.ready));
  if (ready.some((line) => line !== 'ready')) return ready;
  // Every contender is loaded and waiting: a few milliseconds ahead is enough for all to read the instant.
  const startAt = Date.now() + 50;
  for (const { child } of contenders) child.stdin!.write(`${startAt}\n`);
  const lines = await Promise.all(contenders.map(({ line }) => line));
  for (const { child } of contenders) child.stdin!.end();
  await Promise.all(contenders.map(({ exited }) => exited));
  return lines;
}

/** The pid of a process that has exited (and so can own nothing). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function linuxStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function writeLock(folder: string, owner: Partial<LockOwner>, name = LOCK_FILE_NAME): string {
  const record: LockOwner = {
    pid: deadPid(),
    host: hostname(),
    since: '2026-01-01T00:00:00.000Z',
    bootId: bootId(),
    startTime: null,
    nonce: `n${Math.random()}`,
    ...owner,
  };
  const text = `${JSON.stringify(record)}\n`;
  writeFileSync(join(folder, name), text);
  return text;
}

/** The winners and the pids the others were refused with. */
function outcome(lines: string[]): { acquired: string[]; refusedBy: string[]; failed: string[] } {
  return {
    acquired: lines.filter((line) => line.startsWith('acquired ')).map((line) => line.split(' ')[1]!),
    refusedBy: lines.filter((line) => line.startsWith('refused ')).map((line) => line.split(' ')[1]!),
    failed: lines.filter((line) => !line.startsWith('acquired ') && !line.startsWith('refused ')),
  };
}

/** One process took the lock, every other was refused naming it; released on a clean stop, nothing left behind. */
function expectOneOwner(result: ReturnType<typeof outcome>, folder: string): void {
  expect(result.failed).toEqual([]);
  expect(result.acquired).toHaveLength(1);
  expect(result.refusedBy).toEqual(result.refusedBy.map(() => result.acquired[0]));
  expect(result.refusedBy.length + result.acquired.length).toBe(4);
  // No drafts, takeover files or lock left behind.
  expect(readdirSync(folder)).toEqual([]);
}

describe('the data folder lock, between processes', () => {
  it('of four processes starting at the same instant on a fresh folder, exactly one takes it; the others name it', async () => {
    for (let round = 0; round < 3; round++) {
      // Arrange
      const folder = freshFolder();

      // Act
      const result = outcome(await race(folder, 4));

      // Assert
      expectOneOwner(result, folder);
    }
  }, 60_000);

  it('takes over a lock whose owner died; of four processes that all found it stale before any acted, exactly one', async () => {
    for (let round = 0; round < 3; round++) {
      // Arrange
      const folder = freshFolder();
      writeLock(folder, {});

      // Act: each pauses 300 ms between finding the lock stale and taking it over, so all four find it stale
      // and then act at once: the takeover race, made certain instead of rare.
      const result = outcome(await race(folder, 4, 300));

      // Assert
      expectOneOwner(result, folder);
    }
  }, 60_000);

  it('never takes over from a live owner: refused, naming its pid, the lock left as it was', async () => {
    // Arrange: this test runner is the live owner.
    const folder = freshFolder();
    const text = writeLock(folder, { pid: process.pid, startTime: linuxStartTime(process.pid) });

    // Act
    const [line] = await race(folder, 1);

    // Assert
    expect(line).toMatch(new RegExp(`^refused ${process.pid} in use by another metadata-semantics-server \\(pid ${process.pid}, since 2026-01-01T00:00:00.000Z\\)`));
    expect(readFileSync(join(folder, LOCK_FILE_NAME), 'utf8')).toBe(text);
  }, 30_000);

  it.skipIf(linuxStartTime(process.pid) === null)('takes over from a live pid that started later than the owner did (a reused pid), or in an earlier boot', async () => {
    // Arrange: this runner's pid, with another start time; then with another boot.
    const reused = freshFolder();
    writeLock(reused, { pid: process.pid, startTime: '1' });
    const rebooted = freshFolder();
    writeLock(rebooted, { pid: process.pid, startTime: linuxStartTime(process.pid), bootId: '00000000-0000-0000-0000-000000000000' });

    // Act
    const [afterReuse] = await race(reused, 1);
    const [afterReboot] = await race(rebooted, 1);

    // Assert
    expect(afterReuse).toMatch(/^acquired /);
    expect(afterReboot).toMatch(/^acquired /);
  }, 30_000);

  it('never takes over a lock held on another host, and says which file to delete', async () => {
    // Arrange
    const folder = freshFolder();
    writeLock(folder, { host: 'elsewhere.example', pid: 1 });

    // Act
    const [line] = await race(folder, 1);

    // Assert
    expect(line).toContain('on host "elsewhere.example" (pid 1');
    expect(line).toContain(`delete ${join(folder, LOCK_FILE_NAME)}`);
  }, 30_000);

  it('takes over even when the process that was taking over died holding the takeover lock', async () => {
    // Arrange: a stale lock, and a stale takeover lock named after its record.
    const folder = freshFolder();
    const stale = writeLock(folder, {});
    writeLock(folder, {}, `${LOCK_FILE_NAME}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`);

    // Act
    const [line] = await race(folder, 1);

    // Assert
    expect(line).toMatch(/^acquired /);
    expect(existsSync(join(folder, LOCK_FILE_NAME))).toBe(false);
  }, 30_000);

  it('takes over a lock file that never got its record once it is old enough (its writer died mid-write)', async () => {
    // Arrange
    const folder = freshFolder();
    writeFileSync(join(folder, LOCK_FILE_NAME), '');
    utimesSync(join(folder, LOCK_FILE_NAME), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

    // Act
    const [line] = await race(folder, 1);

    // Assert
    expect(line).toMatch(/^acquired /);
  }, 30_000);
});
