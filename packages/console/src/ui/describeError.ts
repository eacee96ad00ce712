import { ConsoleApiError } from '../api/consoleApiError.js';

/** One line per error, as the person reads them: the server's sentences with status, code and path. */
export function describeError(error: unknown): string[] {
  if (!(error instanceof ConsoleApiError)) return [error instanceof Error ? error.message : String(error)];
  if (error.errors.length === 0) return [`The server answered ${error.status}.`];
  return error.errors.map((item) => {
    const path = typeof item.meta?.path === 'string' && item.meta.path !== '' ? ` at ${item.meta.path}` : '';
    // A metadata error's sentence ends with its code and path, which this line gives as a JSON pointer.
    const sentence = (item.long_message || item.message).replace(/ \([a-z_]+ at \[.*\]\)$/, '');
    return `${sentence} (${error.status} ${item.code}${path})`;
  });
}
