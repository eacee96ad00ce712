// Start-up failures of the command-line server: each names the setting, its value (a path, a URL) and why.

/** A start-up failure the operator can act on: `SETTING=value: cause`, or `what: cause` without a value. */
export class StartupError extends Error {
  constructor(setting: string, value: string | undefined, cause: string) {
    super(value === undefined ? `${setting}: ${cause}` : `${setting}=${value}: ${cause}`);
    this.name = 'StartupError';
  }
}

/** Emscripten's (PGlite's file system's) errno numbers, which follow WASI's. */
const wasiErrnoNames: Readonly<Record<number, string>> = {
  2: 'EACCES (permission denied)',
  20: 'EEXIST (file exists)',
  28: 'EINVAL (invalid argument)',
  29: 'EIO (input/output error)',
  31: 'EISDIR (is a folder)',
  44: 'ENOENT (no such file or folder)',
  51: 'ENOSPC (no space left on device)',
  54: 'ENOTDIR (not a folder)',
  55: 'ENOTEMPTY (folder not empty)',
  63: 'EPERM (operation not permitted)',
  69: 'EROFS (read-only file system)',
};

/** A readable cause for any thrown value: Node's errors, PGlite's errno objects, anything else. */
export function describeCause(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Connecting to a host name tries each of its addresses: say why each failed.
    return [...new Set(error.errors.map(describeCause))].join('; ');
  }
  if (error instanceof Error) {
    const message = error.message || (error as NodeJS.ErrnoException).code || error.name;
    const cause = (error as { cause?: unknown }).cause;
    return cause === undefined ? message : `${message} (${describeCause(cause)})`;
  }
  if (typeof error === 'object' && error !== null && typeof (error as { errno?: unknown }).errno === 'number') {
    const errno = (error as { errno: number }).errno;
    return wasiErrnoNames[errno] ?? `file system error ${errno}`;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
