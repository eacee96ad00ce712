import type { MetadataStore } from '../store/metadataStore.js';
import { isRecordingStore, type RecordingStore } from '../webhooks/recordingStore.js';

/** The store as routes write through it: a recording store's writes, which take `record` and an insert's `requires`. */
export type RouteStore = Omit<RecordingStore, 'webhookOutbox'>;

/**
 * The store the routes write through. A recording store checks an insert's `requires` in the insert's own atomic
 * step. Any other store (a store of your own, never given webhooks, so nothing is recorded) gets the check in two
 * steps: it inserts, the required resources are read again, and the resource is deleted again (the insert answering
 * `false`) when one of them is gone, so that a membership never outlives an owner deleted while it was created.
 */
export function routeStore(store: MetadataStore): RouteStore {
  if (isRecordingStore(store)) return store;
  return {
    async insert(resource, _record, options) {
      if (!(await store.insert(resource))) return false;
      const required = await Promise.all((options?.requires ?? []).map(({ kind, key }) => store.get(kind, key)));
      if (required.every((found) => found !== undefined)) return true;
      await store.delete(resource.kind, resource.key);
      return false;
    },
    get: (kind, key) => store.get(kind, key),
    delete: (kind, key) => store.delete(kind, key),
    changeMetadata: (kind, key, change, updatedAt) => store.changeMetadata(kind, key, change, updatedAt),
    changeAttributes: (kind, key, change, updatedAt) => store.changeAttributes(kind, key, change, updatedAt),
    list: (query) => store.list(query),
    count: (query) => store.count(query),
  };
}
