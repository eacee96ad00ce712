// What a failed statement says about the database behind it: an ordinary refusal, a full disk, or a fault
// after which the database cannot be trusted. PGlite, after a PANIC, never answers another query (its next
// one spins the thread for good), so a fault must be recognised before anything else is sent.

const SQLSTATE_DISK_FULL = '53100';
const NO_SPACE = /no space left on device|ENOSPC/i;

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

/**
 * Whether the database can no longer be trusted after `error`: PostgreSQL's PANIC or FATAL, or the embedded
 * engine itself failing (a WebAssembly trap, Emscripten's `Aborted()` or its file system's `ErrnoError`).
 */
export function isStorageFault(error: unknown): boolean {
  const severity = field(error, 'severity');
  if (severity === 'PANIC' || severity === 'FATAL') return true;
  const name = field(error, 'name');
  // A WebAssembly trap is a RuntimeError; Emscripten's file system throws ErrnoError.
  if (name === 'ErrnoError' || name === 'RuntimeError') return true;
  const message = field(error, 'message');
  return typeof message === 'string' && message.startsWith('Aborted(');
}

/** Whether `error` says the disk is full (PostgreSQL's `disk_full`, or the file system's ENOSPC). */
export function isDiskFull(error: unknown): boolean {
  if (field(error, 'code') === SQLSTATE_DISK_FULL || field(error, 'code') === 'ENOSPC') return true;
  const message = field(error, 'message');
  return typeof message === 'string' && NO_SPACE.test(message);
}

/** One line for an operator: the database's message, and what a full disk means. */
export function describeStorageError(error: unknown): string {
  const severity = field(error, 'severity');
  const message = field(error, 'message');
  const said = `${typeof severity === 'string' ? `${severity} ` : ''}${typeof message === 'string' ? message : String(error)}`;
  return isDiskFull(error) ? `the disk is full (${said})` : said;
}
