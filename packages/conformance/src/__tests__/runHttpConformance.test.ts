import { beforeAll, describe, expect, test } from 'vitest';
import {
  loadConformanceCases,
  runHttpConformance,
  type ConformanceResult,
  type HttpConformanceReport,
} from '../index.js';
import { casesSkippedOverHttp, projectServer, secretKey, serverIgnoringNulls } from './support.js';

const cases = loadConformanceCases();
const baseUrl = 'http://server.test';
const frontend = { headers: (userId: string) => ({ 'X-Test-User': userId }) };
const { notLiftable, skippedIds } = casesSkippedOverHttp(cases);

describe('every case over HTTP against the project server (in process, no socket)', () => {
  let report: HttpConformanceReport;
  const byId = new Map<string, ConformanceResult>();

  beforeAll(async () => {
    report = await runHttpConformance({ baseUrl, secretKey, fetch: projectServer(), frontend });
    for (const result of report.results) byId.set(result.id, result);
  });

  test.each(cases.map((c) => c.id))('%s', (id) => {
    // Assert
    const result = byId.get(id);
    if (skippedIds.has(id)) expect(result).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/cannot run over HTTP/) });
    else expect(result).toEqual({ id, topic: id.split('/')[0], outcome: 'passed' });
  });

  test('counts what HTTP cannot carry as skipped, saying why', () => {
    // Arrange
    const reasons = (id: string) => byId.get(id)?.message;

    // Assert: replace cases over keys other than the user's fields (the four it always had among them); nonJson, limits and diff say so
    expect(notLiftable).toEqual(
      expect.arrayContaining(['keys/replace-proto-field', 'keys/replace-constructor-field-added', 'replace/scalar-values', 'replace/arbitrary-keys']),
    );
    expect(notLiftable.filter((id) => !/^(keys|replace|sharing|values)\//.test(id))).toEqual([]);
    expect(reasons('values/merge-nan-member')).toMatch(/values JSON cannot \(nonJson\)/);
    expect(reasons('errors/max-depth-one-refuses-nested')).toMatch(/limits/);
    expect(reasons('diff/removed-key')).toMatch(/createMergePatch is not an HTTP operation/);
    expect(report.skipped).toBe(skippedIds.size);
  });

  test('created one user, one organization and one membership', () => {
    // Assert
    expect(report.created).toEqual([
      expect.stringMatching(/^user user_/),
      expect.stringMatching(/^organization org_/),
      expect.stringMatching(/^membership org_\w+\/user_\w+$/),
    ]);
    expect(report.fatal).toBeUndefined();
  });
});

describe('runHttpConformance', () => {
  test('touches only the resources it created, and deletes its user', async () => {
    // Arrange: someone else's user and organization on the same server.
    const server = projectServer();
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await server(
        new Request(baseUrl + path, {
          method,
          headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const bystander = (await call('POST', '/v1/users', { public_metadata: { mine: true } })).json;
    const bystanderOrg = (await call('POST', '/v1/organizations', { name: 'theirs', private_metadata: { mine: true } })).json;
    const paths: string[] = [];
    const recording = (request: Request) => {
      paths.push(`${request.method} ${new URL(request.url).pathname}`);
      return server(request);
    };

    // Act
    const report = await runHttpConformance({ baseUrl, secretKey, fetch: recording, filter: ['update', 'replace-metadata'] });

    // Assert
    expect(report.failed).toBe(0);
    const ids = report.created.map((entry) => entry.split(' ')[1]!);
    const foreign = paths.filter((line) => {
      const segments = line.split(' ')[1]!.split('/').filter((s) => /^(user|org)_/.test(s));
      return segments.some((segment) => !ids.some((id) => id.split('/').includes(segment)));
    });
    expect(foreign).toEqual([]);
    expect(paths.filter((line) => line.startsWith('POST '))).toEqual([
      'POST /v1/users',
      'POST /v1/organizations',
      expect.stringMatching(/^POST \/v1\/organizations\/org_\w+\/memberships$/),
    ]);
    expect((await call('GET', `/v1/users/${String(bystander['id'])}`)).json['public_metadata']).toEqual({ mine: true });
    expect((await call('GET', `/v1/organizations/${String(bystanderOrg['id'])}`)).json['private_metadata']).toEqual({ mine: true });
    expect((await call('GET', `/v1/users/${ids[0]!}`)).status).toBe(404);
  });

  test('fails the deletion cases against a server that ignores nulls', async () => {
    // Act
    const report = await runHttpConformance({ baseUrl, secretKey, fetch: serverIgnoringNulls(projectServer()), filter: ['update', 'merge'] });

    // Assert
    const failed = report.results.filter((r) => r.outcome === 'failed').map((r) => r.id);
    expect(failed).toEqual(expect.arrayContaining(['update/null-deletes-top-level-key', 'update/null-clears-field', 'merge/rfc7396-a03']));
    expect(failed).not.toContain('update/clerk-birthday');
    expect(report.results.find((r) => r.id === 'update/null-deletes-top-level-key')?.message).toMatch(/stored fields differ/);
  });

  test('refuses a missing base URL or secret key before sending anything', async () => {
    // Arrange
    let requests = 0;
    const counting = (request: Request) => {
      requests++;
      return projectServer()(request);
    };

    // Act / Assert
    await expect(runHttpConformance({ baseUrl: 'localhost:3000', secretKey, fetch: counting })).rejects.toThrow(/baseUrl/);
    await expect(runHttpConformance({ baseUrl, secretKey: '', fetch: counting })).rejects.toThrow(/secretKey/);
    expect(requests).toBe(0);
  });

  test('skips the frontend cases without a way to sign in', async () => {
    // Act
    const report = await runHttpConformance({ baseUrl, secretKey, fetch: projectServer(), filter: 'frontend' });

    // Assert
    expect(report.skipped).toBe(report.results.length);
    expect(report.results[0]!.message).toMatch(/frontend/);
  });

  test('stops with one reason when it cannot create its user, and creates nothing', async () => {
    // Act
    const report = await runHttpConformance({ baseUrl, secretKey: 'sk_test_wrong', fetch: projectServer(), filter: 'update' });

    // Assert
    expect(report.fatal).toMatch(/could not create the test user: status 401/);
    expect(report.failed).toBe(report.results.length);
    // The case it stopped at did not run either.
    expect(report.results.every((r) => r.message?.startsWith('not run: '))).toBe(true);
    expect(report.created).toEqual([]);
  });

  test('an aborted run skips the remaining cases and still cleans up', async () => {
    // Arrange
    const controller = new AbortController();
    const server = projectServer();

    // Act
    const report = await runHttpConformance({
      baseUrl,
      secretKey,
      fetch: server,
      filter: 'update',
      signal: controller.signal,
      onResult: () => controller.abort(),
    });

    // Assert
    expect(report.passed).toBe(1);
    expect(report.skipped).toBe(report.results.length - 1);
    const userId = report.created[0]!.split(' ')[1]!;
    const lookup = await server(new Request(`${baseUrl}/v1/users/${userId}`, { headers: { Authorization: `Bearer ${secretKey}` } }));
    expect(lookup.status).toBe(404);
  });

  test('waits and retries when rate limited, then reports a 429 that does not stop', async () => {
    // Arrange: every third request is answered 429 once; a second server always answers 429 to metadata writes.
    const server = projectServer();
    let count = 0;
    const flaky = async (request: Request) => {
      count++;
      if (count % 3 === 0) return new Response('{"errors":[{"code":"too_many_requests"}]}', { status: 429, headers: { 'Retry-After': '0' } });
      return server(request);
    };
    const other = projectServer();
    const throttled = async (request: Request) =>
      request.method === 'PATCH' ? new Response('{}', { status: 429, headers: { 'Retry-After': '0' } }) : other(request);

    // Act
    const retried = await runHttpConformance({ baseUrl, secretKey, fetch: flaky, filter: 'update/clerk-birthday' });
    const limited = await runHttpConformance({ baseUrl, secretKey, fetch: throttled, filter: 'update/clerk-birthday' });

    // Assert
    expect(retried.results).toEqual([{ id: 'update/clerk-birthday', topic: 'update', outcome: 'passed' }]);
    expect(count).toBeGreaterThan(4);
    expect(limited.results[0]).toMatchObject({ outcome: 'failed', message: 'expected status 200, got 429' });
  });
});
