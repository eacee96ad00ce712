/** What {@link clerkPage} points clerk-js at. */
export interface ClerkPageOptions {
  readonly publishableKey: string;
  /** Where clerk-js sends every Frontend API request (`proxyUrl` + `/v1/...`). */
  readonly proxyUrl: string;
}

/** A `fetch` of the page that did not end in a 2xx answer, as {@link clerkPage} records it. */
export interface FailedFetch {
  readonly url: string;
  /** The HTTP status, or the error's text when the fetch itself failed (a CORS refusal, a closed port). */
  readonly outcome: number | string;
}

/**
 * An HTML page that loads the installed clerk-js browser build from the page server. The build
 * makes `window.Clerk` from the script's `data-clerk-*` attributes; the test calls
 * `Clerk.load({ telemetry: false })` itself, with no `ui` option, so nothing fetches `@clerk/ui`.
 * Every `fetch` that fails or answers other than 2xx lands in `window.failedFetches`: clerk-js
 * swallows network errors while loading (it reports itself loaded without a server), so a test
 * reads them there.
 */
export function clerkPage({ publishableKey, proxyUrl }: ClerkPageOptions): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>clerk-js</title><link rel="icon" href="data:,">
<script>${recordFailedFetches}</script>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${escapeAttribute(publishableKey)}" data-clerk-proxy-url="${escapeAttribute(proxyUrl)}"></script>
</head><body></body></html>`;
}

const recordFailedFetches = `
window.failedFetches = [];
const pageFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  return pageFetch(input, init).then(
    (response) => { if (!response.ok) window.failedFetches.push({ url, outcome: response.status }); return response; },
    (error) => { window.failedFetches.push({ url, outcome: String(error) }); throw error; },
  );
};`;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
