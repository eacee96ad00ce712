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

/** A new message id: `msg_` and 27 random base-62 characters, as Svix's. */
export function newMessageId(): string {
  let id = 'msg_';
  // 62 * 4 = 248 < 256: the modulo's bias is under 4%, irrelevant for ids.
  for (const byte of crypto.getRandomValues(new Uint8Array(27))) id += alphabet[byte % 62];
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
  const takers = endpoints.filter((endpoint) => endpoint.eventTypes?.includes(event.type) ?? true);
  if (takers.length === 0) return [];
  const data = event.data as { readonly object?: unknown; readonly id?: unknown };
  const id = messageId();
  const body = JSON.stringify(event);
  const orderKey = `${String(data.object)}:${String(data.id)}`;
  return takers.map((endpoint) => ({ id, endpoint: endpoint.url, orderKey, type: event.type, body, recordedAt }));
}
