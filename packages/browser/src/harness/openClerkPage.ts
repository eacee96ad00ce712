import type { Browser, Page } from 'playwright-core';
import { clerkPage } from './clerkPage.js';
import { guardRequests, type RequestGuard } from './guardRequests.js';
import { startPageServer } from './pageServer.js';
import { publishableKey } from './publishableKey.js';

/** A page with clerk-js pointed at a Frontend API, in its own browser context. */
export interface ClerkPage {
  readonly page: Page;
  /** Where the page itself is served from, the `Origin` of clerk-js's requests. */
  readonly origin: string;
  readonly guard: RequestGuard;
  /** Closes the context and the page server, then fails on any request that left for another host. */
  close(): Promise<void>;
}

/**
 * Opens a clerk-js page in a new context of `browser`, with the publishable key naming the
 * Frontend API's host and `proxyUrl` set to `fapiUrl`, and only the two local servers reachable.
 * The page is loaded; `Clerk.load()` is left to the test.
 */
export async function openClerkPage(browser: Browser, fapiUrl: string): Promise<ClerkPage> {
  const pages = await startPageServer({ '/': clerkPage({ publishableKey: publishableKey(new URL(fapiUrl).host), proxyUrl: fapiUrl }) });
  const context = await browser.newContext();
  const guard = await guardRequests(context, [pages.origin, fapiUrl]);
  const page = await context.newPage();
  await page.goto(`${pages.origin}/`);
  return {
    page,
    origin: pages.origin,
    guard,
    async close() {
      await context.close();
      await pages.close();
      guard.assertNoneRefused();
    },
  };
}
