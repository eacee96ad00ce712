import type { RecordEvent, WrittenTexts } from '../api/route.js';
import { LazyRequest, requestHeader } from '../http/lazyRequest.js';
import type { MetadataStore } from '../store/metadataStore.js';
import { checkWebhookEndpoints } from '../webhooks/checkWebhookEndpoints.js';
import { isRecordingStore } from '../webhooks/recordingStore.js';
import type { WebhookOutbox } from '../webhooks/webhookOutbox.js';
import { webhookDelivery, type WebhookDelivery } from '../webhooks/webhookDelivery.js';
import { eventText, webhookEvent } from '../webhooks/webhookEvent.js';
import { messagesOfBody } from '../webhooks/webhookMessages.js';
import type { MetadataWebhookOptions } from './metadataWebhookOptions.js';

/** What the handler does for webhooks: make each request's events, and wake the delivery after a write. */
export interface HandlerWebhooks {
  /** The request's {@link RecordEvent}; absent when no endpoint is configured (nothing is made or recorded). */
  readonly events?: (request: Request, now: number, texts: WrittenTexts) => Promise<RecordEvent>;
  /** Has the delivery look for new messages soon (after a request that may have written). */
  wake(): void;
  /** The delivery, when this handler delivers. */
  readonly delivery: WebhookDelivery | undefined;
  /** The store's outbox, when webhooks are configured. */
  readonly outbox: WebhookOutbox | undefined;
  /** Sends a message again: how many endpoints' entries were re-queued. */
  resend(id: string): Promise<number>;
}

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `ins_` and 27 base-62 characters of the SHA-256 of the secret key: the same wherever that key is used. */
async function derivedInstanceId(secretKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`instance:${secretKey}`)));
  let id = 'ins_';
  for (let index = 0; index < 27; index++) id += alphabet[digest[index]! % 62];
  return id;
}

/** The webhooks of a handler from its options; refuses endpoints over a store that cannot record. */
export function handlerWebhooks(options: MetadataWebhookOptions | undefined, store: MetadataStore, secretKey: string): HandlerWebhooks {
  const endpoints = options?.endpoints ?? [];
  checkWebhookEndpoints(endpoints, 'createMetadataHandler: webhooks.endpoints');
  if (endpoints.length === 0) return { wake: () => {}, delivery: undefined, outbox: undefined, resend: async () => 0 };
  if (!isRecordingStore(store)) {
    // A store that ignored the messages would lose every event without a word.
    throw new TypeError('createMetadataHandler: webhooks need a store that records them (memoryStore, exclusivePostgresStore or postgresStore)');
  }
  const instanceId = options?.instanceId === undefined ? derivedInstanceId(secretKey) : Promise.resolve(options.instanceId);
  const chosen = options?.delivery;
  let delivery: WebhookDelivery | undefined;
  if (chosen === false) delivery = undefined;
  else if (chosen !== undefined && 'wake' in chosen) delivery = chosen;
  else delivery = webhookDelivery({ ...chosen, outbox: store.webhookOutbox, endpoints });
  delivery?.start();
  const clientIp = options?.clientIp ?? ((request: Request) => (request instanceof LazyRequest ? request.clientAddress() : ''));

  const outbox = store.webhookOutbox;
  return {
    delivery,
    outbox,
    resend: (id) => (delivery === undefined ? outbox.requeue(id, Date.now()) : delivery.resend(id)),
    wake: () => delivery?.wake(),
    async events(request, timestamp, texts) {
      const context = {
        timestamp,
        instanceId: await instanceId,
        clientIp: clientIp(request),
        userAgent: requestHeader(request, 'user-agent') ?? '',
      };
      return (kind, action, json) => (written) => {
        const resource = json(written);
        const event = webhookEvent(kind, action, resource, context);
        // Sent as the answer gives it: its text made once, for both (a deletion's data is another object).
        if (event.data !== resource) return messagesOfBody(event, () => JSON.stringify(event), endpoints, timestamp);
        return messagesOfBody(event, () => {
          const text = JSON.stringify(resource);
          texts.set(written, { json, text });
          return eventText(event, text);
        }, endpoints, timestamp);
      };
    },
  };
}
