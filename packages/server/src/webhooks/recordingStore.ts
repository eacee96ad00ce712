import type { AttributesChange, MetadataChange, MetadataStore, StoredResource } from '../store/metadataStore.js';
import type { ResourceKind } from '../store/resourceKind.js';
import type { WebhookMessage, WebhookOutbox } from './webhookOutbox.js';

/**
 * What a write records beside itself: the messages of its change, made from the resource as written (a deleted
 * one: as it was). A store calls it inside the write's atomic step, once per write that happens (never for a
 * missing resource, a refused or a throwing change), and keeps only the messages of the call that committed: a
 * store that applies a change again (a lost race, a batch written again) calls it again.
 *
 * @public
 */
export type RecordMessages = (written: StoredResource) => readonly WebhookMessage[];

/**
 * What {@link RecordingStore.insert} checks beside its own key.
 *
 * @public
 */
export interface InsertOptions {
  /**
   * Resources that must exist when the insert is applied (a membership's organization and user). The store checks
   * them in the insert's own atomic step: when one is missing it writes nothing, records nothing and answers
   * `false`; one deleted after that step is deleted after the insert (and takes an inserted membership with it).
   */
  readonly requires?: readonly { readonly kind: ResourceKind; readonly key: string }[];
}

/**
 * A {@link MetadataStore} that records webhook messages in the same atomic step as the change they describe, in
 * its {@link RecordingStore.webhookOutbox}: a change and its messages are written together or not at all.
 *
 * @remarks
 * Every write takes an optional last argument `record` ({@link RecordMessages}); without it nothing is recorded.
 * `memoryStore`, `exclusivePostgresStore` and `postgresStore` are recording stores.
 *
 * @public
 */
export interface RecordingStore extends MetadataStore {
  /** Where the recorded messages wait for delivery. */
  readonly webhookOutbox: WebhookOutbox;
  /**
   * {@link MetadataStore.insert}, recording `record(resource)` when it inserts; `false` (having written and recorded
   * nothing) also when a resource `options.requires` names does not exist.
   */
  insert(resource: StoredResource, record?: RecordMessages, options?: InsertOptions): Promise<boolean>;
  /** {@link MetadataStore.delete}, recording `record(deleted)` when it deletes. */
  delete(kind: ResourceKind, key: string, record?: RecordMessages): Promise<StoredResource | undefined>;
  /** {@link MetadataStore.changeMetadata}, recording `record(updated)` with the change. */
  changeMetadata(kind: ResourceKind, key: string, change: MetadataChange, updatedAt: number, record?: RecordMessages): Promise<StoredResource | undefined>;
  /** {@link MetadataStore.changeAttributes}, recording `record(updated)` with the change. */
  changeAttributes(kind: ResourceKind, key: string, change: AttributesChange, updatedAt: number, record?: RecordMessages): Promise<StoredResource | undefined>;
}

/**
 * Whether a store records webhook messages (has a {@link RecordingStore.webhookOutbox}).
 *
 * @public
 */
export function isRecordingStore(store: MetadataStore): store is RecordingStore {
  const outbox = (store as Partial<RecordingStore>).webhookOutbox;
  return typeof outbox === 'object' && outbox !== null && typeof outbox.claimDue === 'function';
}
