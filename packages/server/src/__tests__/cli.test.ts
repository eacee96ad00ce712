import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageDir, runCli, startCli, stopCli, type RunningCli } from './support/cli.js';

// The CLI behind `pnpm start`, spawned as a user would run it. The curl
// examples it prints (the Clerk docs' PATCH birthday and PUT role admin, after a
// create-user) are run verbatim with bash and curl.
const run = promisify(execFile);
const dataRoot = mkdtempSync(join(tmpdir(), 'metadata-server-cli-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

/** The printed block from the create-user curl to the last line before `listening on`. */
function printedCurlScript(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith('USER_ID=$(curl'));
  const end = lines.findIndex((line) => line.startsWith('listening on '));
  expect(start).toBeGreaterThanOrEqual(0);
  return lines.slice(start, end).join('\n');
}

async function runPrintedCurls(cli: RunningCli): Promise<{ userId: string; stdout: string }> {
  const script = `set -e\n${printedCurlScript(cli.output())}\necho\necho "USER=$USER_ID"`;
  const { stdout } = await run('bash', ['-c', script], { cwd: packageDir });
  const userId = /^USER=(user_\w+)$/m.exec(stdout)?.[1];
  expect(userId).toBeDefined();
  return { userId: userId!, stdout };
}

function frontendPatch(url: string, headers: Record<string, string>, unsafeMetadata: unknown): Promise<Response> {
  return fetch(`${url}/v1/me/metadata`, {
    method: 'PATCH',
    headers,
    body: new URLSearchParams({ unsafe_metadata: JSON.stringify(unsafeMetadata) }),
  });
}

async function getUser(url: string, secretKey: string, userId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/v1/users/${userId}`, { headers: { authorization: `Bearer ${secretKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('metadata-semantics-server CLI', () => {
  it('STORE=memory: prints the URL, key and curls; the Clerk docs’ curls work verbatim; SIGTERM exits 0', async () => {
    // Arrange
    const cli = await startCli({
      STORE: 'memory',
      PORT: '0',
      HOST: '127.0.0.1',
      SECRET_KEY: 'sk_test_cli_memory',
      DEV_FRONTEND_USER_HEADER: '',
    });

    try {
      // Act
      const { userId, stdout } = await runPrintedCurls(cli);
      const frontend = await frontendPatch(cli.url, { 'x-test-user': userId }, { onboarded: true });

      // Assert
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.output()).toContain('secret key: sk_test_cli_memory');
      expect(cli.output().split('\n').filter((line) => line.startsWith('listening on '))).toEqual([`listening on ${cli.url}`]);
      expect(stdout).toContain('"birthday":"1990-01-01"');
      expect((await getUser(cli.url, 'sk_test_cli_memory', userId))['public_metadata']).toEqual({ role: 'admin' });
      // Without DEV_FRONTEND_USER_HEADER, no header signs anyone in.
      expect(frontend.status).toBe(401);
      expect(cli.output()).not.toMatch(/INSECURE|\/v1\/me\/metadata"/);
      expect(cli.output()).toContain('frontend sign-in: none');
    } finally {
      // Assert: a clean stop
      expect(await stopCli(cli, 'SIGTERM')).toBe(0);
    }
  });

  it('STORE=pglite (the default): data survives a restart in DATA_DIR; SIGINT exits 0', async () => {
    // Arrange
    const env = { STORE: '', PORT: '0', SECRET_KEY: 'sk_test_cli_pglite', DATA_DIR: join(dataRoot, 'pglite') };
    const first = await startCli(env);
    const signingKeyId = async (url: string): Promise<unknown> =>
      ((await (await fetch(`${url}/v1/jwks`, { headers: { authorization: 'Bearer sk_test_cli_pglite' } })).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
    let userId: string;
    let firstKeyId: unknown;
    try {
      // Act
      ({ userId } = await runPrintedCurls(first));
      firstKeyId = await signingKeyId(first.url);
    } finally {
      expect(await stopCli(first, 'SIGTERM')).toBe(0);
    }
    const second = await startCli(env);

    try {
      // Assert
      expect(first.output()).toContain(`store: pglite (data in ${join(dataRoot, 'pglite')})`);
      const user = await getUser(second.url, 'sk_test_cli_pglite', userId);
      expect(user['public_metadata']).toEqual({ role: 'admin' });
      expect(user['first_name']).toBe('Ada');
      // The session tokens' signing key is kept too: tokens and a copied jwtKey keep verifying.
      expect(await signingKeyId(second.url)).toEqual(firstKeyId);
      expect(first.output()).toContain(`publishable key: pk_test_${Buffer.from(`${new URL(first.url).host}$`).toString('base64')} `);
    } finally {
      expect(await stopCli(second, 'SIGINT')).toBe(0);
    }
  });

  it('generates and prints a development secret key when SECRET_KEY is unset, and only that key works', async () => {
    // Arrange
    const cli = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: '' });

    try {
      // Act
      const key = /^secret key: (sk_test_\w+) \(generated/m.exec(cli.output())?.[1];
      const withKey = await fetch(`${cli.url}/v1/users`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
      const withoutKey = await fetch(`${cli.url}/v1/users`, { method: 'POST' });

      // Assert
      expect(key).toMatch(/^sk_test_\w{27}$/);
      expect(withKey.status).toBe(200);
      expect(withoutKey.status).toBe(401);
    } finally {
      expect(await stopCli(cli)).toBe(0);
    }
  });

  it('DEV_FRONTEND_USER_HEADER signs frontend requests in by that header, with a loud warning', async () => {
    // Arrange
    const secretKey = 'sk_test_cli_frontend';
    const cli = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: secretKey, DEV_FRONTEND_USER_HEADER: 'X-Test-User' });

    try {
      // Act: the printed curls include a frontend PATCH signed in by the header.
      const { userId, stdout } = await runPrintedCurls(cli);
      const signedIn = await frontendPatch(cli.url, { 'X-Test-User': userId }, { theme: 'dark' });
      const anonymous = await frontendPatch(cli.url, {}, { theme: 'light' });
      const otherHeader = await frontendPatch(cli.url, { 'X-Other-User': userId }, { theme: 'light' });
      const privateWrite = await fetch(`${cli.url}/v1/me/metadata`, {
        method: 'PATCH',
        headers: { 'X-Test-User': userId },
        body: new URLSearchParams({ unsafe_metadata: '{}', private_metadata: '{"role":"admin"}' }),
      });

      // Assert
      expect(cli.output()).toMatch(/^WARNING: DEV_FRONTEND_USER_HEADER=X-Test-User is INSECURE and for local testing only\.$/m);
      expect(cli.output()).toContain('frontend sign-in: the X-Test-User header (INSECURE, development only)');
      expect(stdout).toContain('"unsafe_metadata":{"onboarded":true}');
      expect(signedIn.status).toBe(200);
      // The Frontend API's envelope: { response: user, client }.
      const user = ((await signedIn.json()) as { response: Record<string, unknown> }).response;
      expect(user['id']).toBe(userId);
      expect(user['unsafe_metadata']).toEqual({ onboarded: true, theme: 'dark' });
      expect(Object.hasOwn(user, 'private_metadata')).toBe(false);
      expect([anonymous.status, otherHeader.status, privateWrite.status]).toEqual([401, 401, 422]);
      const stored = await getUser(cli.url, secretKey, userId);
      expect(stored['unsafe_metadata']).toEqual({ onboarded: true, theme: 'dark' });
      expect(stored['private_metadata']).toEqual({});
    } finally {
      expect(await stopCli(cli)).toBe(0);
    }
  });

  it.each([
    [{ STORE: 'redis' }, /^metadata-semantics-server: STORE=redis: must be memory, pglite or postgres$/m],
    [{ STORE: 'postgres', DATABASE_URL: '' }, /STORE=postgres: needs DATABASE_URL/],
    [{ STORE: 'memory', PORT: 'http' }, /PORT=http: must be a number/],
    [{ STORE: 'memory', DEV_FRONTEND_USER_HEADER: 'X Test: User' }, /DEV_FRONTEND_USER_HEADER=X Test: User: must be an HTTP header name/],
    [{ STORE: 'memory', CORS_ORIGINS: 'http://127.0.0.1:*, localhost:5173' }, /CORS_ORIGINS=http:\/\/127.0.0.1:\*, localhost:5173: "localhost:5173" is not an origin/],
  ])('refuses bad configuration %o with exit code 1', async (env, message) => {
    // Arrange / Act
    const outcome = await runCli(env);

    // Assert
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(message);
  });
});
