import type { ConsoleLimits } from './ui/consoleContext.js';

/** Where the API is and the server's limits, as the page's `<meta>` tags say (nothing secret is there). */
export interface ConsoleSettings {
  readonly apiBase: URL;
  readonly limits: Partial<ConsoleLimits>;
}

/**
 * Reads `<meta name="metadata-semantics-api">` (the API's root relative to the page; default `../`, the
 * console's folder's parent: `/console/` talks to `/v1/…`) and, when the server's limits are not the
 * defaults, `metadata-semantics-max-field-bytes` and `metadata-semantics-max-depth`.
 */
export function readConsoleSettings(document: Document): ConsoleSettings {
  const meta = (name: string): string | undefined => document.querySelector<HTMLMetaElement>(`meta[name="metadata-semantics-${name}"]`)?.content;
  const limits: { -readonly [Key in keyof ConsoleLimits]?: number } = {};
  const maxFieldBytes = Number(meta('max-field-bytes'));
  const maxDepth = Number(meta('max-depth'));
  if (maxFieldBytes >= 1) limits.maxFieldBytes = maxFieldBytes;
  if (maxDepth >= 1) limits.maxDepth = maxDepth;
  return { apiBase: new URL(meta('api') ?? '../', document.baseURI), limits };
}
