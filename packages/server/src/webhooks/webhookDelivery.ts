import { nextTurn } from '../shared/nextTurn.js';
import { systemClock, type DeliveryClock } from './deliveryClock.js';
import { DEFAULT_MAX_AGE, DEFAULT_RETRY_DELAYS, retryAt } from './retrySchedule.js';
import type { WebhookEndpoint } from './webhookMessages.js';
import type { WebhookAttempt, WebhookOutbox, WebhookOutboxEntry } from './webhookOutbox.js';
import { webhookSigner, type WebhookSigner } from './webhookSigner.js';

/**
 * What became of one attempt: delivered, to be tried again, or given up.
 *
 * @public
 */
export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'failed';

/**
 * Options of {@link webhookDelivery}.
 *
 * @public
 */
export interface WebhookDeliveryOptions {
  /** Where the messages wait. */
  readonly outbox: WebhookOutbox;
  /** The endpoints, by URL: a message for a URL none of them has fails at its next attempt. */
  readonly endpoints: readonly WebhookEndpoint[];
  /**
   * What signs for an endpoint's secret. Default {@link webhookSigner} (WebCrypto, every runtime); under Node,
   * `nodeWebhookSigner` (from `@metadata-semantics/server/node`) signs the same for a fraction of the CPU.
   */
  readonly signer?: (secret: string) => WebhookSigner;
  /** What sends each attempt. Default: the global `fetch`. */
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Time and timers. Default: {@link systemClock}. */
  readonly clock?: DeliveryClock;
  /** The wait after each failed attempt of a round, the last repeating. Default {@link DEFAULT_RETRY_DELAYS}. */
  readonly retryDelays?: readonly number[];
  /** How long a round of attempts may last before the message fails. Default {@link DEFAULT_MAX_AGE}. */
  readonly maxAge?: number;
  /** How long an attempt may wait for the endpoint's answer. Default 15 seconds, as Svix's. */
  readonly attemptTimeout?: number;
  /** How many attempts may be under way at once, each of a different resource. Default 16. */
  readonly concurrency?: number;
  /** How often a started delivery looks for due messages nobody woke it for. Default 1 second. */
  readonly pollInterval?: number;
  /** Called after each attempt is marked: the CLI logs one line per attempt. */
  readonly onAttempt?: (entry: WebhookOutboxEntry, attempt: WebhookAttempt, outcome: WebhookAttemptOutcome) => void;
  /** Called when the outbox fails (the messages stay where they are, and are tried again later). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Delivers the messages of an outbox. See {@link webhookDelivery}.
 *
 * @public
 */
export interface WebhookDelivery {
  /**
   * Makes one attempt at each message due now (up to `concurrency`), and resolves with how many once every
   * attempt is marked in the outbox.
   */
  deliverDue(): Promise<number>;
  /** Has a started delivery look for due messages soon, without waiting for it: call it after recording. */
  wake(): void;
  /**
   * Sends a message again, to each of its endpoints, whatever its state: due at once, with a new round of
   * attempts.
   *
   * @returns how many endpoints' entries were re-queued (0: the outbox holds no such message)
   */
  resend(id: string): Promise<number>;
  /** Starts delivering in the background: woken by {@link WebhookDelivery.wake}, polling otherwise. */
  start(): void;
  /** Stops starting attempts, and resolves once those under way are marked (and the outbox has written the marks). */
  stop(): Promise<void>;
}

/** A network error's message, with its cause's (undici's `fetch failed` says nothing by itself). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new TypeError(`webhookDelivery: ${name} must be a positive number`);
  return value;
}

/**
 * Delivers webhook messages from an outbox at least once: each attempt is signed when it is sent (a fresh
 * `svix-timestamp`, the message's `svix-id`), a non-2xx answer or a network error is tried again after
 * `retryDelays` until the round's `maxAge`, then the message is marked failed and kept. A message waits while
 * an earlier one of its resource is pending (the outbox hands out only the first of each line). Recording
 * never waits for delivery: a recorder calls {@link WebhookDelivery.wake}, which returns at once.
 *
 * @example
 * ```ts
 * const outbox = memoryWebhookOutbox();
 * const delivery = webhookDelivery({ outbox, endpoints: [] });
 * await delivery.deliverDue(); // => 0
 * ```
 *
 * @public
 */
export function webhookDelivery(options: WebhookDeliveryOptions): WebhookDelivery {
  const { outbox, onAttempt } = options;
  const send = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const clock = options.clock ?? systemClock;
  const delays = options.retryDelays ?? DEFAULT_RETRY_DELAYS;
  if (delays.length === 0 || delays.some((delay) => !(delay >= 0) || !Number.isFinite(delay))) {
    throw new TypeError('webhookDelivery: retryDelays must be one or more numbers of at least 0');
  }
  const maxAge = positive('maxAge', options.maxAge ?? DEFAULT_MAX_AGE);
  const attemptTimeout = positive('attemptTimeout', options.attemptTimeout ?? 15_000);
  const concurrency = options.concurrency ?? 16;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new TypeError('webhookDelivery: concurrency must be a whole number of at least 1');
  const pollInterval = positive('pollInterval', options.pollInterval ?? 1000);
  const onError = options.onError ?? (() => {});
  // One signer (one imported key) per endpoint.
  const makeSigner = options.signer ?? webhookSigner;
  const signers = new Map<string, WebhookSigner>(options.endpoints.map((endpoint) => [endpoint.url, makeSigner(endpoint.secret)]));

  /** Sends one attempt, signed as it goes: what came of it. */
  async function post(signer: WebhookSigner, entry: WebhookOutboxEntry, at: number): Promise<WebhookAttempt> {
    const controller = new AbortController();
    const timer = clock.setTimeout(() => controller.abort(new Error(`no answer within ${attemptTimeout} ms`)), attemptTimeout);
    try {
      const signature = await signer.headers(entry.id, Math.floor(at / 1000), entry.body);
      const response = await send(entry.endpoint, {
        method: 'POST',
        headers: { ...signature, 'content-type': 'application/json' },
        body: entry.body,
        signal: controller.signal,
        // A redirect is an answer that is not 2xx, as Svix takes it: not followed.
        redirect: 'manual',
      });
      // The answer's body is not read: cancelling frees the connection.
      await response.body?.cancel().catch(() => {});
      const delivered = response.status >= 200 && response.status < 300;
      return { at, status: response.status, error: delivered ? null : `HTTP ${response.status}` };
    } catch (error) {
      return { at, status: null, error: describeError(error) };
    } finally {
      clock.clearTimeout(timer);
    }
  }

  /** One attempt at a claimed entry, marked in the outbox. */
  async function attempt(entry: WebhookOutboxEntry): Promise<void> {
    const at = clock.now();
    const signer = signers.get(entry.endpoint);
    const result: WebhookAttempt =
      signer === undefined ? { at, status: null, error: `no endpoint ${entry.endpoint} is configured` } : await post(signer, entry, at);
    let outcome: WebhookAttemptOutcome;
    if (result.error === null) {
      await outbox.markDelivered(entry.sequence, result);
      outcome = 'delivered';
    } else {
      const retry = signer === undefined ? null : retryAt(entry, result.at, delays, maxAge);
      await outbox.markAttemptFailed(entry.sequence, result, retry);
      outcome = retry === null ? 'failed' : 'retry';
      if (retry !== null) wakeAt(retry);
    }
    onAttempt?.(entry, result, outcome);
  }

  /** How long a claim lasts: past the attempt's timeout, so that only a dead deliverer's claim ends. */
  const claimUntil = (now: number): number => now + attemptTimeout + 60_000;

  async function deliverDue(): Promise<number> {
    const now = clock.now();
    const claimed = await outbox.claimDue(now, concurrency, claimUntil(now));
    await Promise.all(claimed.map(attempt));
    return claimed.length;
  }

  // Background delivery: a pool of at most `concurrency` attempts, refilled as each ends.
  let started = false;
  const underWay = new Set<Promise<void>>();
  /** The claiming under way, if any. */
  let filling: Promise<void> | undefined;
  let fillAgain = false;
  let timer: unknown;
  let timerAt = Number.POSITIVE_INFINITY;

  /** Has `fill` run at `at` (or earlier, if it is already due to). */
  function wakeAt(at: number): void {
    if (!started || at >= timerAt) return;
    if (timer !== undefined) clock.clearTimeout(timer);
    timerAt = at;
    timer = clock.setTimeout(() => {
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      void fill();
    }, Math.max(0, at - clock.now()));
  }

  /** Claims due entries while there is room, starting an attempt at each. */
  function fill(): Promise<void> {
    if (filling !== undefined) {
      fillAgain = true;
      return filling;
    }
    filling = claimWhileRoom().finally(() => {
      filling = undefined;
      // A call that came as the claiming ended is answered at once; otherwise the poll comes later.
      wakeAt(clock.now() + (fillAgain ? 0 : pollInterval));
    });
    return filling;
  }

  async function claimWhileRoom(): Promise<void> {
    try {
      do {
        fillAgain = false;
        const room = concurrency - underWay.size;
        if (!started || room <= 0) break;
        const now = clock.now();
        const claimed = await outbox.claimDue(now, room, claimUntil(now));
        for (const entry of claimed) {
          const running: Promise<void> = attempt(entry)
            .catch(onError)
            .finally(() => {
              underWay.delete(running);
              // On a later turn: the requests the server has read meanwhile go first (delivery never holds one up).
              nextTurn(() => void fill());
            });
          underWay.add(running);
        }
        if (claimed.length > 0) fillAgain = true;
      } while (fillAgain);
    } catch (error) {
      onError(error);
    }
  }

  return {
    deliverDue,
    wake: () => wakeAt(clock.now()),
    async resend(id) {
      const requeued = await outbox.requeue(id, clock.now());
      wakeAt(clock.now());
      return requeued;
    },
    start() {
      if (started) return;
      started = true;
      wakeAt(clock.now());
    },
    async stop() {
      started = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      await filling;
      while (underWay.size > 0) await Promise.all(underWay);
      await outbox.flush?.();
    },
  };
}
