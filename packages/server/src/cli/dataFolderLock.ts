// One owner per data folder: an exclusive lock file that a crashed owner cannot leave behind for good.
// Command-line only (node:fs, node:os, process): never imported by the package's main entry.
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock's file name inside the data folder. */
export const LOCK_FILE_NAME = 'metadata-semantics-server.lock';

/** Who holds a lock, as its file records it. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** When it took the lock (ISO 8601). */
  readonly since: string;
  /** Linux: the boot the owner ran in and its start time since boot, to tell a reused pid from the owner. */
  readonly bootId: string | null;
  readonly startTime: string | null;
  /** Unique per taking: two records are never equal. */
  readonly nonce: string;
}

/** The folder is another live process's. */
export class DataFolderInUseError extends Error {
  readonly owner: LockOwner;
  readonly lockPath: string;
  constructor(owner: LockOwner, lockPath: string, sameHost: boolean) {
    super(
      sameHost
        ? `in use by another metadata-semantics-server (pid ${owner.pid}, since ${owner.since}); stop it first, or choose another DATA_DIR`
        : `in use by a metadata-semantics-server on host ${JSON.stringify(owner.host)} (pid ${owner.pid}, since ${owner.since}), ` +
            `which cannot be checked from here; if it is no longer running, delete ${lockPath}`,
    );
    this.name = 'DataFolderInUseError';
    this.owner = owner;
    this.lockPath = lockPath;
  }
}

export interface DataFolderLock {
  readonly path: string;
  /** The lock file's content while it is this process's: unique per taking. */
  readonly record: string;
  /** Removes the lock if it is still this process's. Idempotent, synchronous (safe in an `exit` handler). */
  release(): void;
}

/** How long to wait for another process's takeover before looking again, and how often to look. */
const RETRY_MILLISECONDS = 25;
const MAX_ATTEMPTS = 400;
/** Takeovers nested this deep mean processes keep dying mid-takeover: give up rather than loop. */
const MAX_TAKEOVER_DEPTH = 4;
/** A lock file still empty this long after it appeared was left by a process that died writing it. */
const UNWRITTEN_GRACE_MILLISECONDS = 2_000;

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function linuxFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Linux: a process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or null. */
function processStartTime(pid: number): string | null {
  const stat = linuxFile(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.nonce === 'string'
      ? (owner as LockOwner)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the process a lock names may still be running. Only a certain "no" counts: another host, or a
 * record we cannot read as one of ours and not given time to be written, counts as running.
 */
function mayBeRunning(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  const bootId = linuxFile('/proc/sys/kernel/random/boot_id');
  // The machine restarted since (a power loss): nothing from that boot runs.
  if (owner.bootId !== null && bootId !== null && owner.bootId !== bootId) return false;
  // Our own pid in a record that is not ours: an earlier life of this pid (a restarted container's pid 1).
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists, as another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // A live pid that started at another time is a new process that reused the pid.
  const startTime = processStartTime(owner.pid);
  return owner.startTime === null || startTime === null || owner.startTime === startTime;
}

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/**
 * Creates `path` holding `record` only if it does not exist, so that it appears with its whole content or not
 * at all: written to a private file first, then hard-linked (link fails if the name exists). A file system
 * without hard links gets an exclusive create, whose content lags its creation by a moment.
 */
function createExclusive(path: string, record: string): boolean {
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, record, { flag: 'wx', mode: 0o644 });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    try {
      writeFileSync(path, record, { flag: 'wx' });
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    unlinkSync(draft);
  }
}

function removeIfStill(path: string, text: string, pause = 0): void {
  if (readIfExists(path) !== text) return;
  if (pause > 0) sleep(pause);
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Takes the lock at `path` for `record`, or names the live owner. A stale lock is removed only by whoever
 * holds the takeover lock named after that very record (`<path>.takeover-<hash of its text>`), taken the same
 * way: of several processes that all found the same stale record, one removes it, and none can remove a fresh
 * lock taken meanwhile (its text, and so its takeover lock, differ).
 */
function acquire(path: string, record: string, depth: number, options: LockOptions): LockOwner | undefined {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (createExclusive(path, record)) return undefined;
    const held = readIfExists(path);
    if (held === undefined) continue; // released meanwhile
    const owner = parseOwner(held);
    if (owner === undefined) {
      // Not (yet) a record: being written by a file system without hard links, or left half-written.
      if (ageMilliseconds(path) < UNWRITTEN_GRACE_MILLISECONDS) {
        sleep(RETRY_MILLISECONDS);
        continue;
      }
    } else if (mayBeRunning(owner)) {
      return owner;
    }
    if (depth >= MAX_TAKEOVER_DEPTH) throw new Error(`could not take over the stale lock ${path}: its takeovers keep failing`);
    if (options.pauseWhenStale !== undefined) sleep(options.pauseWhenStale);
    const takeover = `${path}.takeover-${createHash('sha256').update(held).digest('hex').slice(0, 16)}`;
    if (acquire(takeover, record, depth + 1, options) !== undefined) {
      // Another process is taking this stale lock over: look again once it is done.
      sleep(RETRY_MILLISECONDS);
      continue;
    }
    try {
      // Still the stale record? Only a holder of this takeover lock may remove it, and that is us.
      removeIfStill(path, held, options.pauseWhenStale);
    } finally {
      removeIfStill(takeover, record);
    }
  }
  throw new Error(`could not take the lock ${path}: it kept changing`);
}

/** How long ago `path` was last written (0 when it is gone). */
function ageMilliseconds(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export interface LockOptions {
  /**
   * Milliseconds to wait after finding a lock stale, and again between checking it is still that lock and
   * removing it: for the test that makes several processes find the same stale lock before any acts on it.
   */
  readonly pauseWhenStale?: number;
}

/**
 * Takes the data folder's lock for this process, for as long as it runs: release it on a clean stop; a process
 * that dies without releasing (`kill -9`, a power loss) leaves a lock the next start recognises as stale and
 * takes over.
 *
 * @throws {@link DataFolderInUseError} when a live process holds it; the file system's errors (EACCES, EROFS)
 */
export function lockDataFolder(folder: string, options: LockOptions = {}): DataFolderLock {
  const path = join(folder, LOCK_FILE_NAME);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    bootId: linuxFile('/proc/sys/kernel/random/boot_id'),
    startTime: processStartTime(process.pid),
    nonce: randomBytes(12).toString('hex'),
  };
  const record = `${JSON.stringify(owner)}\n`;
  const holder = acquire(path, record, 0, options);
  if (holder !== undefined) throw new DataFolderInUseError(holder, path, holder.host === owner.host);
  return { path, record, release: () => removeIfStill(path, record) };
}
