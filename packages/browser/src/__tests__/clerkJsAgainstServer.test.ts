import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClerkClient, type ClerkClient } from '@clerk/backend';
import type { Clerk } from '@clerk/clerk-js';
import { clerk as clerkTesting, clerkSetup } from '@clerk/testing/playwright';
import { startCli, stopCli, type RunningCli } from '@metadata-semantics/test-kit/serverCli';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chromiumMissing, launchChromium, requireChromium } from '../harness/chromium.js';
import type { FailedFetch } from '../harness/clerkPage.js';
import { guardRequests } from '../harness/guardRequests.js';
import { openClerkPage, type ClerkPage } from '../harness/openClerkPage.js';
import { startPageServer } from '../harness/pageServer.js';
import { publishableKey } from '../harness/publishableKey.js';

// Issue 22's acceptance: Clerk's own frontend, clerk-js 6.40 in headless Chromium, against
// `pnpm start`'s CLI with its embedded store, pointed at it by the publishable key and
// `proxyUrl: <server>/__clerk`; Clerk's backend SDK makes the tickets and verifies the tokens.

type ClerkWindow = { Clerk: Clerk; failedFetches: FailedFetch[] };

const secretKey = 'sk_test_browser_e2e';
/** @clerk/backend's default clock skew: a token is refused once `exp` is this far behind. */
const CLOCK_SKEW_MS = 5_000;
/** The server's default session-token lifetime. */
const TOKEN_LIFETIME_MS = 60_000;

describe('clerk-js against the CLI server', () => {
  let dataDir: string;
  let cli: RunningCli;
  let browser: Browser;
  let fapiUrl: string;
  let backend: ClerkClient;
  let pk: string;
  const users = { ada: '', bob: '' };
  const opened: ClerkPage[] = [];

  beforeAll(async () => {
    // Every Clerk client of this process, @clerk/testing's own included, sends no telemetry.
    vi.stubEnv('CLERK_TELEMETRY_DISABLED', '1');
    if (chromiumMissing() !== undefined) return;
    dataDir = mkdtempSync(join(tmpdir(), 'browser-e2e-'));
    cli = await startCli({ STORE: 'pglite', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', SECRET_KEY: secretKey, LOG: 'off' });
    fapiUrl = `${cli.url}/__clerk`;
    pk = publishableKey(new URL(cli.url).host);
    backend = createClerkClient({ secretKey, publishableKey: pk, apiUrl: cli.url, telemetry: { disabled: true } });
    users.ada = (await backend.users.createUser({ firstName: 'Ada', unsafeMetadata: { theme: { accent: 'blue', mode: 'light' } } })).id;
    users.bob = (await backend.users.createUser({ firstName: 'Bob' })).id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    for (const page of opened) await page.close();
    await browser?.close();
    if (cli !== undefined) await stopCli(cli);
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(): Promise<ClerkPage> {
    const page = await openClerkPage(browser, fapiUrl);
    opened.push(page);
    return page;
  }

  /** `Clerk.load()` in the page, and what it left: loaded, status, the user, failed fetches. */
  async function load(clerk: ClerkPage) {
    return clerk.page.evaluate(async () => {
      const { Clerk, failedFetches } = window as unknown as ClerkWindow;
      const error = await Clerk.load({ telemetry: false }).then(
        () => null,
        (reason: unknown) => String(reason),
      );
      return { loaded: Clerk.loaded, status: Clerk.status, error, user: Clerk.user?.id ?? null, failedFetches: [...failedFetches] };
    });
  }

  /** Signs the page in with a ticket from the Backend API, as Clerk's testing tools do. */
  async function signIn(clerk: ClerkPage, userId: string): Promise<string> {
    const { token } = await backend.signInTokens.createSignInToken({ userId, expiresInSeconds: 300 });
    return clerk.page.evaluate(async (ticket) => {
      const { Clerk } = window as unknown as ClerkWindow;
      const attempt = await Clerk.client!.signIn.create({ strategy: 'ticket', ticket });
      await Clerk.setActive({ session: attempt.createdSessionId });
      return Clerk.user!.id;
    }, token!);
  }

  const unsafeMetadata = (clerk: ClerkPage) => clerk.page.evaluate(() => (window as unknown as ClerkWindow).Clerk.user?.unsafeMetadata ?? null);

  let ada: ClerkPage;

  // `Clerk.loaded` alone proves nothing: clerk-js 6.40 reports itself loaded, status 'ready', when
  // the environment and the client could not be fetched at all (a CORS refusal is a network
  // error, which it swallows). So the page's failed fetches are part of the outcome.
  it('loads: Clerk.load() resolves, Clerk.loaded is true, and every request it made was answered', async ({ skip }) => {
    requireChromium(skip);
    ada = await open();
    expect(await load(ada)).toEqual({ loaded: true, status: 'ready', error: null, user: null, failedFetches: [] });
  });

  it('signs in with a ticket, merges unsafe metadata (a nested null deletes), and a reload sees the merge', async ({ skip }) => {
    requireChromium(skip);
    expect(await signIn(ada, users.ada)).toBe(users.ada);

    const merged = await ada.page.evaluate(async () => {
      const { Clerk } = window as unknown as ClerkWindow;
      await Clerk.user!.updateMetadata({ unsafeMetadata: { theme: { mode: 'dark' }, beta: true } });
      const answered = await Clerk.user!.updateMetadata({ unsafeMetadata: { theme: { accent: null } } });
      return { answered: answered.unsafeMetadata, shown: Clerk.user!.unsafeMetadata };
    });
    const expected = { theme: { mode: 'dark' }, beta: true };
    expect(merged).toEqual({ answered: expected, shown: expected });

    await ada.page.reload();
    expect(await load(ada)).toMatchObject({ loaded: true, status: 'ready', user: users.ada, failedFetches: [] });
    expect(await unsafeMetadata(ada)).toEqual(expected);
    expect((await backend.users.getUser(users.ada)).unsafeMetadata).toEqual(expected);
  });

  it("a second browser signed in as another user neither sees nor changes the first user's metadata", async ({ skip }) => {
    requireChromium(skip);
    const bob = await open();
    await load(bob);
    expect(await signIn(bob, users.bob)).toBe(users.bob);
    expect(await unsafeMetadata(bob)).toEqual({});
    const adaSession = await ada.page.evaluate(() => (window as unknown as ClerkWindow).Clerk.session!.id);

    // Bob's page names Ada's session: its client has no such session.
    const attempts = await bob.page.evaluate(
      async ({ base, session }) => {
        const form = { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/x-www-form-urlencoded' } } as const;
        const read = await fetch(`${base}/v1/me?_clerk_session_id=${session}`, { credentials: 'include' });
        const write = await fetch(`${base}/v1/me/metadata?_method=PATCH&_clerk_session_id=${session}`, { ...form, body: 'unsafe_metadata=%7B%22beta%22%3Afalse%7D' });
        const token = await fetch(`${base}/v1/client/sessions/${session}/tokens`, { ...form, body: '' });
        return [read.status, write.status, token.status];
      },
      { base: fapiUrl, session: adaSession },
    );
    expect(attempts).toEqual([401, 401, 404]);
    // Bob's own write lands on Bob.
    await bob.page.evaluate(() => (window as unknown as ClerkWindow).Clerk.user!.updateMetadata({ unsafeMetadata: { beta: false } }));
    expect((await backend.users.getUser(users.bob)).unsafeMetadata).toEqual({ beta: false });
    expect((await backend.users.getUser(users.ada)).unsafeMetadata).toEqual({ theme: { mode: 'dark' }, beta: true });
  });

  describe("the backend SDK's authenticateRequest on the page's session token", () => {
    let token: string;
    let jwtKey: string;
    const request = (headers: Record<string, string>) => new Request(`${ada.origin}/api/me`, { headers });
    const bearer = (value: string) => request({ authorization: `Bearer ${value}`, origin: ada.origin });

    beforeAll(async () => {
      if (chromiumMissing() !== undefined) return;
      token = await ada.page.evaluate(async () => (await (window as unknown as ClerkWindow).Clerk.session!.getToken({ skipCache: true }))!);
      const { keys } = await (await fetch(`${cli.url}/v1/jwks`, { headers: { authorization: `Bearer ${secretKey}` } })).json();
      jwtKey = createPublicKey({ key: keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    });

    it('signs in as the page\'s user with jwtKey (networkless) and with the JWKS from the server', async ({ skip }) => {
      requireChromium(skip);
      const withKey = await backend.authenticateRequest(bearer(token), { jwtKey, authorizedParties: [ada.origin] });
      const withJwks = await backend.authenticateRequest(bearer(token), { authorizedParties: [ada.origin] });
      for (const state of [withKey, withJwks]) {
        expect(state.isAuthenticated, state.reason ?? '').toBe(true);
        expect(state.toAuth()).toMatchObject({ userId: users.ada });
      }
    });

    it('is signed out for a tampered token, one from another origin, and one past its lifetime plus the clock skew', async ({ skip }) => {
      requireChromium(skip);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: users.bob })).toString('base64url'), signature].join('.');
      const states = [
        await backend.authenticateRequest(bearer(forged), { jwtKey }),
        await backend.authenticateRequest(bearer(forged), {}),
        await backend.authenticateRequest(bearer(token), { jwtKey, authorizedParties: ['http://127.0.0.1:1'] }),
      ];
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(claims.exp * 1000 + CLOCK_SKEW_MS + 1_000);
        states.push(await backend.authenticateRequest(bearer(token), { jwtKey }));
      } finally {
        vi.useRealTimers();
      }
      expect(states.map((state) => [state.isAuthenticated, state.reason])).toEqual([
        [false, 'token-invalid-signature'],
        [false, 'token-invalid-signature'],
        [false, 'token-invalid-authorized-parties'],
        // The SDK names an expired Bearer token by what it could not do about it: refresh it without a cookie.
        [false, expect.stringMatching(/^(token|session-token)-expired/)],
      ]);
      expect(claims.exp - claims.iat).toBe(TOKEN_LIFETIME_MS / 1000);
    });

    it('with the session cookie instead of a Bearer header, answers dev-browser-missing, as docs/server.md says', async ({ skip }) => {
      requireChromium(skip);
      const cookie = `__session=${token}; __client_uat=${Math.floor(Date.now() / 1000) - 60}`;
      const state = await backend.authenticateRequest(request({ cookie, origin: ada.origin }), { jwtKey, proxyUrl: fapiUrl });
      expect([state.isAuthenticated, state.reason]).toEqual([false, 'dev-browser-missing']);
    });
  });

  it('signs out: the page has no user, its session gets no token, and a reload stays signed out', async ({ skip }) => {
    requireChromium(skip);
    const session = await ada.page.evaluate(async () => {
      const { Clerk } = window as unknown as ClerkWindow;
      const id = Clerk.session!.id;
      await Clerk.signOut(() => undefined);
      return { id, user: Clerk.user ?? null };
    });
    expect(session.user).toBeNull();
    const tokenStatus = await ada.page.evaluate(
      async ({ base, id }) => (await fetch(`${base}/v1/client/sessions/${id}/tokens`, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status,
      { base: fapiUrl, id: session.id },
    );
    expect(tokenStatus).toBe(404);
    await ada.page.reload();
    expect(await load(ada)).toMatchObject({ loaded: true, user: null });
  });

  it("signs in with @clerk/testing's clerkSetup() and clerk.signIn() by ticket", async ({ skip }) => {
    requireChromium(skip);
    await clerkSetup({ publishableKey: pk, secretKey, apiUrl: cli.url, dotenv: false } as Parameters<typeof clerkSetup>[0]);
    expect(process.env['CLERK_TESTING_TOKEN']).toMatch(/^\d+-/);
    const page = await open();
    await load(page);
    const { token } = await createClerkClient({ secretKey, apiUrl: cli.url }).signInTokens.createSignInToken({ userId: users.bob, expiresInSeconds: 300 });
    await clerkTesting.signIn({ page: page.page, signInParams: { strategy: 'ticket', ticket: token! } });
    expect(await page.page.evaluate(() => (window as unknown as ClerkWindow).Clerk.user?.id)).toBe(users.bob);
  });

  describe("docs/optimistic.md's recipe: @clerk/react 6 with the optimistic store around user.updateMetadata", () => {
    const recipeFile = new URL('../recipe/OptimisticTheme.tsx', import.meta.url);

    it('is the file the browser runs, word for word', () => {
      const guide = readFileSync(new URL('../../../../docs/optimistic.md', import.meta.url), 'utf8');
      expect(guide).toContain(`\`\`\`tsx\n${readFileSync(recipeFile, 'utf8')}\`\`\``);
    });

    it('shows the change before the server answers, keeps it when the server agrees, and rolls back a refusal', async ({ skip }) => {
      requireChromium(skip);
      const { outputFiles } = await build({
        entryPoints: [fileURLToPath(new URL('../recipe/app.tsx', import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
        conditions: ['@metadata-semantics/source'],
        define: { 'process.env.NODE_ENV': '"production"' },
      });
      const script = outputFiles[0]!.text.replaceAll('</script', '<\\/script');
      const pages = await startPageServer({ '/': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="root"></div><script type="module">${script}</script>` });
      const context = await browser.newContext();
      const guard = await guardRequests(context, [pages.origin, cli.url]);
      try {
        const page = await context.newPage();
        await page.goto(`${pages.origin}/?pk=${pk}&proxy=${encodeURIComponent(fapiUrl)}`);
        await page.waitForFunction(() => (window as unknown as ClerkWindow).Clerk?.loaded === true);
        const cy = (await backend.users.createUser({ firstName: 'Cy', unsafeMetadata: { theme: 'light' } })).id;
        const { token } = await backend.signInTokens.createSignInToken({ userId: cy, expiresInSeconds: 300 });
        await page.evaluate(async (ticket) => {
          const { Clerk } = window as unknown as ClerkWindow;
          const attempt = await Clerk.client!.signIn.create({ strategy: 'ticket', ticket });
          await Clerk.setActive({ session: attempt.createdSessionId });
        }, token!);
        const button = page.getByRole('button');
        await button.getByText('Theme: light').waitFor();

        // Each write waits at the browser's edge until the test lets it go.
        const held: { continue(): Promise<void> }[] = [];
        await context.route('**/__clerk/v1/me/metadata**', (route) => void held.push(route));
        const nextWrite = async () => {
          const count = held.length;
          await button.click();
          await expect.poll(() => held.length).toBe(count + 1);
          return held[count]!;
        };

        const agreed = await nextWrite();
        expect(await button.textContent()).toBe('Theme: dark');
        await agreed.continue();
        await expect.poll(async () => (await backend.users.getUser(cy)).unsafeMetadata).toEqual({ theme: 'dark' });
        expect(await button.textContent()).toBe('Theme: dark');

        const refused = await nextWrite();
        expect(await button.textContent()).toBe('Theme: light');
        // The server refuses: the user is gone (404), so the change is rolled back.
        await backend.users.deleteUser(cy);
        await refused.continue();
        await button.getByText('Theme: dark').waitFor();
      } finally {
        await context.close();
        await pages.close();
      }
      guard.assertNoneRefused();
    });
  });
});
