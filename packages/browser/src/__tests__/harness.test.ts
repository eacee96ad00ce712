import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, requireChromium } from '../harness/chromium.js';
import { guardRequests } from '../harness/guardRequests.js';
import { startPageServer } from '../harness/pageServer.js';

// The harness's own promises: a missing browser skips locally and fails CI, and a request to any
// host but the local servers is aborted and fails the test that made it.

describe('requireChromium', () => {
  const absent = '/nonexistent/chromium';

  it('skips with the reason when Chromium is absent and CI is not set', () => {
    const notes: string[] = [];
    requireChromium((note) => notes.push(note), absent, {});
    expect(notes).toEqual([expect.stringContaining(absent)]);
  });

  it('throws instead of skipping under CI=true', () => {
    const notes: string[] = [];
    expect(() => requireChromium((note) => notes.push(note), absent, { CI: 'true' })).toThrow(absent);
    expect(notes).toEqual([]);
  });
});

describe('guardRequests', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (chromiumMissing() === undefined) browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('aborts a request to another host, keeps local ones, and fails the test on it', async ({ skip }) => {
    requireChromium(skip);
    const foreign = 'http://cdn.example.invalid/npm/@clerk/ui@1/dist/ui.browser.js';
    const pages = await startPageServer({
      '/': `<!doctype html><link rel="icon" href="data:,"><script>window.outcome = Promise.all([fetch('/here').then((r) => r.status), fetch('${foreign}').then(() => 'fetched', () => 'aborted')])</script>`,
    });
    const context = await browser.newContext();
    const guard = await guardRequests(context, [pages.origin]);
    const page = await context.newPage();
    await page.goto(`${pages.origin}/`);
    const outcome = await page.evaluate(() => (window as unknown as { outcome: Promise<unknown> }).outcome);
    await context.close();
    await pages.close();
    expect(outcome).toEqual([404, 'aborted']);
    expect(guard.refused).toEqual([`GET ${foreign}`]);
    expect(() => guard.assertNoneRefused()).toThrow(foreign);
  });
});
