import { listFields, type ListFieldTable } from '../listFields.js';
import { memoryWebhookOutbox } from '../../webhooks/memoryWebhookOutbox.js';
import type { RecordingStore, RecordMessages } from '../../webhooks/recordingStore.js';
import { ResourceIndex } from './resourceIndex.js';
import { changeAttributesIn, changeMetadataIn, deleteFrom, insertInto } from './resourceWrites.js';

/**
 * A {@link MetadataStore} in this process's memory: for tests, demos and
 * single-process embedding.
 *
 * @returns an empty store
 *
 * @remarks
 * Atomicity: `changeMetadata` reads, applies the change and writes in one
 * synchronous step, so JavaScript's single thread serialises every change and
 * none can be lost. Data lives as long as the store object; several processes
 * do not share it (use {@link postgresStore} for that).
 *
 * Lists: each kind's keys are kept in creation order, so a page of the
 * default order (newest first) without conditions is a slice at any offset,
 * and its count is a length; another order is sorted once until a change can
 * move it (a metadata change moves only `updated_at`), so paging through it is
 * a slice too. An `anyOf` condition (an email address, a username, an owner's
 * memberships, ids) reads the resources holding the value from an index; the
 * other conditions (`noneOf`, text queries) test every resource of the kind,
 * with each record's lower-cased values computed once.
 *
 * Unique slugs: `insert` and `changeAttributes` check an organization's slug against the slug index in the
 * same synchronous step as the write ({@link UniqueValueTakenError}).
 * The resources an insert `requires` ({@link InsertOptions}) are looked up in its step too.
 *
 * Webhooks: a write given `record` puts its messages in the store's `webhookOutbox` (a {@link memoryWebhookOutbox})
 * in the same synchronous step as the change ({@link RecordingStore}).
 *
 * @example
 * ```ts
 * const store = memoryStore();
 * await store.get('user', 'user_missing'); // => undefined
 * ```
 *
 * @public
 */
export function memoryStore(): RecordingStore {
  return memoryStoreOf(listFields);
}

/**
 * {@link memoryStore} over another field table (a test's, with a field of its own).
 *
 * @internal
 */
export function memoryStoreOf(fields: ListFieldTable): RecordingStore {
  // Each operation is one synchronous step on the index: JavaScript's single thread makes it atomic.
  const index = new ResourceIndex('object', fields);
  const webhookOutbox = memoryWebhookOutbox();
  const recording = (record: RecordMessages | undefined) =>
    record === undefined ? undefined : (written: Parameters<RecordMessages>[0]) => webhookOutbox.recordNow(record(written));
  return {
    webhookOutbox,
    insert: async (resource, record, options) => insertInto(index, resource, recording(record), options?.requires),
    get: async (kind, key) => index.get(kind, key),
    delete: async (kind, key, record) => deleteFrom(index, kind, key, recording(record)),
    changeMetadata: async (kind, key, change, updatedAt, record) => changeMetadataIn(index, kind, key, change, updatedAt, recording(record)),
    changeAttributes: async (kind, key, change, updatedAt, record) => changeAttributesIn(index, kind, key, change, updatedAt, recording(record)),
    list: async (query) => index.list(query),
    count: async (query) => index.count(query),
  };
}
