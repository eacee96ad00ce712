import { membershipOwner } from './internal/membershipKey.js';
import type { MetadataChange, MetadataStore, ResourceKind, StoredResource } from './metadataStore.js';

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
 * @example
 * ```ts
 * const store = memoryStore();
 * await store.get('user', 'user_missing'); // => undefined
 * ```
 *
 * @public
 */
export function memoryStore(): MetadataStore {
  const records = new Map<string, StoredResource>();
  const slot = (kind: ResourceKind, key: string): string => `${kind}\u0000${key}`;

  return {
    async insert(resource) {
      const id = slot(resource.kind, resource.key);
      if (records.has(id)) return false;
      records.set(id, resource);
      return true;
    },
    async get(kind, key) {
      return records.get(slot(kind, key));
    },
    async delete(kind, key) {
      const id = slot(kind, key);
      const deleted = records.get(id);
      if (deleted === undefined) return undefined;
      // No await from here on: the resource and its memberships go in one step.
      records.delete(id);
      if (kind !== 'organization_membership') {
        for (const [membershipId, record] of records) {
          if (record.kind === 'organization_membership' && membershipOwner(record.key, kind) === key) {
            records.delete(membershipId);
          }
        }
      }
      return deleted;
    },
    async changeMetadata(kind: ResourceKind, key: string, change: MetadataChange, updatedAt: number) {
      const id = slot(kind, key);
      const current = records.get(id);
      if (current === undefined) return undefined;
      // No await between the read and the write: the change is atomic.
      const next: StoredResource = {
        ...current,
        metadata: change(current.metadata),
        updatedAt,
        version: current.version + 1,
      };
      records.set(id, next);
      return next;
    },
  };
}
