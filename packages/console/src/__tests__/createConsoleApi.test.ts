import { describe, expect, it } from 'vitest';
import { ConsoleApiError } from '../api/consoleApiError.js';
import { CONSOLE_REQUEST_HEADER, createConsoleApi } from '../api/createConsoleApi.js';

/** A fetch that records what it was asked and answers `answer`. */
function recordingFetch(answer: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  return { calls, fetch: async (url: string, init: RequestInit) => (calls.push({ url, init }), answer()) };
}

describe('createConsoleApi', () => {
  it('sends the browser’s same-origin credentials and the console’s header, no key, under the base URL', async () => {
    // Arrange
    const { calls, fetch } = recordingFetch(() => Response.json({ id: 'user_1' }));
    const api = createConsoleApi({ baseUrl: 'http://127.0.0.1:3000/api/clerk', fetch });

    // Act
    await api.get('v1/users', new URLSearchParams({ query: 'ada lovelace' }));
    await api.send('PATCH', 'v1/users/user%2F1/metadata', { public_metadata: { plan: null } });

    // Assert
    expect(calls.map(({ url, init }) => [init.method, url])).toEqual([
      ['GET', 'http://127.0.0.1:3000/api/clerk/v1/users?query=ada+lovelace'],
      ['PATCH', 'http://127.0.0.1:3000/api/clerk/v1/users/user%2F1/metadata'],
    ]);
    for (const { init } of calls) {
      expect(init.credentials).toBe('same-origin');
      const headers = new Headers(init.headers);
      expect(headers.get(CONSOLE_REQUEST_HEADER)).toBe('1');
      expect(headers.has('authorization')).toBe(false);
    }
    expect(calls[1]!.init.body).toBe('{"public_metadata":{"plan":null}}');
  });

  it('rejects with the status and Clerk’s errors on a refusal, and with the status alone on a body that is not Clerk’s', async () => {
    // Arrange
    const errors = [{ code: 'resource_not_found', message: 'not found', long_message: 'No user was found with id user_1.' }];
    const clerk = createConsoleApi({ baseUrl: 'http://localhost/', fetch: recordingFetch(() => Response.json({ errors }, { status: 404 })).fetch });
    const proxy = createConsoleApi({ baseUrl: 'http://localhost/', fetch: recordingFetch(() => new Response('Bad gateway', { status: 502 })).fetch });

    // Act
    const refused = await clerk.get('v1/users/user_1').catch((error: unknown) => error);
    const failed = await proxy.get('v1/users').catch((error: unknown) => error);

    // Assert
    expect(refused).toBeInstanceOf(ConsoleApiError);
    expect(refused).toMatchObject({ status: 404, errors });
    expect(failed).toMatchObject({ status: 502, errors: [] });
  });
});
