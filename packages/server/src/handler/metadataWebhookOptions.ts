import type { WebhookDelivery, WebhookDeliveryOptions } from '../webhooks/webhookDelivery.js';
import type { WebhookEndpoint } from '../webhooks/webhookMessages.js';

/**
 * The `webhooks` option of {@link createMetadataHandler}: where Clerk's webhook events of every change are sent.
 *
 * @remarks
 * With endpoints, each write the handler makes records its event's messages in the store's outbox in the same
 * atomic step as the change (the store must be a {@link RecordingStore}: `memoryStore`, `exclusivePostgresStore`
 * or `postgresStore`), and a delivery sends them signed, with retries, never making the request wait. With none
 * (or without this option) nothing is recorded. docs/webhooks.md tells the guarantees.
 *
 * @public
 */
export interface MetadataWebhookOptions {
  /** Where events go: each a URL, its signing secret (`whsec_…`) and, optionally, the event types it takes. */
  readonly endpoints: readonly WebhookEndpoint[];
  /** The events' `instance_id`. Default: `ins_` and 27 characters derived from the secret key (stable, no file). */
  readonly instanceId?: string;
  /**
   * The address a request came from, for the events' `client_ip`: for an app behind a proxy (read a forwarding
   * header). Default: the socket's address under `serveNodeHttp`, otherwise empty.
   */
  readonly clientIp?: (request: Request) => string;
  /**
   * Who delivers: by default the handler makes a {@link webhookDelivery} over the store's outbox and starts it
   * (its timers keep no process alive); pass one of your own to observe or stop it (the command-line server
   * does, to log each attempt and stop before closing the store), with the options it needs here, or `false`
   * when another process delivers from the same database (`postgresStore`).
   */
  readonly delivery?: WebhookDelivery | false | Omit<WebhookDeliveryOptions, 'outbox' | 'endpoints'>;
}
