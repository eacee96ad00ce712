import type { DeliveryClock } from '../../deliveryClock.js';

/**
 * A clock that moves only when a test moves it, from the real time it started at (so that signatures stay within
 * the verifiers' five minutes while a test skips over short back-offs): no test waits on a real back-off.
 */
export class ManualClock implements DeliveryClock {
  private time = Date.now();
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delay: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + delay, callback });
    return id;
  }

  clearTimeout(timer: unknown): void {
    this.timers.delete(timer as number);
  }

  /** Moves the time on by `ms`, running each timer that falls due, in time order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = until;
  }

  /** When the earliest timer falls due, if any is set. */
  nextTimerAt(): number | undefined {
    const times = [...this.timers.values()].map((timer) => timer.at);
    return times.length === 0 ? undefined : Math.min(...times);
  }
}
