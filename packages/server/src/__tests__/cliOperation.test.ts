import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import type { AnsweredRequest } from '../node.js';
import { listenNodeHttp } from '../adapter/node/nodeServer.js';
import { storeHealthCheck } from '../cli/storeHealthCheck.js';
import { cliArguments, packageDir, runCli, startCli, stopCli } from './support/cli.js';
import { secretKey } from './support/harness.js';

/** Every setting's flag and its variable, as docs/server.md lists them. */
const settingVariables = {
  '--host': 'HOST',
  '--port': 'PORT',
  '--secret-key': 'SECRET_KEY',
  '--store': 'STORE',
  '--data-dir': 'DATA_DIR',
  '--database-url': 'DATABASE_URL',
  '--log': 'LOG',
  '--dev-frontend-user-header': 'DEV_FRONTEND_USER_HEADER',
};

/** When a request log line says it was answered: ISO 8601, UTC, milliseconds. */
const TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
/** A request log line. */
const LOG_LINE = new RegExp(`^${TIME} `);

// The command-line server as an operator meets it: flags, a start-up failure that says what is wrong
// (setting, path or URL, cause) and exits within seconds, one log line per request, a health endpoint.
const root = mkdtempSync(join(tmpdir(), 'metadata-cli-operation-'));
afterAll(() => {
  chmodSync(join(root, 'unwritable'), 0o755);
  rmSync(root, { recursive: true, force: true });
});

/** A TCP port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('command-line flags', () => {
  it('--help prints the usage and every setting, and starts nothing (no data folder created)', async () => {
    // Arrange
    const cwd = mkdtempSync(join(root, 'help-'));

    // Act
    const run = await runCli({ STORE: '', DATA_DIR: '' }, ['--help'], { cwd });

    // Assert
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: metadata-semantics-server \[--help \| --version\]/);
    for (const [flag, variable] of Object.entries(settingVariables)) expect(run.stdout).toMatch(new RegExp(`^  ${flag} \\S+  \\(${variable}\\)$`, 'm'));
    expect(run.stdout).toContain('GET /healthz');
    expect(existsSync(join(cwd, '.data'))).toBe(false);
  });

  it('--version prints the package version; `-- --help` (as pnpm passes it) is --help', async () => {
    // Act
    const version = await runCli({}, ['--version']);
    const throughPnpm = await runCli({}, ['--', '--help']);

    // Assert
    const { version: expected } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    expect([version.code, version.stdout]).toEqual([0, `${expected}\n`]);
    expect(throughPnpm.stdout).toMatch(/^Usage: /);
  });

  it('exits 0 when whoever reads --help stops reading (a closed pipe), without an error', async () => {
    // Act: the reader (true) exits at once, so the pipe is closed when the help is written.
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" ${cliArguments.map((argument) => `'${argument}'`).join(' ')} --help | true; exit \${PIPESTATUS[0]}`], {
        cwd: packageDir,
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (part: string) => (stderr += part));
      child.once('exit', (code) => resolve({ code, stderr }));
    });

    // Assert
    expect(run).toEqual({ code: 0, stderr: '' });
  });

  it('refuses any other argument with exit code 2, naming it, instead of ignoring it', async () => {
    // Arrange
    const cwd = mkdtempSync(join(root, 'unknown-'));

    // Act
    const run = await runCli({ STORE: 'memory' }, ['--prot', '4000'], { cwd });
    const positional = await runCli({ STORE: 'memory' }, ['4000'], { cwd });
    const noValue = await runCli({ STORE: 'memory' }, ['--port'], { cwd });

    // Assert
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown argument "--prot"');
    expect(run.stderr).toContain('Usage: ');
    expect([positional.code, noValue.code]).toEqual([2, 2]);
    expect(positional.stderr).toContain('unknown argument "4000" (settings are flags, such as --port 4000)');
    expect(noValue.stderr).toContain('--port needs a value: --port <port>');
  });

  it('takes every setting as a flag too (--flag value or --flag=value); a flag wins over its variable', async () => {
    // Arrange: variables that would fail (or differ), each overridden by its flag.
    const env = { STORE: 'redis', PORT: 'http', HOST: 'nowhere.invalid', SECRET_KEY: 'sk_test_from_the_variable', LOG: 'verbose', DEV_FRONTEND_USER_HEADER: '' };
    const flags = ['--store', 'memory', '--port=0', '--host', '127.0.0.1', '--secret-key', 'sk_test_from_the_flag', '--log=off', '--dev-frontend-user-header', 'X-Flag-User'];

    // Act
    const cli = await startCli(env, 45_000, { args: flags });
    try {
      const created = await fetch(`${cli.url}/v1/users`, { method: 'POST', headers: { authorization: 'Bearer sk_test_from_the_flag' } });
      const userId = ((await created.json()) as { id: string }).id;
      const signedIn = await fetch(`${cli.url}/v1/me/metadata`, { method: 'PATCH', headers: { 'x-flag-user': userId }, body: new URLSearchParams({ unsafe_metadata: '{}' }) });

      // Assert
      expect(cli.output()).toContain('store: memory');
      expect(cli.output()).toContain('secret key: sk_test_from_the_flag');
      expect([created.status, signedIn.status]).toEqual([200, 200]);
      expect(cli.output().split('\n').filter((line) => LOG_LINE.test(line))).toEqual([]);
    } finally {
      await stopCli(cli);
    }
  });

  it('names the flag a bad value came from', async () => {
    // Act
    const run = await runCli({ STORE: 'memory', PORT: '0' }, ['--port', 'http']);
    const store = await runCli({ PORT: '0' }, ['--store=redis']);

    // Assert
    expect([run.code, store.code]).toEqual([1, 1]);
    expect(run.stderr).toContain('--port=http: must be a number from 0 to 65535');
    expect(store.stderr).toContain('--store=redis: must be memory, pglite or postgres');
  });
});

describe('start-up failures: exit 1 within seconds, naming the setting, the path or URL and the cause', () => {
  const unwritable = join(root, 'unwritable');
  mkdirSync(unwritable);
  chmodSync(unwritable, 0o555);
  const readOnlyDatabase = join(root, 'read-only-database');
  mkdirSync(readOnlyDatabase);
  writeFileSync(join(readOnlyDatabase, 'PG_VERSION'), '17\n');
  chmodSync(readOnlyDatabase, 0o555);
  const notADatabase = join(root, 'not-a-database');
  mkdirSync(notADatabase);
  writeFileSync(join(notADatabase, 'notes.txt'), 'mine\n');

  const cases: { name: string; env: () => Promise<Record<string, string>>; message: () => RegExp; hidden?: string }[] = [
    { name: 'SECRET_KEY with a space', env: async () => ({ STORE: 'memory', SECRET_KEY: 'sk_test my key' }), message: () => /SECRET_KEY=…: it holds whitespace at position 8; a key must be printable ASCII/, hidden: 'my key' },
    { name: 'SECRET_KEY not ASCII', env: async () => ({ STORE: 'memory', SECRET_KEY: 'sk_test_clé' }), message: () => /SECRET_KEY=…: it holds a non-ASCII character at position 11/, hidden: 'clé' },
    { name: 'DATA_DIR under /proc (Node 20 spins on a recursive mkdir there)', env: async () => ({ DATA_DIR: '/proc/nope' }), message: () => /^metadata-semantics-server: DATA_DIR=\/proc\/nope: cannot create the folder \/proc\/nope: ENOENT/m },
    { name: 'an unwritable empty DATA_DIR', env: async () => ({ DATA_DIR: unwritable }), message: () => new RegExp(`DATA_DIR=${unwritable}: the folder is not writable`) },
    { name: 'a read-only DATA_DIR holding a database', env: async () => ({ DATA_DIR: readOnlyDatabase }), message: () => new RegExp(`DATA_DIR=${readOnlyDatabase}: the folder is not writable`) },
    { name: 'a DATA_DIR holding other files', env: async () => ({ DATA_DIR: notADatabase }), message: () => new RegExp(`DATA_DIR=${notADatabase}: the folder holds other files \\(notes\\.txt\\) and no PGlite database`) },
    { name: 'a DATA_DIR below a file', env: async () => ({ DATA_DIR: join(notADatabase, 'notes.txt', 'pglite') }), message: () => /DATA_DIR=.*notes\.txt\/pglite: cannot read .*ENOTDIR/ },
    { name: 'DATABASE_URL not a URL', env: async () => ({ STORE: 'postgres', DATABASE_URL: 'not-a-url' }), message: () => /DATABASE_URL=not-a-url: not a postgres:\/\/ or postgresql:\/\/ URL/ },
    { name: 'DATABASE_URL of a server that is not there', env: async () => ({ STORE: 'postgres', DATABASE_URL: `postgres://app:hunter2@127.0.0.1:${await closedPort()}/app` }), message: () => /DATABASE_URL=postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/app: cannot use the database: .*ECONNREFUSED/, hidden: 'hunter2' },
    { name: 'DATABASE_URL of a host that does not resolve', env: async () => ({ STORE: 'postgres', DATABASE_URL: 'postgres://app@db.invalid/app' }), message: () => /DATABASE_URL=postgres:\/\/app@db\.invalid\/app: cannot use the database: .*(ENOTFOUND|EAI_AGAIN) db\.invalid/ },
    { name: 'HOST that does not resolve', env: async () => ({ STORE: 'memory', HOST: 'nowhere.invalid', PORT: '0' }), message: () => /HOST=nowhere\.invalid: cannot listen on nowhere\.invalid:0: .*(ENOTFOUND|EAI_AGAIN)/ },
    { name: 'LOG of an unknown value', env: async () => ({ STORE: 'memory', LOG: 'verbose' }), message: () => /LOG=verbose: must be on .* or off/ },
  ];

  it.each(cases)('$name', async ({ env, message, hidden }) => {
    // Act
    const run = await runCli({ PORT: '0', SECRET_KEY: 'sk_test_startup', ...(await env()) });

    // Assert
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(message());
    expect(run.milliseconds).toBeLessThan(20_000);
    if (hidden !== undefined) expect(run.stdout + run.stderr).not.toContain(hidden);
  });

  it('PORT already in use: names the port and the address, then exits 1', async () => {
    // Arrange
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };

    // Act
    const run = await runCli({ STORE: 'memory', PORT: String(port), SECRET_KEY: 'sk_test_startup' });
    await new Promise((resolve) => taken.close(resolve));

    // Assert
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`PORT=${port}: 127\\.0\\.0\\.1:${port} is already in use \\(EADDRINUSE\\)`));
  });
});

describe('a running command-line server', () => {
  it('logs one line per request (time, method, path, status, milliseconds), never a key, a query or a body; LOG=off logs none', async () => {
    // Arrange
    const key = 'sk_test_logged_key';
    const logged = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: key });
    const quiet = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: key, LOG: 'off' });
    const requests = async (url: string) => {
      const created = await fetch(`${url}/v1/users`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: '{"first_name":"Secretive"}' });
      const { id } = (await created.json()) as { id: string };
      await fetch(`${url}/v1/users/${id}?token=abc`, { headers: { authorization: `Bearer ${key}` } });
      const refused = await fetch(`${url}/v1/users/${id}/metadata`, { method: 'PATCH', body: '{"public_metadata":{"x":"hidden-value"}}' });
      const { clerk_trace_id: traceId } = (await refused.json()) as { clerk_trace_id: string };
      return { id, traceId };
    };

    try {
      // Act
      const before = Date.now();
      const { id, traceId } = await requests(logged.url);
      // A line is written once its answer has been sent, which may be just after the client read it.
      await expect.poll(() => logged.output().split('\n').filter((line) => LOG_LINE.test(line)).length).toBe(3);
      const after = Date.now();
      await requests(quiet.url);
      await new Promise((resolve) => setTimeout(resolve, 200));

      // Assert
      const lines = logged.output().split('\n').filter((line) => LOG_LINE.test(line));
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(new RegExp(`^${TIME} POST /v1/users 200 \\d+\\.\\dms$`));
      expect(lines[1]).toMatch(new RegExp(`^${TIME} GET /v1/users/${id} 200 \\d+\\.\\dms$`));
      // An error's line carries the clerk_trace_id its body carries.
      expect(lines[2]).toMatch(new RegExp(`^${TIME} PATCH /v1/users/${id}/metadata 401 \\d+\\.\\dms clerk_trace_id=${traceId}$`));
      // Each says when it was answered: in order, between the first request and the lines' arrival.
      const times = lines.map((line) => Date.parse(line.split(' ')[0]!));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      for (const time of times) expect(time >= before && time <= after, `${time} in [${before}, ${after}]`).toBe(true);
      const afterBanner = logged.output().split(/^listening on .*$/m)[1]!;
      for (const secret of [key, 'token=abc', 'Secretive', 'hidden-value']) expect(afterBanner).not.toContain(secret);
      expect(quiet.output()).toContain('request log: off (LOG=off)');
      expect(quiet.output().split('\n').filter((line) => LOG_LINE.test(line))).toEqual([]);
    } finally {
      await Promise.all([stopCli(logged), stopCli(quiet)]);
    }
  });

  it('answers GET /healthz without a key: 200 while up; says so before listening', async () => {
    // Arrange
    const cli = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: 'sk_test_health' });

    try {
      // Act
      const health = await fetch(`${cli.url}/healthz`);
      const head = await fetch(`${cli.url}/healthz`, { method: 'HEAD' });

      // Assert
      expect(health.status).toBe(200);
      expect(health.headers.get('cache-control')).toBe('no-store');
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(head.status).toBe(200);
      expect(cli.output()).toContain(`health: GET ${cli.url}/healthz`);
    } finally {
      await stopCli(cli);
    }
  });

  it('logs a client that disconnects mid-body (a reset, or a half-close) as one short line (499), not as an internal error', async () => {
    // Arrange
    const key = 'sk_test_aborts';
    const cli = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: key });
    const { port } = new URL(cli.url);

    try {
      // Act: ten requests that stop half-way through their body, five closing at once, five half-closing.
      for (let attempt = 0; attempt < 10; attempt++) {
        await new Promise<void>((resolve) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.write(`PATCH /v1/users/user_1/metadata HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-length: 5000\r\n\r\n{"pub`);
            setTimeout(() => {
              if (attempt % 2 === 0) {
                socket.resetAndDestroy();
                resolve();
              } else {
                socket.end();
                socket.on('close', () => resolve());
                socket.resume();
              }
            }, 50);
          });
          socket.on('error', () => {});
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 300));

      // Assert
      const afterBanner = cli.output().split(/^listening on .*$/m)[1]!.trim().split('\n');
      expect(afterBanner).toHaveLength(10);
      for (const line of afterBanner) expect(line).toMatch(new RegExp(`^${TIME} PATCH /v1/users/user_1/metadata 499 \\d+\\.\\dms clerk_trace_id=[0-9a-f]{32}$`));
    } finally {
      await stopCli(cli);
    }
  });
});

describe('the health endpoint', () => {
  it('answers 503 when the store does not answer, and reads the store at most once a second', async () => {
    // Arrange
    let reads = 0;
    const failing = { ...memoryStore(), get: () => (reads++, Promise.reject(new Error('database down'))) };
    const handler = createMetadataHandler({ secretKey, store: failing });
    const answered: AnsweredRequest[] = [];
    const server = await listenNodeHttp(handler, { onResponse: (entry) => answered.push(entry) }, { healthCheck: storeHealthCheck(failing) });

    try {
      // Act
      const statuses = [];
      for (let index = 0; index < 5; index++) statuses.push((await fetch(`${server.url}/healthz`)).status);
      const body = await (await fetch(`${server.url}/healthz`)).json();

      // Assert
      expect(statuses).toEqual([503, 503, 503, 503, 503]);
      expect(body).toEqual({ status: 'unavailable' });
      expect(reads).toBe(1);
      expect(answered[0]).toMatchObject({ method: 'GET', path: '/healthz', status: 503 });
    } finally {
      await server.close();
    }
  });
});
