import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serveNodeHttp, type NodeHttpServer } from '@metadata-semantics/server/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConformanceCases, runConformanceCli, type ConformanceCliIo } from '../index.js';
import { casesSkippedOverHttp, projectServer, secretKey, serverIgnoringNulls } from './support.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const caseCount = loadConformanceCases().length;
// Replace-reducer cases over keys other than the user's fields cannot run over HTTP.
const notLiftable = casesSkippedOverHttp(loadConformanceCases()).skippedIds.size;

function capture(extra: Partial<ConformanceCliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: ConformanceCliIo = { out: (line) => out.push(line), err: (line) => err.push(line), env: {}, ...extra };
  return { io, out, err };
}

describe('metadata-conformance against the project server on 127.0.0.1', () => {
  let server: NodeHttpServer;
  let folder: string;

  beforeAll(async () => {
    server = await serveNodeHttp(projectServer(), { host: '127.0.0.1', port: 0 });
    folder = mkdtempSync(join(tmpdir(), 'conformance-cli-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('in process: every case passes, with a JSON report that holds no secret', async () => {
    // Arrange
    const { io, out, err } = capture();
    const jsonFile = join(folder, 'report.json');

    // Act
    const code = await runConformanceCli(
      ['--base-url', server.url, '--secret-key', secretKey, '--frontend-header', 'X-Test-User: {user_id}', '--json', jsonFile],
      io,
    );

    // Assert
    expect(out).toEqual([`${caseCount - notLiftable} passed, 0 failed, ${notLiftable} skipped`]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { passed: number; failed: number; results: unknown[] };
    expect(report).toMatchObject({ baseUrl: server.url, passed: caseCount - notLiftable, failed: 0 });
    expect(report.results).toHaveLength(caseCount);
    expect(readFileSync(jsonFile, 'utf8')).not.toContain(secretKey);
    const replaceOverOtherKeys = casesSkippedOverHttp(loadConformanceCases()).notLiftable.length;
    expect(err).toContain(`skipped ${replaceOverOtherKeys}: cannot run over HTTP: its keys are not user metadata fields holding objects or null`);
    expect(err.some((line) => /^skipped \d+: cannot run over HTTP: its inputs hold values JSON cannot/.test(line))).toBe(true);
  });

  test('spawned: the command runs every case and exits 0', async () => {
    // Act
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--conditions=@metadata-semantics/source',
        '--import',
        'tsx',
        'src/cli.ts',
        '--base-url',
        server.url,
        '--frontend-header',
        'X-Test-User: {user_id}',
      ],
      { cwd: packageRoot, env: { ...process.env, CLERK_SECRET_KEY: secretKey }, timeout: 90_000 },
    );

    // Assert (execFile rejects on a non-zero exit)
    expect(stdout.trim().split('\n')).toEqual([`${caseCount - notLiftable} passed, 0 failed, ${notLiftable} skipped`]);
  });

  test('prints one line per failing case and exits 1 against a broken server', async () => {
    // Arrange
    const { io, out } = capture({ fetch: serverIgnoringNulls(projectServer()), env: { CLERK_SECRET_KEY: secretKey } });

    // Act
    const code = await runConformanceCli(['--base-url', 'http://broken.test', '--filter', 'update'], io);

    // Assert
    expect(code).toBe(1);
    const last = out.at(-1)!;
    const [, passed, failed] = /^(\d+) passed, (\d+) failed(?:, \d+ skipped)?$/.exec(last)!;
    expect(out.slice(0, -1)).toHaveLength(Number(failed));
    expect(Number(failed)).toBeGreaterThan(0);
    expect(Number(passed)).toBeGreaterThan(0);
    expect(out).toContainEqual(expect.stringMatching(/^FAIL update\/null-deletes-top-level-key: stored fields differ/));
  });
});

describe('metadata-conformance usage', () => {
  test.each([
    ['no base URL', ['--secret-key', 'k'], /--base-url/],
    ['no secret key', ['--base-url', 'http://x.test'], /--secret-key/],
    ['a base URL ending in /v1', ['--base-url', 'https://api.example.test/v1', '--secret-key', 'k'], /origin before \/v1/],
    ['an unknown option', ['--base-url', 'http://x.test', '--secret-key', 'k', '--nope'], /nope/],
    ['an unknown filter', ['--base-url', 'http://x.test', '--secret-key', 'k', '--filter', 'nothing'], /nothing/],
    ['a malformed frontend header', ['--base-url', 'http://x.test', '--secret-key', 'k', '--frontend-header', 'nocolon'], /Name: value/],
  ])('refuses %s with exit code 2', async (_name, args, message) => {
    // Arrange
    const { io, out, err } = capture();

    // Act
    const code = await runConformanceCli(args, io);

    // Assert
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
  });

  test('--list prints the selected case ids without calling anything', async () => {
    // Arrange
    const { io, out } = capture({ fetch: () => Promise.reject(new Error('no network in --list')) });

    // Act
    const code = await runConformanceCli(['--list', '--filter', 'http'], io);

    // Assert
    expect(code).toBe(0);
    expect(out.map((line) => line.split(' ')[0])).toEqual(loadConformanceCases({ filter: 'http' }).map((c) => c.id));
  });

  test('--help prints the usage', async () => {
    // Arrange
    const { io, out } = capture();

    // Act
    const code = await runConformanceCli(['--help'], io);

    // Assert
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Usage: metadata-conformance --base-url/);
  });

  // docs/conformance.md: "If it cannot create the user (server down, wrong key) it stops at once and says why, once."
  test('an unreachable server: the reason once, no case counted, exit 1', async () => {
    // Arrange
    const { io, out, err } = capture({ fetch: () => Promise.reject(new TypeError('fetch failed')) });

    // Act
    const code = await runConformanceCli(['--base-url', 'http://down.test', '--secret-key', 'k', '--filter', 'update'], io);

    // Assert
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual(['metadata-conformance: stopped before any case ran: could not create the test user: fetch failed']);
  });

  test('a wrong key, every case selected: the 401 once, blamed on no case, no case counted, exit 1', async () => {
    // Arrange
    const { io, out, err } = capture({ fetch: projectServer() });

    // Act
    const code = await runConformanceCli(['--base-url', 'http://wrong-key.test', '--secret-key', 'sk_test_wrong'], io);

    // Assert
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([expect.stringMatching(/^metadata-conformance: stopped before any case ran: could not create the test user: status 401 /)]);
  });

  test('a stop after some cases ran counts those alone and says why once', async () => {
    // Arrange: a server whose organizations cannot be created (as on an instance without them)
    const server = projectServer();
    const noOrganizations = (request: Request) =>
      request.method === 'POST' && new URL(request.url).pathname === '/v1/organizations'
        ? Promise.resolve(Response.json({ errors: [{ code: 'organizations_disabled', message: 'm', long_message: 'off' }] }, { status: 403 }))
        : server(request);
    const { io, out, err } = capture({ fetch: noOrganizations });

    // Act
    const code = await runConformanceCli(['--base-url', 'http://no-orgs.test', '--secret-key', secretKey, '--filter', 'update'], io);

    // Assert
    expect(code).toBe(1);
    const [, passed] = /^(\d+) passed, 0 failed$/.exec(out.join('\n')) ?? [];
    expect(Number(passed)).toBeGreaterThan(0);
    const notRunCount = loadConformanceCases({ filter: 'update' }).length - Number(passed);
    expect(err).toEqual([`metadata-conformance: stopped, ${notRunCount} cases not run: could not create the test organization: status 403 organizations_disabled: off`]);
  });

  test('--version prints the package version', async () => {
    // Arrange
    const { io, out } = capture();
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

    // Act
    const code = await runConformanceCli(['--version'], io);

    // Assert
    expect(code).toBe(0);
    expect(out).toEqual([version]);
  });

  test('--skip-choices leaves out the library\'s choices, --ignore-error-codes accepts other codes', async () => {
    // Arrange: a server that answers every 422 with a code of its own, as Clerk would.
    const server = projectServer();
    const ownCodes = async (request: Request) => {
      const response = await server(request);
      if (response.status !== 422) return response;
      return new Response(JSON.stringify({ errors: [{ code: 'form_param_unknown', message: 'm', long_message: 'l' }] }), {
        status: 422,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const args = ['--base-url', 'http://own-codes.test', '--secret-key', secretKey, '--filter', 'validation'];
    const strict = capture({ fetch: ownCodes });
    const lenient = capture({ fetch: ownCodes });
    const listed = capture();

    // Act
    const strictCode = await runConformanceCli(args, strict.io);
    const lenientCode = await runConformanceCli([...args, '--ignore-error-codes'], lenient.io);
    await runConformanceCli(['--list', '--skip-choices'], listed.io);

    // Assert
    const validationCount = loadConformanceCases({ filter: 'validation' }).length;
    expect(strictCode).toBe(1);
    expect(strict.out.at(-1)).toBe(`0 passed, ${validationCount} failed`);
    expect(lenientCode).toBe(0);
    expect(lenient.out).toEqual([`${validationCount} passed, 0 failed`]);
    const choiceIds = loadConformanceCases().filter((c) => c.source === 'choice').map((c) => c.id);
    expect(choiceIds.length).toBeGreaterThan(0);
    expect(listed.out).toHaveLength(caseCount - choiceIds.length);
    expect(listed.out.some((line) => choiceIds.includes(line.split(' ')[0]!))).toBe(false);
  });
});
