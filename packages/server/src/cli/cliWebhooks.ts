// The command-line server's webhook delivery: one log line per attempt, stopped before the store closes.
import { nodeWebhookFetch } from '../adapter/node/nodeWebhookFetch.js';
import type { MetadataWebhookOptions } from '../handler/metadataWebhookOptions.js';
import type { MetadataStore } from '../store/metadataStore.js';
import { isRecordingStore } from '../webhooks/recordingStore.js';
import { webhookDelivery, type WebhookAttemptOutcome } from '../webhooks/webhookDelivery.js';
import type { WebhookEndpoint } from '../webhooks/webhookMessages.js';
import type { WebhookAttempt, WebhookOutboxEntry } from '../webhooks/webhookOutbox.js';

export interface CliWebhooks {
  /** The handler's `webhooks` option; `undefined` without endpoints. */
  readonly options: MetadataWebhookOptions | undefined;
  /** For the banner. */
  readonly description: string;
  /** Stops starting attempts, once those under way are marked. */
  stop(): Promise<void>;
}

/** One log line per attempt: `webhook user.updated msg_… -> http://… 200 (delivered)`. */
export function attemptLogLine(entry: WebhookOutboxEntry, attempt: WebhookAttempt, outcome: WebhookAttemptOutcome): string {
  const result = attempt.status === null ? `no answer: ${attempt.error ?? ''}` : String(attempt.status);
  return `webhook ${entry.type} ${entry.id} -> ${entry.endpoint} ${result} (${outcome})`;
}

export function cliWebhookDelivery(
  store: MetadataStore,
  configured: { readonly endpoints: readonly WebhookEndpoint[]; readonly secret: string; readonly keptAt?: string },
  log: (line: string) => void,
): CliWebhooks {
  const { endpoints, secret, keptAt } = configured;
  if (endpoints.length === 0 || !isRecordingStore(store)) return { options: undefined, description: 'none (set WEBHOOK_URL to send them)', stop: async () => {} };
  const delivery = webhookDelivery({
    outbox: store.webhookOutbox,
    endpoints,
    fetch: nodeWebhookFetch(),
    onAttempt: (entry, attempt, outcome) => log(attemptLogLine(entry, attempt, outcome)),
    onError: (error) => process.stderr.write(`metadata-semantics-server: webhook delivery: ${String(error)}\n`),
  });
  const types = endpoints[0]!.eventTypes === undefined ? 'every event' : endpoints[0]!.eventTypes.join(', ');
  const origin = keptAt === undefined ? '' : `, kept in ${keptAt}`;
  return {
    options: { endpoints, delivery },
    description: `${endpoints.map((endpoint) => endpoint.url).join(', ')} (${types}; signing secret ${secret}${origin})`,
    stop: () => delivery.stop(),
  };
}
