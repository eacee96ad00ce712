import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { launchChromium, requireChromium, chromiumMissing } from '@metadata-semantics/browser/harness/chromium';
import { guardRequests, type RequestGuard } from '@metadata-semantics/browser/harness/guardRequests';
import { startCliServer, type CliServer } from '@metadata-semantics/test-kit/cliServer';
import { readFileSync, readdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_TOLERANCE, screenshot, screenshotFolder, updatingScreenshots } from './support/screenshots.js';

// The console in headless Chromium (Debian's, through playwright-core) against the command-line server as
// `pnpm start` runs it, reached through 127.0.0.1 only: the sign-in, the editor's preview and save, a refusal
// before sending and one by the server, a change made meanwhile with @clerk/backend, and nothing shown or
// answered without the sign-in. The page's clock is fixed and paused, so a poll runs only when the test says.
// The steps take the screenshots of docs/console.md (`pnpm docs:console` writes them; otherwise each must be
// within PIXEL_TOLERANCE of the committed one).

const SECRET_KEY = 'sk_test_console_chromium';
const CONSOLE_HEADER = { 'x-metadata-semantics-console': '1' };
const FIXED_TIME = new Date('2026-01-05T09:30:00Z');
const POLL_MS = 2_000;
/** Text of the seed data: none of it may reach a browser without the sign-in. */
const SEEDED = ['Lovelace', 'Hopper', 'Turing', 'ada@example.com', 'Analytical Engines', 'dark', 'gold'];

const browserMissing = chromiumMissing();

/** The server's sign-in URLs, last printed last. */
const signInUrls = (server: CliServer): string[] => [...server.output().matchAll(/^console sign-in \([^)]*\): (http:\/\/\S+)$/gm)].map(([, url]) => url!);

interface Seeded {
  readonly ada: string;
  readonly grace: string;
  readonly organization: string;
}

async function seed(clerk: ClerkClient): Promise<Seeded> {
  const ada = await clerk.users.createUser({ firstName: 'Ada', lastName: 'Lovelace', emailAddress: ['ada@example.com'], publicMetadata: { plan: 'free', prefs: { theme: 'dark', lang: 'en' } } });
  const grace = await clerk.users.createUser({ firstName: 'Grace', lastName: 'Hopper', emailAddress: ['grace@example.com'], publicMetadata: { plan: 'team' } });
  await clerk.users.createUser({ firstName: 'Alan', lastName: 'Turing', emailAddress: ['alan@example.org'] });
  const organization = await clerk.organizations.createOrganization({ name: 'Analytical Engines', slug: 'analytical-engines', createdBy: ada.id, publicMetadata: { tier: 'gold' } });
  const memberships = await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id });
  if (memberships.data.length === 0) await clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: ada.id, role: 'org:admin' });
  await clerk.organizations.createOrganizationMembership({ organizationId: organization.id, userId: grace.id, role: 'org:member' });
  await clerk.organizations.updateOrganizationMembershipMetadata({ organizationId: organization.id, userId: ada.id, publicMetadata: { seat: 'A1' } });
  return { ada: ada.id, grace: grace.id, organization: organization.id };
}

/** A browser context that reaches only `origin`, with the page's clock fixed and paused. */
async function openContext(browser: Browser, origin: string): Promise<{ context: BrowserContext; page: Page; guard: RequestGuard }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC' });
  const guard = await guardRequests(context, [origin]);
  const page = await context.newPage();
  await page.clock.install({ time: FIXED_TIME });
  await page.clock.pauseAt(new Date(FIXED_TIME.getTime() + 1_000));
  return { context, page, guard };
}

describe.skipIf(browserMissing !== undefined && process.env['CI'] !== 'true')('the console in Chromium, against pnpm start', () => {
  let server: CliServer;
  let origin: string;
  let clerk: ClerkClient;
  let seeded: Seeded;
  let browser: Browser;
  let signedIn: { context: BrowserContext; page: Page; guard: RequestGuard };
  /** Every API request the signed-in console made: method, URL, body. */
  const called: { method: string; url: string; body: string | null }[] = [];
  const shots: string[] = [];

  /** Takes a screenshot for the docs; outside `pnpm docs:console` it must match the committed one. */
  async function shoot(page: Page, name: string): Promise<void> {
    shots.push(name);
    const { difference, missing } = await screenshot(browser, page, name);
    if (updatingScreenshots) return;
    expect(missing, `docs/console/${name}.png is missing: run pnpm docs:console`).toBeUndefined();
    expect(difference!.sameSize, `docs/console/${name}.png has another size than the page now: run pnpm docs:console`).toBe(true);
    expect(difference!.changedShare, `docs/console/${name}.png is stale: run pnpm docs:console`).toBeLessThanOrEqual(PIXEL_TOLERANCE);
  }

  const writes = () => called.filter(({ method }) => method !== 'GET');
  const shownField = async (page: Page, field: string): Promise<unknown> => JSON.parse((await page.locator(`[data-field="${field}"] pre`).textContent())!);

  beforeAll(async () => {
    requireChromium(() => {});
    server = await startCliServer({ STORE: 'memory', PORT: '0', LOG: 'off', SECRET_KEY });
    origin = server.url;
    expect(new URL(origin).hostname).toBe('127.0.0.1');
    clerk = createClerkClient({ secretKey: SECRET_KEY, apiUrl: origin });
    seeded = await seed(clerk);
    browser = await launchChromium();
    signedIn = await openContext(browser, origin);
    signedIn.context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/v1/')) called.push({ method: request.method(), url: request.url(), body: request.postData() });
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined) expect(await server.stop()).toBe(0);
  });

  it('without the sign-in, answers the page 401 and shows no data', async () => {
    const { context, page, guard } = await openContext(browser, origin);
    const response = await page.goto(`${origin}/console/`);
    expect(response!.status()).toBe(401);
    const text = await page.locator('body').innerText();
    expect(text).toContain('Sign in to the console');
    for (const seen of SEEDED) expect(text).not.toContain(seen);
    await shoot(page, 'sign-in-needed');
    guard.assertNoneRefused();
    await context.close();
  });

  it('signs in with the printed URL, finds a user by email, previews a patch with a nested null, saves it and shows the value', async () => {
    const { page } = signedIn;
    const [url] = signInUrls(server);
    expect(new URL(url!).host).toBe(new URL(origin).host);

    // Act: the one-time URL leads to the console, with the session cookie
    await page.goto(url!);
    expect(page.url()).toBe(`${origin}/console/`);
    await expect.poll(() => page.locator('.list .status').textContent()).toBe('1–3 of 3');
    await shoot(page, 'users');
    const cookies = await signedIn.context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: `metadata_semantics_console_${new URL(origin).port}`, httpOnly: true, sameSite: 'Strict', path: '/' })]);

    // Act: find Ada by email
    await page.locator('input[name="search"]').fill('ada@example.com');
    await page.locator('select[name="search_in"]').selectOption('email_address_query');
    await expect.poll(() => page.locator('.list tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Ada Lovelace')]);
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ada Lovelace');
    await expect.poll(() => shownField(page, 'public_metadata')).toEqual({ plan: 'free', prefs: { theme: 'dark', lang: 'en' } });

    // Act: a patch with a nested null
    await page.locator('textarea[name="text"]').fill('{"prefs": {"theme": null}, "plan": "pro"}');

    // Assert: the preview, nothing sent
    await expect.poll(() => page.locator('.changes li').allTextContents()).toEqual([
      'changed /public_metadata/plan "free" → "pro"',
      'deleted /public_metadata/prefs/theme (was "dark")',
    ]);
    const after = { plan: 'pro', prefs: { lang: 'en' } };
    expect(await page.locator('.size').textContent()).toContain(`public_metadata: ${JSON.stringify(after).length} of 8,192 bytes`);
    expect(writes()).toEqual([]);
    await shoot(page, 'user-preview');

    // Act: save
    await page.getByRole('button', { name: 'Save' }).click();

    // Assert: saved, shown, stored
    await expect.poll(() => page.locator('.editor .status').textContent()).toBe('Saved.');
    expect(await shownField(page, 'public_metadata')).toEqual(after);
    expect(writes()).toEqual([{ method: 'PATCH', url: `${origin}/v1/users/${seeded.ada}/metadata`, body: JSON.stringify({ public_metadata: { prefs: { theme: null }, plan: 'pro' } }) }]);
    expect((await clerk.users.getUser(seeded.ada)).publicMetadata).toEqual(after);
    signedIn.guard.assertNoneRefused();
  });

  it('refuses a patch over 8 KiB on screen, at its field, and sends nothing', async () => {
    const { page } = signedIn;
    const before = writes().length;

    await page.locator('textarea[name="text"]').fill(JSON.stringify({ notes: 'x'.repeat(8192) }));

    await expect.poll(() => page.locator('.preview .refusal').getAttribute('data-code')).toBe('too_large');
    expect(await page.locator('.preview .refusal').getAttribute('data-path')).toBe('/public_metadata');
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    // Submitted anyway (Enter in a form, a script): refused by core in the page, not sent
    await page.locator('form.editor').evaluate((form: HTMLFormElement) => form.requestSubmit());
    await expect.poll(() => page.locator('.editor .status').textContent()).toContain('Not sent: Refused at /public_metadata (too_large)');
    await shoot(page, 'user-too-large');
    expect(writes()).toHaveLength(before);
    expect(await shownField(page, 'public_metadata')).toEqual({ plan: 'pro', prefs: { lang: 'en' } });
  });

  it('shows a change made meanwhile with @clerk/backend at the next poll, without a reload', async () => {
    const { page } = signedIn;
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await clerk.users.updateUserMetadata(seeded.ada, { publicMetadata: { prefs: { lang: 'fr' } } });
    expect(await shownField(page, 'public_metadata')).toEqual({ plan: 'pro', prefs: { lang: 'en' } });
    await page.clock.runFor(POLL_MS);

    await expect.poll(() => shownField(page, 'public_metadata')).toEqual({ plan: 'pro', prefs: { lang: 'fr' } });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('rolls a save back with the server’s error when the user was deleted meanwhile', async () => {
    const { page } = signedIn;
    await page.goto(`${origin}/console/#/users/${seeded.grace}`);
    await expect.poll(() => shownField(page, 'public_metadata')).toEqual({ plan: 'team' });
    await page.locator('textarea[name="text"]').fill('{"plan": "enterprise"}');
    await expect.poll(() => page.locator('.changes li').allTextContents()).toEqual(['changed /public_metadata/plan "team" → "enterprise"']);

    // Act: deleted with the SDK; the paused clock runs no poll before the save
    await clerk.users.deleteUser(seeded.grace);
    await page.getByRole('button', { name: 'Save' }).click();

    // Assert: sent, refused, rolled back with the server's error
    await expect.poll(() => page.locator('.editor .status').textContent()).toContain('rolled back');
    expect(await page.locator('.editor .status').textContent()).toMatch(/\(404 resource_not_found\)/);
    expect(await shownField(page, 'public_metadata')).toEqual({ plan: 'team' });
    expect(writes().at(-1)).toEqual(expect.objectContaining({ method: 'PATCH', url: `${origin}/v1/users/${seeded.grace}/metadata` }));
    await shoot(page, 'user-rolled-back');
  });

  it('shows organizations and memberships with their metadata', async () => {
    const { page } = signedIn;
    await page.goto(`${origin}/console/#/organizations`);
    await expect.poll(() => page.locator('.list tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Analytical Engines')]);
    await shoot(page, 'organizations');
    await page.getByRole('link', { name: 'Analytical Engines' }).click();
    await expect.poll(() => shownField(page, 'public_metadata')).toEqual({ tier: 'gold' });
    await shoot(page, 'organization');
    await page.goto(`${origin}/console/#/memberships?organization_id=${seeded.organization}`);
    await expect.poll(() => page.locator('.list tbody tr').count()).toBe(1);
    await shoot(page, 'memberships');
    await page.locator('.list tbody tr a').first().click();
    await expect.poll(() => shownField(page, 'public_metadata')).toEqual({ seat: 'A1' });
    await shoot(page, 'membership');
    signedIn.guard.assertNoneRefused();
  });

  it('answers every API request the console made 401 without the sign-in, with no data', async () => {
    const { context } = await openContext(browser, origin);
    const distinct = [...new Map(called.map((call) => [`${call.method} ${call.url}`, call])).values()];
    expect(distinct.map(({ method }) => method)).toEqual(expect.arrayContaining(['GET', 'PATCH']));
    for (const { method, url, body } of distinct) {
      const response = await context.request.fetch(url, { method, headers: { ...CONSOLE_HEADER, 'content-type': 'application/json' }, ...(body === null ? {} : { data: body }) });
      const text = await response.text();
      expect([method, url, response.status()]).toEqual([method, url, 401]);
      for (const seen of SEEDED) expect(text).not.toContain(seen);
    }
    for (const path of ['/console/', '/console/console.js', '/console/console.css']) {
      expect([path, (await context.request.get(`${origin}${path}`)).status()]).toEqual([path, 401]);
    }
    await context.close();
  });

  it('docs/console.md shows every screenshot the test takes, and no other', () => {
    const markdown = readFileSync(new URL('../../../../docs/console.md', import.meta.url), 'utf8');
    const shown = [...markdown.matchAll(/!\[[^\]]*\]\(console\/([\w-]+)\.png\)/g)].map(([, name]) => name);
    expect(shown.sort()).toEqual([...shots].sort());
    expect(readdirSync(screenshotFolder).sort()).toEqual(shots.map((name) => `${name}.png`).sort());
  });
});

describe.skipIf(browserMissing !== undefined && process.env['CI'] !== 'true')('the console of a server on HOST=0.0.0.0, through 127.0.0.1', () => {
  it('opens with the printed URL and shows nothing to a browser without it', async () => {
    requireChromium(() => {});
    const server = await startCliServer({ STORE: 'memory', PORT: '0', HOST: '0.0.0.0', SECRET_KEY });
    const browser = await launchChromium();
    try {
      const origin = `http://127.0.0.1:${new URL(server.url).port}`;
      const clerk = createClerkClient({ secretKey: SECRET_KEY, apiUrl: origin });
      await clerk.users.createUser({ firstName: 'Ada', lastName: 'Lovelace', emailAddress: ['ada@example.com'] });

      const stranger = await openContext(browser, origin);
      expect((await stranger.page.goto(`${origin}/console/`))!.status()).toBe(401);
      expect(await stranger.page.locator('body').innerText()).not.toContain('Lovelace');
      const listed = await stranger.context.request.get(`${origin}/v1/users`, { headers: CONSOLE_HEADER });
      expect(listed.status()).toBe(401);
      expect(await listed.text()).not.toContain('Lovelace');

      const [url] = signInUrls(server);
      expect(new URL(url!).origin).toBe(origin);
      const owner = await openContext(browser, origin);
      await owner.page.goto(url!);
      await expect.poll(() => owner.page.locator('.list tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Ada Lovelace')]);
      stranger.guard.assertNoneRefused();
      owner.guard.assertNoneRefused();
    } finally {
      await browser.close();
      expect(await server.stop()).toBe(0);
    }
  });
});
