import type { ObservedRequest } from './fakeFapi.js';

/** One Frontend API request of a step, with ids, tokens and ports replaced by placeholders. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly form: Readonly<Record<string, string>> | null;
  readonly origin: string | null;
  /** The names of the cookies sent, sorted. */
  readonly cookies: readonly string[];
  readonly contentType: string | null;
  readonly status: number | null;
  readonly setCookie: readonly string[];
}

/** What clerk-js sent for one step of the flow. */
export interface LoggedStep {
  readonly step: string;
  readonly requests: readonly LoggedRequest[];
}

/** Every value that differs between runs, and what stands for it in the log. */
export interface Placeholders {
  readonly [value: string]: string;
}

/**
 * The requests of a step in a stable form: values named in `placeholders` (ids, tickets, the
 * page's origin) and JWTs replaced, cookies by name (their per-key suffix as `{suffix}`), in
 * arrival order, or ordered by path when clerk-js sends them in `parallel`.
 */
export function logStep(step: string, requests: readonly ObservedRequest[], placeholders: Placeholders, parallel = false): LoggedStep {
  const mask = (text: string): string => {
    let masked = text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '{jwt}');
    for (const [value, name] of Object.entries(placeholders)) masked = masked.split(value).join(name);
    return masked;
  };
  const maskAll = (record: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, mask(value)]));
  const logged = requests.map(
    (request): LoggedRequest => ({
      method: request.method,
      path: mask(request.path),
      query: maskAll(request.query),
      form: request.form === null ? null : maskAll(request.form),
      origin: request.headers.origin === null ? null : mask(request.headers.origin),
      cookies: cookieNames(request.headers.cookie),
      contentType: request.headers.contentType,
      status: request.status ?? null,
      setCookie: (request.setCookie ?? []).map(mask),
    }),
  );
  const key = (request: LoggedRequest): string => `${request.path} ${request.query['_method'] ?? request.method}`;
  return { step, requests: parallel ? logged.sort((a, b) => key(a).localeCompare(key(b))) : logged };
}

// clerk-js names its page cookies twice, once with a suffix derived from the publishable key.
function cookieNames(header: string | null): string[] {
  if (header === null) return [];
  const names = header.split(/;\s*/).map((pair) => pair.split('=')[0]!.replace(/^(__client_uat|__session|__clerk_db_jwt)_[\w-]+$/, '$1_{suffix}'));
  return [...new Set(names)].sort();
}

/**
 * The part of a step that a server must match: method, path, the names of the query and form
 * fields (with `_method`'s value) and the content type. Values such as the locale depend on the
 * machine and stay out.
 */
export function protocolOf(step: LoggedStep): string[] {
  return step.requests.map((request) => {
    const query = Object.keys(request.query).sort().map((key) => (key === '_method' ? `_method=${request.query[key]}` : key));
    const form = request.form === null ? '-' : Object.keys(request.form).sort().join('&');
    return `${step.step}: ${request.method} ${request.path} ?${query.join('&')} body:${form} ${request.contentType ?? '-'}`;
  });
}
