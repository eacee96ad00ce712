import type { ClerkWebhookEvent, WebhookEventType } from './webhookEvent.js';
import type { WebhookMessage } from './webhookOutbox.js';

/**
 * Where events are sent, and how they are signed.
 *
 * @public
 */
export interface WebhookEndpoint {
  /** The URL each event is `POST`ed to. */
  readonly url: string;
  /** The signing secret (`whsec_…`) the endpoint verifies with. */
  readonly secret: string;
  /** The event types sent to it; every type when absent. */
  readonly eventTypes?: readonly WebhookEventType[];
}

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random bytes drawn 4 KiB at a time: a call into the system's generator costs ~3 µs, once per ~150 ids. */
let randomPool = new Uint8Array(0);
let randomUsed = 0;

function randomBytes(count: number): Uint8Array {
  if (randomUsed + count > randomPool.length) {
    randomPool = crypto.getRandomValues(new Uint8Array(4096));
    randomUsed = 0;
  }
  randomUsed += count;
  return randomPool.subarray(randomUsed - count, randomUsed);
}

/** A new message id: `msg_` and 27 random base-62 characters, as Svix's. */
export function newMessageId(): string {
  let id = 'msg_';
  // 62 * 4 = 248 < 256: the modulo's bias is under 4%, irrelevant for ids.
  for (const byte of randomBytes(27)) id += alphabet[byte % 62];
  return id;
}

/**
 * The messages that deliver an event: one per endpoint that takes its type, all with one new id (as Svix sends
 * one message to each endpoint), ordered by the event's resource (`{data.object}:{data.id}`).
 *
 * @param event - the event, with `data.object` and `data.id` (every Clerk resource and deleted-object has them)
 * @param endpoints - where to send it; none: no message
 * @param recordedAt - Unix milliseconds
 *
 * @public
 */
export function webhookMessages(
  event: ClerkWebhookEvent,
  endpoints: readonly WebhookEndpoint[],
  recordedAt: number,
  messageId: () => string = newMessageId,
): WebhookMessage[] {
  return messagesOfBody(event, () => JSON.stringify(event), endpoints, recordedAt, messageId);
}

/** {@link webhookMessages} with the event's body as `body()` makes it (made only when an endpoint takes the event). */
export function messagesOfBody(
  event: ClerkWebhookEvent,
  body: () => string,
  endpoints: readonly WebhookEndpoint[],
  recordedAt: number,
  messageId: () => string = newMessageId,
): WebhookMessage[] {
  const takers = endpoints.filter((endpoint) => endpoint.eventTypes?.includes(event.type) ?? true);
  if (takers.length === 0) return [];
  const data = event.data as { readonly object?: unknown; readonly id?: unknown };
  const id = messageId();
  const orderKey = `${String(data.object)}:${String(data.id)}`;
  const text = body();
  return takers.map((endpoint) => ({ id, endpoint: endpoint.url, orderKey, type: event.type, body: text, recordedAt }));
}
