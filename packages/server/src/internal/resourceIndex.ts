import type { ResourceField, ResourceKind, ResourceListQuery, ResourceOrder, ResourceQuery, StoredResource } from '../metadataStore.js';
import { membershipOwner } from './membershipKey.js';
import type { Owner } from './resourceWrites.js';
import { compareCodePoints, conditionTest, fieldValues, sortResources } from './resourceFields.js';
import type { ResourceState } from './resourceWrites.js';
import { isStorableText } from './storableText.js';

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

const perKind = <T>(make: () => T): Record<ResourceKind, T> => ({ user: make(), organization: make(), organization_membership: make() });

/**
 * Every resource in this process's memory, with what makes lists cheap: each kind's keys in creation order
 * (a page of the default order is a slice, a count a length), memberships by organization and by user, an
 * index from a field's value to the keys holding it (built on a field's first `anyOf` query, kept up to date
 * after), and each other order sorted once until a change can move it. Synchronous: a store that holds one
 * serialises its changes around it. Records are values: it never mutates one.
 */
export class ResourceIndex implements ResourceState {
  private readonly records = perKind(() => new Map<string, StoredResource>());
  private readonly order = perKind(() => new CreationOrder());
  private readonly membershipsOf: Record<Owner, Map<string, Set<string>>> = { user: new Map(), organization: new Map() };
  /** `kind field` → value → keys, for the fields an `anyOf` condition has asked for. */
  private readonly valueIndexes = new Map<string, Map<string, Set<string>>>();
  /** Per kind: changes that can move a resource in an order other than `updated_at` (attributes, creation, members). */
  private readonly orderGeneration = perKind(() => 0);
  /** Per kind: every change (an `updated_at` order moves with each). */
  private readonly writeGeneration = perKind(() => 0);
  private readonly sorted = new Map<string, { generation: number; keys: string[] }>();

  get(kind: ResourceKind, key: string): StoredResource | undefined {
    return this.records[kind].get(key);
  }

  /** How many resources of the kind there are. */
  size(kind: ResourceKind): number {
    return this.records[kind].size;
  }

  /** The keys of the memberships of an organization or a user. */
  memberships(owner: Owner, key: string): string[] {
    return [...(this.membershipsOf[owner].get(key) ?? [])];
  }

  /** The keys of the resources of a kind that hold a value of a field (its value index, built on first use). */
  holders(kind: ResourceKind, field: ResourceField, value: string): string[] {
    return [...(this.valueIndex(kind, field).get(value) ?? [])];
  }

  /** Inserts a resource or replaces the one of its kind and key. */
  put(resource: StoredResource): void {
    const { kind, key } = resource;
    const previous = this.records[kind].get(key);
    this.records[kind].set(key, resource);
    this.writeGeneration[kind]++;
    // A metadata change keeps the attributes (the same object) and the creation time: no order but updated_at moves.
    if (previous?.attributes === resource.attributes && previous.createdAt === resource.createdAt) return;
    this.orderGeneration[kind]++;
    this.reindexValues(previous, resource);
    if (previous?.createdAt !== resource.createdAt) {
      if (previous !== undefined) this.order[kind].remove(previous.createdAt, key);
      this.order[kind].add(resource.createdAt, key);
    }
    if (previous === undefined && kind === 'organization_membership') this.addMembership(key);
  }

  /** Removes a resource, if there is one. */
  remove(kind: ResourceKind, key: string): void {
    const resource = this.records[kind].get(key);
    if (resource === undefined) return;
    this.records[kind].delete(key);
    this.order[kind].remove(resource.createdAt, key);
    this.writeGeneration[kind]++;
    this.orderGeneration[kind]++;
    this.reindexValues(resource, undefined);
    if (kind === 'organization_membership') this.removeMembership(key);
  }

  private addMembership(key: string): void {
    this.orderGeneration.organization++;
    for (const owner of ['user', 'organization'] as const) {
      const ownerKey = membershipOwner(key, owner);
      if (ownerKey === undefined) continue;
      const keys = this.membershipsOf[owner].get(ownerKey) ?? new Set<string>();
      this.membershipsOf[owner].set(ownerKey, keys.add(key));
    }
  }

  private removeMembership(key: string): void {
    this.orderGeneration.organization++;
    for (const owner of ['user', 'organization'] as const) {
      const ownerKey = membershipOwner(key, owner);
      const keys = ownerKey === undefined ? undefined : this.membershipsOf[owner].get(ownerKey);
      keys?.delete(key);
      if (keys?.size === 0) this.membershipsOf[owner].delete(ownerKey!);
    }
  }

  /** Moves a resource's entries in every built value index of its kind. */
  private reindexValues(previous: StoredResource | undefined, next: StoredResource | undefined): void {
    const { kind, key } = (next ?? previous)!;
    for (const [name, index] of this.valueIndexes) {
      if (!name.startsWith(`${kind} `)) continue;
      const field = name.slice(kind.length + 1) as ResourceField;
      if (previous !== undefined) {
        for (const value of fieldValues(previous, field)) {
          const keys = index.get(value);
          keys?.delete(key);
          if (keys?.size === 0) index.delete(value);
        }
      }
      if (next !== undefined) for (const value of fieldValues(next, field)) index.set(value, (index.get(value) ?? new Set()).add(key));
    }
  }

  /** The keys holding each value of a field, built on first use. */
  private valueIndex(kind: ResourceKind, field: ResourceField): Map<string, Set<string>> {
    const name = `${kind} ${field}`;
    let index = this.valueIndexes.get(name);
    if (index === undefined) {
      index = new Map();
      for (const resource of this.records[kind].values()) {
        for (const value of fieldValues(resource, field)) index.set(value, (index.get(value) ?? new Set()).add(resource.key));
      }
      this.valueIndexes.set(name, index);
    }
    return index;
  }

  /** The keys that can meet an `anyOf` condition: a user's or an organization's own ids, an owner's memberships, or a value index. */
  private keysWithAny(kind: ResourceKind, field: ResourceField, values: readonly string[]): Set<string> {
    const wanted = new Set(values.filter(isStorableText));
    const keys = new Set<string>();
    for (const value of wanted) {
      if (field === 'id' && kind !== 'organization_membership') {
        if (this.records[kind].has(value)) keys.add(value);
        continue;
      }
      const owner = field === 'user_id' ? 'user' : field === 'organization_id' ? 'organization' : undefined;
      const found = kind === 'organization_membership' && owner !== undefined ? this.membershipsOf[owner].get(value) : this.valueIndex(kind, field).get(value);
      for (const key of found ?? []) keys.add(key);
    }
    return keys;
  }

  /** Every resource of a kind, in creation order. */
  private all(kind: ResourceKind): StoredResource[] {
    const byKey = this.records[kind];
    return this.order[kind].entries.map((entry) => byKey.get(entry.key)!);
  }

  /** The resources a query can match: those of its narrowest `anyOf` condition, else every one of the kind. */
  private candidates(query: ResourceQuery): StoredResource[] {
    let narrowest: Set<string> | undefined;
    for (const condition of query.where ?? []) {
      if (!('anyOf' in condition)) continue;
      const keys = this.keysWithAny(query.kind, condition.field, condition.anyOf);
      if (narrowest === undefined || keys.size < narrowest.size) narrowest = keys;
    }
    if (narrowest === undefined) return this.all(query.kind);
    return [...narrowest].map((key) => this.records[query.kind].get(key)!);
  }

  private matching(query: ResourceQuery): StoredResource[] {
    const tests = (query.where ?? []).map(conditionTest);
    return this.candidates(query).filter((resource) => tests.every((test) => test(resource)));
  }

  private readonly membersCount = (organizationKey: string): number => this.membershipsOf.organization.get(organizationKey)?.size ?? 0;

  /** The keys of a whole kind in another order than creation: sorted once until a change can move them. */
  private sortedKeys(kind: ResourceKind, orderBy: ResourceOrder): string[] {
    const cacheKey = `${kind} ${orderBy.field} ${orderBy.descending}`;
    const generation = orderBy.field === 'updated_at' ? this.writeGeneration[kind] : this.orderGeneration[kind];
    const cached = this.sorted.get(cacheKey);
    if (cached?.generation === generation) return cached.keys;
    const keys = sortResources(this.all(kind), orderBy, this.membersCount).map((resource) => resource.key);
    this.sorted.set(cacheKey, { generation, keys });
    return keys;
  }

  list(query: ResourceListQuery): StoredResource[] {
    const orderBy = query.orderBy ?? { field: 'created_at', descending: true };
    const end = query.offset + query.limit;
    const byKey = this.records[query.kind];
    if ((query.where ?? []).length > 0) return sortResources(this.matching(query), orderBy, this.membersCount).slice(query.offset, end);
    if (orderBy.field !== 'created_at') return this.sortedKeys(query.kind, orderBy).slice(query.offset, end).map((key) => byKey.get(key)!);
    // The creation order itself: a slice, from the end when newest first.
    const entries = this.order[query.kind].entries;
    const page = orderBy.descending
      ? entries.slice(Math.max(0, entries.length - end), Math.max(0, entries.length - query.offset)).reverse()
      : entries.slice(query.offset, end);
    return page.map((entry) => byKey.get(entry.key)!);
  }

  count(query: ResourceQuery): number {
    if ((query.where ?? []).length === 0) return this.records[query.kind].size;
    return this.matching(query).length;
  }
}
