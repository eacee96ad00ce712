import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clerk } from '@clerk/clerk-js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, stopCli, type RunningCli } from '../../../server/src/__tests__/support/cli.js';
import { chromiumMissing, launchChromium, requireChromium } from '../harness/chromium.js';
import type { FailedFetch } from '../harness/clerkPage.js';
import { openClerkPage } from '../harness/openClerkPage.js';

// Issue 22's acceptance: Clerk's own frontend, clerk-js 6.40 in headless Chromium, against
// `pnpm start`'s CLI with its embedded store, pointed at it by the publishable key and `proxyUrl`.

type ClerkWindow = { Clerk: Clerk };

describe('clerk-js against the CLI server', () => {
  let dataDir: string;
  let cli: RunningCli;
  let browser: Browser;

  beforeAll(async () => {
    if (chromiumMissing() !== undefined) return;
    dataDir = mkdtempSync(join(tmpdir(), 'browser-e2e-'));
    cli = await startCli({ STORE: 'pglite', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', SECRET_KEY: 'sk_test_browser_e2e', LOG: 'off' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (cli !== undefined) await stopCli(cli);
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  // `Clerk.loaded` alone proves nothing: clerk-js 6.40 reports itself loaded, status 'ready', when
  // the environment and the client could not be fetched at all (a CORS refusal is a network
  // error, which it swallows). So the page's failed fetches are part of the outcome.
  it('loads: Clerk.load() resolves, Clerk.loaded is true, and every request it made was answered', async ({ skip }) => {
    requireChromium(skip);
    const clerk = await openClerkPage(browser, cli.url);
    const outcome = await clerk.page.evaluate(async () => {
      const { Clerk } = window as unknown as ClerkWindow;
      const error = await Clerk.load({ telemetry: false }).then(
        () => null,
        (reason: unknown) => String(reason),
      );
      const { failedFetches } = window as unknown as { failedFetches: FailedFetch[] };
      return { loaded: Clerk.loaded, status: Clerk.status, error, failedFetches };
    });
    await clerk.close();
    expect(outcome).toEqual({ loaded: true, status: 'ready', error: null, failedFetches: [] });
  });
});
