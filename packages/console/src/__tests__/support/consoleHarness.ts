// The console in a happy-dom window, talking to the real server handler in-process through a fetch shim.
import { createMetadataHandler, memoryStore, type MetadataHandlerSchemas } from '@metadata-semantics/server';
import { Window } from 'happy-dom';
import { createConsoleApi, type ConsoleFetch } from '../../api/createConsoleApi.js';
import { createPollingFeed } from '../../live/createPollingFeed.js';
import { mountConsole } from '../../mountConsole.js';

const secretKey = 'sk_test_console';
const origin = 'http://127.0.0.1:3000';

/** A request the console sent. */
export interface SentRequest {
  readonly method: string;
  readonly url: URL;
  readonly body: unknown;
}

/** The server, and a way to call it as the SDK or curl would (with the key), meanwhile. */
export function startServer(options: { schemas?: MetadataHandlerSchemas } = {}) {
  const handler = createMetadataHandler({ secretKey, store: memoryStore(), ...options });
  const call = async <Answer = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await handler(
      new Request(`${origin}${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Answer;
  };
  return { handler, call };
}

export type TestServer = ReturnType<typeof startServer>;

/**
 * Opens the console at `/console/<hash>` on `server`. The shim adds the key, as the cookie of a signed-in
 * browser will authenticate it (`signedIn: false` sends none), and records every request.
 */
export function openConsole(server: TestServer, hash: string, { signedIn = true } = {}) {
  const sent: SentRequest[] = [];
  const fetch: ConsoleFetch = async (url, init) => {
    sent.push({ method: init.method ?? 'GET', url: new URL(url), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const headers = new Headers(init.headers);
    if (signedIn) headers.set('authorization', `Bearer ${secretKey}`);
    return server.handler(new Request(url, { method: init.method ?? 'GET', headers, body: init.body ?? null }));
  };
  const window = new Window({ url: `${origin}/console/${hash}` });
  const document = window.document as unknown as Document;
  document.body.innerHTML = '<div id="console"></div>';
  const mounted = mountConsole(document.getElementById('console')!, {
    api: createConsoleApi({ baseUrl: new URL('../', window.location.href), fetch }),
    feed: createPollingFeed({ document, intervalMs: 2000 }),
  });
  const page = consolePage(window as unknown as globalThis.Window);
  return {
    ...page,
    window,
    sent,
    /** The metadata writes sent. */
    writes: () => sent.filter(({ method }) => method !== 'GET'),
    async close() {
      mounted.unmount();
      await window.happyDOM.close();
    },
  };
}

/** Reading and using the page as a person would: by text, labels and roles. */
function consolePage(window: globalThis.Window) {
  const document = window.document;
  const all = <E extends Element = HTMLElement>(selector: string): E[] => [...document.querySelectorAll<E>(selector)];
  const one = <E extends Element = HTMLElement>(selector: string): E => {
    const found = document.querySelector<E>(selector);
    if (found === null) throw new Error(`nothing matches ${selector}`);
    return found;
  };
  const fire = (element: Element, type: string): void => {
    // The page's own Event class: happy-dom's, in these tests.
    element.dispatchEvent(new (window as unknown as { Event: typeof Event }).Event(type, { bubbles: true }));
  };
  return {
    document,
    one,
    all,
    /** The text of the first element matching `selector` ('' when none). */
    text: (selector: string): string => document.querySelector(selector)?.textContent ?? '',
    /** The list's rows, as their cells' texts. */
    rows: (): string[][] => all('tbody tr').map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
    /** A metadata field's JSON, as shown. */
    field: (name: string): unknown => JSON.parse(one(`[data-field="${name}"] pre`).textContent ?? ''),
    type(selector: string, value: string): void {
      const input = one<HTMLInputElement | HTMLTextAreaElement>(selector);
      input.value = value;
      fire(input, 'input');
    },
    choose(selector: string, value: string): void {
      const select = one<HTMLSelectElement>(selector);
      select.value = value;
      fire(select, 'input');
      fire(select, 'change');
    },
    click(selector: string): void {
      one(selector).click();
    },
    /** Follows the link whose text is `text`. */
    follow(text: string): void {
      const link = all<HTMLAnchorElement>('a').find((anchor) => anchor.textContent === text);
      if (link === undefined) throw new Error(`no link ${JSON.stringify(text)}`);
      link.click();
    },
    submit(selector: string): void {
      one<HTMLFormElement>(selector).requestSubmit();
    },
  };
}

/**
 * Waits until `check` passes, letting the in-process server and the page run between tries (through
 * setImmediate, which fake timers leave alone, so no poll runs while waiting).
 */
export async function until(check: () => void, tries = 2000): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      check();
      return;
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
