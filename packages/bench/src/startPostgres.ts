// A throw-away PostgreSQL server for a benchmark, started as scripts/with-postgres.sh starts one for the
// multi-process test: initdb and postgres run as the user `postgres` when the bench runs as root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A running server: its URL, its version, and how to stop it (removing its data unless kept). */
export interface RunningPostgres {
  readonly url: string;
  readonly version: string;
  stop(): Promise<void>;
}

/** The binaries' folder: PostgreSQL 15's when installed, else the newest there is; undefined without one. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(`${root}/15/bin/initdb`)) return `${root}/15/bin`;
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((version) => `${root}/${version}/bin`).find((bin) => existsSync(`${bin}/initdb`));
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Starts a server on 127.0.0.1 with `settings` (`-c name=value`), its data in a temporary folder removed when it
 * stops; or, given `kept`, in that folder, made on first use and kept (with its tables) for the next run.
 */
export async function startPostgres(settings: Readonly<Record<string, string>> = {}, kept?: string): Promise<RunningPostgres> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const root = process.getuid?.() === 0;
  const asUser = (command: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  if (kept !== undefined) mkdirSync(kept, { recursive: true });
  const folder = kept === undefined ? mkdtempSync(path.join(tmpdir(), 'bench-postgres-')) : path.resolve(kept);
  if (root) chownSync(folder, Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim()), Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim()));
  const [initdb, initArgs] = asUser(`${bin}/initdb`, ['-D', `${folder}/data`, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const init = existsSync(`${folder}/data/PG_VERSION`) ? { status: 0, stderr: '' } : spawnSync(initdb, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const options = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const [postgres, args] = asUser(`${bin}/postgres`, ['-D', `${folder}/data`, '-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', folder, ...options]);
  const server: ChildProcess = spawn(postgres, args, { stdio: 'ignore' });
  for (let attempt = 0; ; attempt++) {
    if (spawnSync(`${bin}/pg_isready`, ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0) break;
    if (attempt > 300) throw new Error('PostgreSQL did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const version = spawnSync(`${bin}/postgres`, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    async stop() {
      // The postmaster itself (the child may be runuser): a fast shutdown.
      const pid = Number(spawnSync('head', ['-n', '1', `${folder}/data/postmaster.pid`], { encoding: 'utf8' }).stdout.trim());
      if (pid > 0) process.kill(pid, 'SIGINT');
      await new Promise((resolve) => server.once('exit', resolve));
      if (kept === undefined) rmSync(folder, { recursive: true, force: true });
    },
  };
}
