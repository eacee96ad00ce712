import type { WebhookEventType } from './webhookEvent.js';

/**
 * One event to deliver to one endpoint, as recorded with the change it describes.
 *
 * @public
 */
export interface WebhookMessage {
  /** The message's id (`msg_…`): the `svix-id` of every attempt, to every endpoint. */
  readonly id: string;
  /** The endpoint's URL. */
  readonly endpoint: string;
  /**
   * Messages of one endpoint with the same key are delivered in the order they were recorded: the resource
   * (`user:user_…`), so that an app sees a resource's changes in the order they happened.
   */
  readonly orderKey: string;
  /** The event's type, for inspection and filters. */
  readonly type: WebhookEventType;
  /** The event's JSON text, sent and signed exactly as it is. */
  readonly body: string;
  /** Unix milliseconds. */
  readonly recordedAt: number;
}

/**
 * One attempt to deliver a message: when it was sent and what came of it.
 *
 * @public
 */
export interface WebhookAttempt {
  /** Unix milliseconds: when it was sent. */
  readonly at: number;
  /** The endpoint's HTTP status; `null` when no answer came (a network error, a timeout). */
  readonly status: number | null;
  /** Why it failed, when it did: `HTTP 500`, the network error's message; `null` when delivered. */
  readonly error: string | null;
}

/**
 * Where a message is: waiting for (another) attempt, delivered (an endpoint answered 2xx), or failed (given up
 * after its bounded age, kept for inspection and re-sending).
 *
 * @public
 */
export type WebhookMessageState = 'pending' | 'delivered' | 'failed';

/**
 * A message in an outbox, with its delivery so far. Entries are values: an outbox never changes one it has
 * handed out.
 *
 * @public
 */
export interface WebhookOutboxEntry extends WebhookMessage {
  /** Given by the outbox, growing in recording order: the entry's handle and its place in its order key's line. */
  readonly sequence: number;
  readonly state: WebhookMessageState;
  /** Every attempt, oldest first. */
  readonly attempts: readonly WebhookAttempt[];
  /** Unix milliseconds: when a pending entry is due. */
  readonly nextAttemptAt: number;
  /** Unix milliseconds: when its current round of attempts began (its recording, or its last re-send). */
  readonly since: number;
}

/**
 * Where webhook messages wait to be delivered: the storage that {@link webhookDelivery} works through. Stores keep
 * it beside their resources, so that a change and its messages are written together (see
 * {@link memoryWebhookOutbox}).
 *
 * @remarks
 * Delivery order: {@link WebhookOutbox.claimDue} hands out only the first pending entry of each endpoint and order
 * key, so a message waits while an earlier one of its resource is pending. A claim is a lease: until it ends
 * (or the entry is marked) nobody else claims the entry, and after it ends (its deliverer died) anybody may.
 *
 * @public
 */
export interface WebhookOutbox {
  /** Records messages, in their order, each pending and due at once. */
  record(messages: readonly WebhookMessage[]): Promise<void>;
  /**
   * Claims up to `limit` due entries until `leaseUntil`: of each endpoint and order key, the pending entry with
   * the smallest sequence, if it is due (`nextAttemptAt <= now`) and no unexpired claim holds it.
   */
  claimDue(now: number, limit: number, leaseUntil: number): Promise<WebhookOutboxEntry[]>;
  /** Marks an entry delivered by `attempt`, ending its claim. */
  markDelivered(sequence: number, attempt: WebhookAttempt): Promise<void>;
  /**
   * Records a failed attempt, ending its claim: the entry is due again at `retryAt`, or, when `retryAt` is
   * `null`, it is failed (kept, no longer attempted, no longer holding back its order key's later entries).
   */
  markAttemptFailed(sequence: number, attempt: WebhookAttempt, retryAt: number | null): Promise<void>;
  /**
   * Makes every entry of message `id` pending and due at `now`, its round of attempts starting anew.
   *
   * @returns how many entries it re-queued (0 when the outbox holds none of that message)
   */
  requeue(id: string, now: number): Promise<number>;
  /** The `limit` most recently recorded entries, newest first. */
  list(limit: number): Promise<WebhookOutboxEntry[]>;
  /**
   * Writes the delivery states an outbox holds back to write several at once (`exclusivePostgresStore`'s);
   * {@link WebhookDelivery.stop} calls it, so that a stopped process does not send them again after a restart.
   */
  flush?(): Promise<void>;
}
