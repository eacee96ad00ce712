import type { BrowserContext } from 'playwright-core';

/** What {@link guardRequests} saw leave for a host it does not allow. */
export interface RequestGuard {
  /** Every aborted request, as `METHOD url`. */
  readonly refused: readonly string[];
  /** Throws, naming them, when any request was aborted. */
  assertNoneRefused(): void;
}

/**
 * Lets the context reach only the hosts (`127.0.0.1:PORT`) of `allowedOrigins`, the local servers:
 * any other request is aborted and remembered, so a test fails on it (a CDN fetch of `@clerk/ui`,
 * telemetry, a font) even when the page itself copes with the abort.
 */
export async function guardRequests(context: BrowserContext, allowedOrigins: readonly string[]): Promise<RequestGuard> {
  const allowedHosts = new Set(allowedOrigins.map((origin) => new URL(origin).host));
  const refused: string[] = [];
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (allowedHosts.has(new URL(request.url()).host)) return route.continue();
    refused.push(`${request.method()} ${request.url()}`);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (socket) => {
    if (allowedHosts.has(new URL(socket.url()).host)) return socket.connectToServer();
    refused.push(`WEBSOCKET ${socket.url()}`);
    return socket.close();
  });
  return {
    refused,
    assertNoneRefused() {
      if (refused.length > 0) throw new Error(`requests to hosts other than the local servers:\n${refused.join('\n')}`);
    },
  };
}
