import { membershipOwner } from './internal/membershipKey.js';
import { compareCodePoints, conditionTest, sortResources } from './internal/resourceFields.js';
import type {
  AttributesChange,
  MetadataChange,
  MetadataStore,
  ResourceKind,
  ResourceListQuery,
  ResourceOrder,
  ResourceQuery,
  StoredResource,
} from './metadataStore.js';

type Owner = 'user' | 'organization';

/** The keys of one kind in creation order (`createdAt`, then key): a page of the default order is a slice. */
class CreationOrder {
  readonly entries: { createdAt: number; key: string }[] = [];

  /** Where (`createdAt`, `key`) is or would go: the first entry not before it. */
  private position(createdAt: number, key: string): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.entries[middle]!;
      if ((entry.createdAt - createdAt || compareCodePoints(entry.key, key)) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  add(createdAt: number, key: string): void {
    const last = this.entries[this.entries.length - 1];
    // New resources usually come last: appending costs nothing.
    if (last === undefined || (last.createdAt - createdAt || compareCodePoints(last.key, key)) < 0) this.entries.push({ createdAt, key });
    else this.entries.splice(this.position(createdAt, key), 0, { createdAt, key });
  }

  remove(createdAt: number, key: string): void {
    const index = this.position(createdAt, key);
    if (this.entries[index]?.key === key && this.entries[index].createdAt === createdAt) this.entries.splice(index, 1);
  }
}

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
 * and its count is a length; another order is sorted once per change of the
 * kind, so paging through it is a slice too. Memberships are indexed by
 * organization and by user; other conditions read every resource of the kind.
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
  const records: Record<ResourceKind, Map<string, StoredResource>> = { user: new Map(), organization: new Map(), organization_membership: new Map() };
  const order: Record<ResourceKind, CreationOrder> = {
    user: new CreationOrder(),
    organization: new CreationOrder(),
    organization_membership: new CreationOrder(),
  };
  const membershipsOf: Record<Owner, Map<string, Set<string>>> = { user: new Map(), organization: new Map() };
  // Writes per kind, and whole-kind sorts made since the last one (paging an order does not sort again).
  const generation: Record<ResourceKind, number> = { user: 0, organization: 0, organization_membership: 0 };
  const sorted = new Map<string, { generation: number; resources: StoredResource[] }>();

  function write(resource: StoredResource): void {
    const previous = records[resource.kind].get(resource.key);
    records[resource.kind].set(resource.key, resource);
    generation[resource.kind]++;
    if (resource.kind === 'organization_membership') generation.organization++;
    if (previous?.createdAt === resource.createdAt) return;
    if (previous !== undefined) order[resource.kind].remove(previous.createdAt, previous.key);
    order[resource.kind].add(resource.createdAt, resource.key);
    if (previous === undefined && resource.kind === 'organization_membership') {
      for (const owner of ['user', 'organization'] as const) {
        const ownerKey = membershipOwner(resource.key, owner);
        if (ownerKey === undefined) continue;
        const keys = membershipsOf[owner].get(ownerKey) ?? new Set<string>();
        membershipsOf[owner].set(ownerKey, keys.add(resource.key));
      }
    }
  }

  function remove(resource: StoredResource): void {
    records[resource.kind].delete(resource.key);
    order[resource.kind].remove(resource.createdAt, resource.key);
    generation[resource.kind]++;
    if (resource.kind !== 'organization_membership') return;
    generation.organization++;
    for (const owner of ['user', 'organization'] as const) {
      const ownerKey = membershipOwner(resource.key, owner);
      const keys = ownerKey === undefined ? undefined : membershipsOf[owner].get(ownerKey);
      keys?.delete(resource.key);
      if (keys?.size === 0) membershipsOf[owner].delete(ownerKey!);
    }
  }

  /** Every resource of a kind, in creation order. */
  function all(kind: ResourceKind): StoredResource[] {
    const byKey = records[kind];
    return order[kind].entries.map((entry) => byKey.get(entry.key)!);
  }

  /** The resources a query can match: an owner's memberships, or named ids, from an index; else all of the kind. */
  function candidates(query: ResourceQuery): StoredResource[] {
    const kind = query.kind;
    for (const condition of query.where ?? []) {
      if (!('anyOf' in condition)) continue;
      const owner = condition.field === 'user_id' ? 'user' : condition.field === 'organization_id' ? 'organization' : undefined;
      if (kind === 'organization_membership' && owner !== undefined) {
        const keys = new Set(condition.anyOf.flatMap((ownerKey) => [...(membershipsOf[owner].get(ownerKey) ?? [])]));
        return [...keys].map((key) => records[kind].get(key)!);
      }
      if (kind !== 'organization_membership' && condition.field === 'id') {
        return [...new Set(condition.anyOf)].flatMap((key) => records[kind].get(key) ?? []);
      }
    }
    return all(kind);
  }

  function matching(query: ResourceQuery): StoredResource[] {
    const tests = (query.where ?? []).map(conditionTest);
    return candidates(query).filter((resource) => tests.every((test) => test(resource)));
  }

  const membersCount = (organizationKey: string): number => membershipsOf.organization.get(organizationKey)?.size ?? 0;

  /** A whole kind in another order than creation: sorted once per generation of the kind. */
  function sortedKind(kind: ResourceKind, orderBy: ResourceOrder): StoredResource[] {
    const cacheKey = `${kind} ${orderBy.field} ${orderBy.descending}`;
    const cached = sorted.get(cacheKey);
    if (cached?.generation === generation[kind]) return cached.resources;
    const resources = sortResources(all(kind), orderBy, membersCount);
    sorted.set(cacheKey, { generation: generation[kind], resources });
    return resources;
  }

  return {
    async insert(resource) {
      if (records[resource.kind].has(resource.key)) return false;
      write(resource);
      return true;
    },
    async get(kind, key) {
      return records[kind].get(key);
    },
    async delete(kind, key) {
      const deleted = records[kind].get(key);
      if (deleted === undefined) return undefined;
      // No await from here on: the resource and its memberships go in one step.
      remove(deleted);
      if (kind !== 'organization_membership') {
        for (const membershipKey of [...(membershipsOf[kind].get(key) ?? [])]) {
          remove(records.organization_membership.get(membershipKey)!);
        }
      }
      return deleted;
    },
    async changeMetadata(kind: ResourceKind, key: string, change: MetadataChange, updatedAt: number) {
      const current = records[kind].get(key);
      if (current === undefined) return undefined;
      // No await between the read and the write: the change is atomic.
      const next: StoredResource = { ...current, metadata: change(current.metadata), updatedAt, version: current.version + 1 };
      write(next);
      return next;
    },
    async changeAttributes(kind: ResourceKind, key: string, change: AttributesChange, updatedAt: number) {
      const current = records[kind].get(key);
      if (current === undefined) return undefined;
      const { attributes, createdAt } = change(current);
      const next: StoredResource = { ...current, attributes, createdAt, updatedAt, version: current.version + 1 };
      write(next);
      return next;
    },
    async list(query: ResourceListQuery) {
      const orderBy = query.orderBy ?? { field: 'created_at', descending: true };
      const end = query.offset + query.limit;
      if ((query.where ?? []).length > 0) return sortResources(matching(query), orderBy, membersCount).slice(query.offset, end);
      if (orderBy.field !== 'created_at') return sortedKind(query.kind, orderBy).slice(query.offset, end);
      // The creation order itself: a slice, from the end when newest first.
      const entries = order[query.kind].entries;
      const page = orderBy.descending
        ? entries.slice(Math.max(0, entries.length - end), Math.max(0, entries.length - query.offset)).reverse()
        : entries.slice(query.offset, end);
      return page.map((entry) => records[query.kind].get(entry.key)!);
    },
    async count(query: ResourceQuery) {
      if ((query.where ?? []).length === 0) return order[query.kind].entries.length;
      return matching(query).length;
    },
  };
}
