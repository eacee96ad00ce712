import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_FIELD_BYTES } from '@metadata-semantics/core';
import { ConsoleApiError } from './api/consoleApiError.js';
import type { ConsoleApi } from './api/createConsoleApi.js';
import type { ChangeFeed } from './live/changeFeed.js';
import { resourceDescriptors } from './resources/resourceDescriptors.js';
import type { ConsoleContext, ConsoleLimits, ConsoleView } from './ui/consoleContext.js';
import { listHref, parseConsoleRoute } from './ui/consoleRoute.js';
import { elementFactory, replaceChildren } from './ui/elementFactory.js';
import { listView } from './ui/listView.js';
import { resourcePageView } from './ui/resourcePageView.js';

export interface ConsoleOptions {
  readonly api: ConsoleApi;
  readonly feed: ChangeFeed;
  /** The server's limits; default core's (8192 bytes, depth 64), which are the server's defaults. */
  readonly limits?: Partial<ConsoleLimits>;
}

export interface MountedConsole {
  /** Stops every refresh and empties `root`. */
  unmount(): void;
}

/**
 * Runs the console in `root`: navigation, then the view the address's fragment asks for. A 401 from any
 * request replaces everything with the sign-in note: no data stays on screen.
 */
export function mountConsole(root: HTMLElement, options: ConsoleOptions): MountedConsole {
  const window = root.ownerDocument.defaultView!;
  const h = elementFactory(root.ownerDocument);
  const main = h('main');
  let view: ConsoleView | undefined;
  let signedOut = false;
  // The address the view on screen wrote: its hashchange (some DOMs fire one for replaceState) is not a navigation.
  let written: string | undefined;

  const signInNeeded = (): void => {
    if (signedOut) return;
    signedOut = true;
    view?.dispose();
    view = undefined;
    replaceChildren(
      root,
      h(
        'main',
        { class: 'sign-in' },
        h('h1', null, 'Sign-in needed'),
        h('p', null, 'This console shows the server’s data only to whoever signed in: open the one-time sign-in URL the server printed when it started, on this machine, then come back to this page.'),
      ),
    );
  };
  const guard = <Answer>(pending: Promise<Answer>): Promise<Answer> =>
    pending.catch((error: unknown) => {
      if (error instanceof ConsoleApiError && error.status === 401) signInNeeded();
      throw error;
    });
  const context: ConsoleContext = {
    h,
    api: { get: (path, query) => guard(options.api.get(path, query)), send: (method, path, body) => guard(options.api.send(method, path, body)) },
    feed: options.feed,
    limits: { maxFieldBytes: DEFAULT_MAX_FIELD_BYTES, maxDepth: DEFAULT_MAX_DEPTH, ...options.limits },
    replaceAddress(href) {
      written = href;
      window.history.replaceState(null, '', href);
    },
  };

  const show = (): void => {
    if (signedOut || (written !== undefined && window.location.hash === written)) return;
    written = undefined;
    view?.dispose();
    const route = parseConsoleRoute(window.location.hash);
    view = route.view === 'list' ? listView(context, route.descriptor, route.query) : resourcePageView(context, route.descriptor, route.ids);
    replaceChildren(main, view.element);
  };

  replaceChildren(
    root,
    h(
      'header',
      null,
      h('strong', null, 'metadata-semantics'),
      ' console ',
      h('nav', null, resourceDescriptors.map((descriptor) => [h('a', { href: listHref(descriptor, new URLSearchParams()) }, descriptor.title), ' '])),
    ),
    main,
  );
  window.addEventListener('hashchange', show);
  show();
  return {
    unmount() {
      window.removeEventListener('hashchange', show);
      view?.dispose();
      view = undefined;
      replaceChildren(root);
    },
  };
}
