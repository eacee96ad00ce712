import type { ConsoleApi } from '../api/createConsoleApi.js';
import type { ChangeFeed } from '../live/changeFeed.js';
import type { ElementFactory } from './elementFactory.js';

/** The server's limits on one metadata field, which the preview applies as the server will. */
export interface ConsoleLimits {
  readonly maxFieldBytes: number;
  readonly maxDepth: number;
}

/** What every view is given. */
export interface ConsoleContext {
  readonly h: ElementFactory;
  readonly api: ConsoleApi;
  readonly feed: ChangeFeed;
  readonly limits: ConsoleLimits;
  /** Puts `href` (a fragment) in the address for the view on screen, without a new history entry or a new view. */
  replaceAddress(href: string): void;
}

/** A view on screen, until the address asks for another one. */
export interface ConsoleView {
  readonly element: HTMLElement;
  /** Stops its refreshes. */
  dispose(): void;
}
