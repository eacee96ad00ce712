/**
 * An embeddable, Clerk-compatible metadata server: a web-standard Fetch
 * handler for Clerk's user, organization and membership operations around metadata,
 * on the semantics of `@metadata-semantics/core`, with atomic stores.
 *
 * This entry runs on any runtime with `fetch`'s `Request` and `Response`
 * (Node, Bun, Deno, Cloudflare Workers): it imports no `node:` module and no
 * database driver. Node's server helper is in `@metadata-semantics/server/node`.
 *
 * @packageDocumentation
 */
export { createMetadataHandler } from './handler/createMetadataHandler.js';
export { DEFAULT_MAX_BODY_BYTES } from './handler/handlerOptions.js';
export type { FrontendApiOptions, MetadataHandlerOptions, MetadataHandlerSchemas } from './handler/handlerOptions.js';
export type { RsaPrivateJwk } from './api/frontend/sessionTokenSigner.js';
export { defineConfig } from './cli/serverConfig.js';
export type { ConfigHandlerOptionName, MetadataServerConfig } from './cli/serverConfig.js';
export { StoreConflictError, StoreUnavailableError, UniqueValueTakenError } from './store/metadataStore.js';
export { DuplicateUniqueValuesError } from './store/postgres/duplicateUniqueValuesError.js';
export type {
  AttributesChange,
  MetadataChange,
  MetadataStore,
  ResourceCondition,
  ResourceListQuery,
  ResourceOrder,
  ResourceQuery,
  StoredResource,
} from './store/metadataStore.js';
export type { ResourceKind } from './store/resourceKind.js';
export { listFields } from './store/listFields.js';
export type { ListFieldOnKind, ListFieldSource, ListFieldTable, ResourceField } from './store/listFields.js';
export { memoryStore } from './store/memory/memoryStore.js';
export { exclusivePostgresStore } from './store/postgres/exclusivePostgresStore.js';
export type { ExclusivePostgresStoreOptions } from './store/postgres/exclusivePostgresStore.js';
export { postgresStore } from './store/postgres/postgresStore.js';
export type { PostgresMetadataStore, PostgresStoreOptions } from './store/postgres/postgresStore.js';
export type { SqlClient } from './store/postgres/sqlClient.js';
export type { MetadataWebhookOptions } from './handler/metadataWebhookOptions.js';
export { isRecordingStore } from './webhooks/recordingStore.js';
export type { InsertOptions, RecordingStore, RecordMessages } from './webhooks/recordingStore.js';
export { webhookEvent, webhookEventType } from './webhooks/webhookEvent.js';
export type {
  ClerkWebhookEvent,
  DeletedOrganizationData,
  DeletedUserData,
  EventTypePrefixes,
  WebhookAction,
  WebhookEventContext,
  WebhookEventData,
  WebhookEventType,
  WebhookEventTypeOf,
  WebhookHttpRequest,
} from './webhooks/webhookEvent.js';
export { generateWebhookSecret } from './webhooks/webhookSecret.js';
export { webhookSigner } from './webhooks/webhookSigner.js';
export type { WebhookSigner, WebhookSignatureHeaders } from './webhooks/webhookSigner.js';
export { webhookMessages } from './webhooks/webhookMessages.js';
export type { WebhookEndpoint } from './webhooks/webhookMessages.js';
export type { WebhookAttempt, WebhookMessage, WebhookMessageState, WebhookOutbox, WebhookOutboxEntry } from './webhooks/webhookOutbox.js';
export { memoryWebhookOutbox } from './webhooks/memoryWebhookOutbox.js';
export type { MemoryWebhookOutbox, MemoryWebhookOutboxOptions } from './webhooks/memoryWebhookOutbox.js';
export { webhookDelivery } from './webhooks/webhookDelivery.js';
export type { WebhookAttemptOutcome, WebhookDelivery, WebhookDeliveryOptions } from './webhooks/webhookDelivery.js';
export { DEFAULT_MAX_AGE, DEFAULT_RETRY_DELAYS } from './webhooks/retrySchedule.js';
export type { DeliveryClock } from './webhooks/deliveryClock.js';
export { systemClock } from './webhooks/deliveryClock.js';
