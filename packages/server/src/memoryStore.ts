import { ResourceIndex } from './internal/resourceIndex.js';
import type { AttributesChange, MetadataChange, MetadataStore, ResourceKind, ResourceListQuery, ResourceQuery, StoredResource } from './metadataStore.js';

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
 * @example
 * ```ts
 * const store = memoryStore();
 * await store.get('user', 'user_missing'); // => undefined
 * ```
 *
 * @public
 */
export function memoryStore(): MetadataStore {
  const index = new ResourceIndex();
  return {
    async insert(resource) {
      if (index.get(resource.kind, resource.key) !== undefined) return false;
      index.put(resource);
      return true;
    },
    async get(kind, key) {
      return index.get(kind, key);
    },
    async delete(kind, key) {
      const deleted = index.get(kind, key);
      if (deleted === undefined) return undefined;
      // No await from here on: the resource and its memberships go in one step.
      index.remove(deleted);
      if (kind !== 'organization_membership') {
        for (const membershipKey of index.memberships(kind, key)) index.remove(index.get('organization_membership', membershipKey)!);
      }
      return deleted;
    },
    async changeMetadata(kind: ResourceKind, key: string, change: MetadataChange, updatedAt: number) {
      const current = index.get(kind, key);
      if (current === undefined) return undefined;
      // No await between the read and the write: the change is atomic.
      const next: StoredResource = { ...current, metadata: change(current.metadata), updatedAt, version: current.version + 1 };
      index.put(next);
      return next;
    },
    async changeAttributes(kind: ResourceKind, key: string, change: AttributesChange, updatedAt: number) {
      const current = index.get(kind, key);
      if (current === undefined) return undefined;
      const { attributes, createdAt } = change(current);
      const next: StoredResource = { ...current, attributes, createdAt, updatedAt, version: current.version + 1 };
      index.put(next);
      return next;
    },
    async list(query: ResourceListQuery) {
      return index.list(query);
    },
    async count(query: ResourceQuery) {
      return index.count(query);
    },
  };
}
