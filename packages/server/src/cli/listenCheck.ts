// Whether the command-line server can listen where its settings say, found out before anything is created.
import { createServer } from 'node:net';
import { describeCause, StartupError } from './startupError.js';

/** A failure to listen on `host:port`, named by the setting that can mend it. */
export function listenFailure(host: string, port: number, error: unknown): StartupError {
  const code = (error as NodeJS.ErrnoException).code;
  const address = `${host}:${port}`;
  if (code === 'EADDRINUSE') return new StartupError('PORT', String(port), `${address} is already in use (EADDRINUSE): stop what listens there, or choose another PORT`);
  if (code === 'EACCES') return new StartupError('PORT', String(port), `not allowed to listen on ${address} (EACCES): ports below 1024 need privileges`);
  return new StartupError('HOST', host, `cannot listen on ${address}: ${describeCause(error)}`);
}

/**
 * Listens on `host:port` for a moment and lets go: a busy port or an unknown host is found before the data
 * folder or the database is touched. (Something may still take the port in between; the start then fails
 * the same way, later, and leaves the data folder as it found it.)
 */
export async function checkListenable(host: string, port: number): Promise<void> {
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (error) {
    throw listenFailure(host, port, error);
  }
  await new Promise((resolve) => probe.close(resolve));
}
