/**
 * The time a {@link webhookDelivery} reads and the timers it sets: the system's, or a test's.
 *
 * @public
 */
export interface DeliveryClock {
  /** Unix milliseconds. */
  now(): number;
  /** Calls `callback` once, `delay` milliseconds from now. */
  setTimeout(callback: () => void, delay: number): unknown;
  /** Cancels a timer `setTimeout` returned, if it has not run. */
  clearTimeout(timer: unknown): void;
}

/**
 * The system's clock and timers; the timers do not keep a Node process alive.
 *
 * @public
 */
export const systemClock: DeliveryClock = {
  now: () => Date.now(),
  setTimeout(callback, delay) {
    const timer = setTimeout(callback, delay) as { unref?: () => void };
    // Node and Bun: a pending retry must not keep a process that has nothing else to do from exiting.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (timer) => clearTimeout(timer as Parameters<typeof clearTimeout>[0]),
};
