import { ConsoleApiError, clerkErrorsOf } from './consoleApiError.js';

/** What the console calls on the Backend API: GETs, and the two metadata writes. */
export interface ConsoleApi {
  /** `GET <base>/<path>?<query>`: the parsed JSON answer, or a {@link ConsoleApiError}. */
  get<Answer>(path: string, query?: URLSearchParams): Promise<Answer>;
  /** A JSON body sent with `method`: the parsed JSON answer, or a {@link ConsoleApiError}. */
  send<Answer>(method: 'PATCH' | 'PUT', path: string, body: unknown): Promise<Answer>;
}

/** The `fetch` the client calls: the browser's, or a test's shim. */
export type ConsoleFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ConsoleApiOptions {
  /** The API's root, under which `v1/…` lives (the console's own folder's parent, by default). */
  readonly baseUrl: string | URL;
  /** Default: the global `fetch`. */
  readonly fetch?: ConsoleFetch;
}

/**
 * Sent with every request. A page of another origin cannot send it without a CORS preflight the server
 * never grants, so a server that authenticates the console by cookie can require it against cross-site
 * requests (CSRF).
 */
export const CONSOLE_REQUEST_HEADER = 'x-metadata-semantics-console';

/**
 * A client of the Backend API for the console. It sends no key: the browser sends the console's cookie
 * (`credentials: 'same-origin'`), which the server sets after its one-time sign-in URL.
 */
export function createConsoleApi(options: ConsoleApiOptions): ConsoleApi {
  const base = new URL(options.baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const fetchJson = options.fetch ?? ((url, init) => fetch(url, init));

  const request = async <Answer>(method: string, path: string, query: URLSearchParams | undefined, body: unknown): Promise<Answer> => {
    const url = new URL(path, base);
    if (query !== undefined) url.search = query.toString();
    const headers: Record<string, string> = { accept: 'application/json', [CONSOLE_REQUEST_HEADER]: '1' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetchJson(url.href, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new ConsoleApiError(response.status, clerkErrorsOf(parsed));
    return parsed as Answer;
  };

  return {
    get: (path, query) => request('GET', path, query, undefined),
    send: (method, path, body) => request(method, path, undefined, body),
  };
}

/** A path segment: an id, encoded so that no id can reach another route. */
export const segment = (id: string): string => encodeURIComponent(id);
