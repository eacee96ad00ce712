// Which page origins may call the Frontend API from a browser. Pure: no request, no headers.

/** The origins allowed when none are configured: any port of 127.0.0.1 over http (and the server's own, always). */
export const DEFAULT_CORS_ORIGINS: readonly string[] = ['http://127.0.0.1:*'];

/**
 * Checks each configured origin: an exact origin (`http://127.0.0.1:5173`) or one with any port
 * (`http://127.0.0.1:*`). Throws a `TypeError` naming the first that is neither.
 */
export function checkCorsOrigins(patterns: readonly string[]): void {
  for (const pattern of patterns) {
    const exact = pattern.endsWith(':*') ? pattern.slice(0, -2) : pattern;
    let parsed: URL | undefined;
    try {
      parsed = new URL(exact);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== exact || (pattern.endsWith(':*') && parsed.port !== '')) {
      throw new TypeError(`${JSON.stringify(pattern)} is not an origin (scheme://host or scheme://host:port) nor one with any port (scheme://host:*)`);
    }
  }
}

/** Whether `origin` (a request's `Origin`) is one of `patterns`, or `ownOrigin` (the server's, same-origin pages). */
export function isAllowedOrigin(origin: string, patterns: readonly string[], ownOrigin: string): boolean {
  if (origin === ownOrigin) return true;
  return patterns.some((pattern) => {
    if (!pattern.endsWith(':*')) return origin === pattern;
    const base = pattern.slice(0, -2);
    return origin === base || (origin.startsWith(`${base}:`) && /^\d{1,5}$/.test(origin.slice(base.length + 1)));
  });
}
