import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollingFeed, type VisibilitySource } from '../live/createPollingFeed.js';

/** A document whose visibility the test sets. */
function pageVisibility(initial: DocumentVisibilityState) {
  const target = new EventTarget();
  const page = {
    visibilityState: initial,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    set(state: DocumentVisibilityState) {
      page.visibilityState = state;
      target.dispatchEvent(new Event('visibilitychange'));
    },
  };
  return page;
}

describe('createPollingFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes each watched topic once an interval while the page is visible, and no more once stopped', async () => {
    // Arrange
    const page = pageVisibility('visible');
    const feed = createPollingFeed({ document: page as VisibilitySource, intervalMs: 2000 });
    const refresh = vi.fn(async () => undefined);
    const stop = feed.watch({ kind: 'user' }, refresh);

    // Act
    await vi.advanceTimersByTimeAsync(3 * 2000);
    stop();
    await vi.advanceTimersByTimeAsync(3 * 2000);

    // Assert
    expect(refresh).toHaveBeenCalledTimes(3);
  });

  it('does not poll a hidden page, and refreshes at once when it shows again', async () => {
    // Arrange
    const page = pageVisibility('hidden');
    const feed = createPollingFeed({ document: page as VisibilitySource, intervalMs: 2000 });
    const refresh = vi.fn(async () => undefined);
    feed.watch({ kind: 'user', id: 'user_1' }, refresh);

    // Act
    await vi.advanceTimersByTimeAsync(5 * 2000);
    const whileHidden = refresh.mock.calls.length;
    page.set('visible');
    const onShowing = refresh.mock.calls.length;

    // Assert
    expect(whileHidden).toBe(0);
    expect(onShowing).toBe(1);
  });

  it('does not start a refresh over one still running', async () => {
    // Arrange
    const page = pageVisibility('visible');
    const feed = createPollingFeed({ document: page as VisibilitySource, intervalMs: 2000 });
    let finish = (): void => undefined;
    const refresh = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    feed.watch({ kind: 'organization' }, refresh);

    // Act
    await vi.advanceTimersByTimeAsync(4 * 2000);
    const whileRunning = refresh.mock.calls.length;
    finish();
    await vi.advanceTimersByTimeAsync(2000);

    // Assert
    expect(whileRunning).toBe(1);
    expect(refresh).toHaveBeenCalledTimes(2);
  });
});
