import type { ChangeFeed } from './changeFeed.js';

/** The part of the page's document polling reads: whether the page is visible, and when that changes. */
export type VisibilitySource = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

export interface PollingFeedOptions {
  readonly document: VisibilitySource;
  /** Default 2000. */
  readonly intervalMs?: number;
}

/**
 * A {@link ChangeFeed} that refreshes every watched topic every `intervalMs` while the page is visible, and
 * at once when it becomes visible again. A refresh still running is not started again over itself.
 */
export function createPollingFeed({ document, intervalMs = 2000 }: PollingFeedOptions): ChangeFeed {
  const runs = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const runAll = (): void => {
    for (const run of [...runs]) run();
  };
  const onVisibility = (): void => {
    const resumed = timer === undefined;
    sync();
    if (resumed && timer !== undefined) runAll();
  };
  /** A timer while something is watched and the page is visible; the visibility listener while watched. */
  const sync = (): void => {
    const polling = runs.size > 0 && document.visibilityState !== 'hidden';
    if (polling && timer === undefined) timer = setInterval(runAll, intervalMs);
    if (!polling && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return {
    watch(_topic, refresh) {
      let running = false;
      const run = (): void => {
        if (running) return;
        running = true;
        // The view shows its own errors; a failed poll is tried again at the next tick.
        refresh()
          .catch(() => undefined)
          .finally(() => {
            running = false;
          });
      };
      if (runs.size === 0) document.addEventListener('visibilitychange', onVisibility);
      runs.add(run);
      sync();
      return () => {
        runs.delete(run);
        if (runs.size === 0) document.removeEventListener('visibilitychange', onVisibility);
        sync();
      };
    },
  };
}
