import type { WebhookOutboxEntry } from './webhookOutbox.js';

/**
 * How long a message waits after each failed attempt of a round: 5 seconds after the first, then 30 seconds,
 * 2, 5 and 10 minutes, and 30 minutes after each further one. Shorter than Svix's hours: here the endpoint is
 * an app being developed, restarted every few minutes.
 *
 * @public
 */
export const DEFAULT_RETRY_DELAYS: readonly number[] = [5_000, 30_000, 120_000, 300_000, 600_000, 1_800_000];

/**
 * How long a round of attempts may last (from a message's recording, or its re-send) before it is given up:
 * one day.
 *
 * @public
 */
export const DEFAULT_MAX_AGE = 24 * 60 * 60 * 1000;

/**
 * When to try a message again after the attempt at `at` failed: the delay for the round's number of failed
 * attempts (the last delay repeating), or `null`, to give up, when that would be more than `maxAge` after the
 * round began. A message is always attempted once, however old.
 *
 * @param entry - the message, before the failed attempt is added to its attempts
 *
 * @public
 */
export function retryAt(entry: WebhookOutboxEntry, at: number, delays: readonly number[], maxAge: number): number | null {
  const failed = entry.attempts.filter((attempt) => attempt.at >= entry.since).length + 1;
  const next = at + delays[Math.min(failed, delays.length) - 1]!;
  return next - entry.since > maxAge ? null : next;
}
