// The command-line server's webhook delivery: one log line per attempt, stopped before the store closes.
import { nodeWebhookFetch } from '../adapter/node/nodeWebhookFetch.js';
import { nodeWebhookSigner } from '../adapter/node/nodeWebhookSigner.js';
import type { MetadataWebhookOptions } from '../handler/metadataWebhookOptions.js';
import type { MetadataStore } from '../store/metadataStore.js';
import { isRecordingStore } from '../webhooks/recordingStore.js';
import { webhookDelivery, type WebhookAttemptOutcome, type WebhookDelivery } from '../webhooks/webhookDelivery.js';
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

/**
 * The delivery of the command line: the settings' endpoints (WEBHOOK_URL) when there are any, otherwise the
 * configuration file's (`fromFile.endpoints`); the file's other webhooks options (instance id, client address,
 * delivery) apply to either.
 */
export function cliWebhookDelivery(
  store: MetadataStore,
  configured: { readonly endpoints: readonly WebhookEndpoint[]; readonly secret: string; readonly keptAt?: string },
  log: (line: string) => void,
  fromFile?: MetadataWebhookOptions,
): CliWebhooks {
  const fromSettings = configured.endpoints.length > 0;
  const endpoints = fromSettings ? configured.endpoints : (fromFile?.endpoints ?? []);
  if (endpoints.length === 0 || !isRecordingStore(store)) return { options: undefined, description: 'none (set WEBHOOK_URL to send them)', stop: async () => {} };
  const { delivery: chosen, ...rest } = fromFile ?? {};
  let delivery: WebhookDelivery | false;
  if (chosen === false) delivery = false;
  else if (chosen !== undefined && 'wake' in chosen) delivery = chosen;
  else {
    delivery = webhookDelivery({
      fetch: nodeWebhookFetch(),
      signer: nodeWebhookSigner,
      onError: (error) => process.stderr.write(`metadata-semantics-server: webhook delivery: ${String(error)}\n`),
      ...chosen,
      outbox: store.webhookOutbox,
      endpoints,
      onAttempt: (entry, attempt, outcome) => {
        log(attemptLogLine(entry, attempt, outcome));
        chosen?.onAttempt?.(entry, attempt, outcome);
      },
    });
  }
  const types = endpoints[0]!.eventTypes === undefined ? 'every event' : endpoints[0]!.eventTypes.join(', ');
  const origin = configured.keptAt === undefined ? '' : `, kept in ${configured.keptAt}`;
  const signing = fromSettings ? `signing secret ${configured.secret}${origin}` : 'from the configuration file';
  const delivering = delivery === false ? '; delivered by another process' : '';
  return {
    options: { ...rest, endpoints, delivery },
    description: `${endpoints.map((endpoint) => endpoint.url).join(', ')} (${types}; ${signing}${delivering})`,
    stop: async () => {
      if (delivery !== false) await delivery.stop();
    },
  };
}
