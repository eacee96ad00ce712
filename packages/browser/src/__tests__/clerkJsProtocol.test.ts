import { readFileSync, writeFileSync } from 'node:fs';
import type { Clerk } from '@clerk/clerk-js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, requireChromium } from '../harness/chromium.js';
import type { FailedFetch } from '../harness/clerkPage.js';
import { openClerkPage, type ClerkPage } from '../harness/openClerkPage.js';
import { startFakeFapi, type FakeFapi } from './support/fakeFapi.js';
import { logStep, protocolOf, type LoggedStep } from './support/protocolLog.js';

// What clerk-js 6.40 sends to a Frontend API for a ticket sign-in, metadata edits, a token
// refresh and sign-outs, watched at a stand-in Frontend API (support/fakeFapi.ts). The fixture is
// the record the server side is built against; the test fails when clerk-js stops speaking it.
// RECORD_FAPI_LOG=1 rewrites the fixture from this run.

const fixture = new URL('./fixtures/clerk-js-6.40-requests.json', import.meta.url);

type ClerkWindow = { Clerk: Clerk };

describe('the Frontend API protocol of clerk-js 6.40', () => {
  let browser: Browser;
  let fapi: FakeFapi;
  let clerk: ClerkPage;

  beforeAll(async () => {
    if (chromiumMissing() !== undefined) return;
    fapi = await startFakeFapi();
    browser = await launchChromium();
    clerk = await openClerkPage(browser, fapi.url);
  });

  afterAll(async () => {
    await clerk?.close();
    await browser?.close();
    await fapi?.close();
  });

  it('signs in with a ticket, edits unsafe metadata, refreshes its token and signs out, as recorded', async ({ skip }) => {
    requireChromium(skip);
    const { page } = clerk;
    // Logged once every id is known: a step can send an id that a later step names.
    const observed: { name: string; from: number; to: number; parallel: boolean }[] = [];
    const ids: Record<string, string> = { [clerk.origin]: '{page_origin}', [fapi.url]: '{fapi_url}' };
    const step = async <T>(name: string, run: () => Promise<T>, parallel = false): Promise<T> => {
      const from = fapi.requests.length;
      const result = await run();
      observed.push({ name, from, to: fapi.requests.length, parallel });
      return result;
    };

    const loaded = await step('load', () =>
      page.evaluate(async () => {
        const { Clerk } = window as unknown as ClerkWindow;
        await Clerk.load({ telemetry: false });
        return { loaded: Clerk.loaded, user: Clerk.user?.id ?? null };
      }),
      true,
    );
    expect(loaded).toEqual({ loaded: true, user: null });

    const ticketA = fapi.ticketFor('user_a');
    ids[ticketA] = '{ticket_a}';
    const signIn = await step('sign-in with a ticket', () =>
      page.evaluate(async (ticket) => {
        const { Clerk } = window as unknown as ClerkWindow;
        const attempt = await Clerk.client!.signIn.create({ strategy: 'ticket', ticket });
        return { status: attempt.status, session: attempt.createdSessionId, client: Clerk.client!.id };
      }, ticketA),
    );
    expect(signIn.status).toBe('complete');
    ids[signIn.session!] = '{session_a}';

    const active = await step('setActive', () =>
      page.evaluate(async (session) => {
        const { Clerk } = window as unknown as ClerkWindow;
        await Clerk.setActive({ session });
        return Clerk.user?.id;
      }, signIn.session!),
    );
    expect(active).toBe('user_a');

    const merged = await step('user.updateMetadata', () =>
      page.evaluate(async () => {
        const { Clerk } = window as unknown as ClerkWindow;
        await Clerk.user!.updateMetadata({ unsafeMetadata: { theme: { mode: 'dark', accent: 'blue' }, beta: true } });
        return (await Clerk.user!.updateMetadata({ unsafeMetadata: { theme: { accent: null } } })).unsafeMetadata;
      }),
    );
    expect(merged).toEqual({ theme: { mode: 'dark' }, beta: true });

    const replaced = await step('user.update (deprecated form)', () =>
      page.evaluate(async () => {
        const { Clerk } = window as unknown as ClerkWindow;
        return (await Clerk.user!.update({ unsafeMetadata: { beta: false } })).unsafeMetadata;
      }),
    );
    expect(replaced).toEqual({ beta: false });

    const token = await step('token refresh', () =>
      page.evaluate(async () => {
        const { Clerk } = window as unknown as ClerkWindow;
        return Clerk.session!.getToken({ skipCache: true });
      }),
    );
    expect(token?.split('.')).toHaveLength(3);

    await step('reload', async () => {
      await page.reload();
      return page.evaluate(async () => {
        const { Clerk } = window as unknown as ClerkWindow;
        await Clerk.load({ telemetry: false });
      });
    }, true);
    const afterReload = await page.evaluate(() => {
      const { Clerk } = window as unknown as ClerkWindow;
      return { status: Clerk.status, user: Clerk.user?.id, metadata: Clerk.user?.unsafeMetadata };
    });
    expect(afterReload).toEqual({ status: 'ready', user: 'user_a', metadata: { beta: false } });

    const ticketB = fapi.ticketFor('user_b');
    ids[ticketB] = '{ticket_b}';
    const second = await step('second session', () =>
      page.evaluate(async (ticket) => {
        const { Clerk } = window as unknown as ClerkWindow;
        const attempt = await Clerk.client!.signIn.create({ strategy: 'ticket', ticket });
        await Clerk.setActive({ session: attempt.createdSessionId });
        return { session: attempt.createdSessionId, user: Clerk.user?.id, sessions: Clerk.client!.signedInSessions.length };
      }, ticketB),
    );
    expect(second).toMatchObject({ user: 'user_b', sessions: 2 });
    ids[second.session!] = '{session_b}';

    const signedOutOne = await step('signOut of one session', () =>
      page.evaluate(async (sessionId) => {
        const { Clerk } = window as unknown as ClerkWindow;
        await Clerk.signOut(() => undefined, { sessionId });
        return Clerk.client!.signedInSessions.map((session) => session.user?.id);
      }, second.session!),
    );
    expect(signedOutOne).toEqual(['user_a']);

    const signedOut = await step('signOut', () =>
      page.evaluate(async () => {
        const { Clerk } = window as unknown as ClerkWindow;
        await Clerk.signOut(() => undefined);
        return { user: Clerk.user ?? null, sessions: Clerk.client!.signedInSessions.length };
      }),
    );
    expect(signedOut).toEqual({ user: null, sessions: 0 });
    expect(await page.evaluate(() => (window as unknown as { failedFetches: FailedFetch[] }).failedFetches)).toEqual([]);

    ids[signIn.client!] = '{client_id}';
    const steps = observed.map(({ name, from, to, parallel }) => logStep(name, fapi.requests.slice(from, to), ids, parallel));
    if (process.env['RECORD_FAPI_LOG'] === '1') writeFileSync(fixture, `${JSON.stringify(steps, null, 2)}\n`);
    const recorded = JSON.parse(readFileSync(fixture, 'utf8')) as LoggedStep[];
    expect(steps.flatMap(protocolOf)).toEqual(recorded.flatMap(protocolOf));
  });
});
