import type { MetadataFields } from '@metadata-semantics/core';
import { isStorableText } from '../../shared/storableText.js';
import { fieldValues, type ListedResource } from '../fieldValues.js';
import { fieldOnKind, listFields, searchedFieldsOf, type ListFieldTable, type ResourceField } from '../listFields.js';
import { membershipKeyPart } from '../membershipKey.js';
import type { ResourceListQuery, ResourceOrder, ResourceQuery, StoredResource } from '../metadataStore.js';
import type { ResourceKind } from '../resourceKind.js';
import { asciiLowerCase, compareCodePoints, conditionTest, sortResources } from './listQueries.js';
import { TrigramIndex } from './trigramIndex.js';
import type { Owner, ResourceState } from './resourceWrites.js';

/** (`createdAt`, `key`) against (`otherCreatedAt`, `otherKey`): creation order, ties by key in code-point order. */
const compareCreation = (createdAt: number, key: string, otherCreatedAt: number, otherKey: string): number =>
  createdAt - otherCreatedAt || compareCodePoints(key, otherKey);

/**
 * The keys of one kind in creation order (`createdAt`, then key): a page of the default order is a slice. Two
 * arrays by position rather than an object per entry: an array of numbers keeps them unboxed, 8 bytes each.
 */
class CreationOrder {
  times: number[] = [];
  keys: string[] = [];

  /** Where (`createdAt`, `key`) is or would go: the first entry not before it. */
  private position(createdAt: number, key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareCreation(this.times[middle]!, this.keys[middle]!, createdAt, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  add(createdAt: number, key: string): void {
    const last = this.keys.length - 1;
    // New resources usually come last: appending costs nothing.
    if (last < 0 || compareCreation(this.times[last]!, this.keys[last]!, createdAt, key) < 0) {
      this.times.push(createdAt);
      this.keys.push(key);
      return;
    }
    const index = this.position(createdAt, key);
    this.times.splice(index, 0, createdAt);
    this.keys.splice(index, 0, key);
  }

  remove(createdAt: number, key: string): void {
    const index = this.position(createdAt, key);
    if (this.keys[index] !== key || this.times[index] !== createdAt) return;
    this.times.splice(index, 1);
    this.keys.splice(index, 1);
  }

  /**
   * Adds many resources at once, as a store's opening reads them, in any order: sorted once (a sort that runs
   * in linear time on input already in order) and merged with the entries there are. Inserting them one at a
   * time would move every later entry for each resource that does not come last: quadratic.
   */
  addAll(resources: readonly ListedResource[]): void {
    const added = [...resources].sort((a, b) => compareCreation(a.createdAt, a.key, b.createdAt, b.key));
    const times: number[] = [];
    const keys: string[] = [];
    let old = 0;
    for (const entry of added) {
      while (old < this.keys.length && compareCreation(this.times[old]!, this.keys[old]!, entry.createdAt, entry.key) < 0) {
        times.push(this.times[old]!);
        keys.push(this.keys[old++]!);
      }
      times.push(entry.createdAt);
      keys.push(entry.key);
    }
    for (; old < this.keys.length; old++) {
      times.push(this.times[old]!);
      keys.push(this.keys[old]!);
    }
    this.times = times;
    this.keys = keys;
  }
}

/**
 * A resource as an index holds it: its metadata as the object, or as the object's JSON text, which an index of
 * a whole table keeps (a third less memory than the object, and one string for the collector to skip instead of
 * a tree of objects) and parses on each read. No list condition or order reads metadata.
 */
export type HeldResource = ListedResource & { readonly metadata: MetadataFields | string };

/** The resource a held record stands for: its metadata parsed when held as text (a new object per read). */
function readHeld(held: HeldResource): StoredResource {
  if (typeof held.metadata !== 'string') return held as StoredResource;
  const { kind, key, attributes, createdAt, updatedAt, version } = held;
  return { kind, key, attributes, metadata: JSON.parse(held.metadata) as MetadataFields, createdAt, updatedAt, version };
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
  private readonly records = perKind(() => new Map<string, HeldResource>());
  private readonly order = perKind(() => new CreationOrder());
  private readonly membershipsOf: Record<Owner, Map<string, Set<string>>> = { user: new Map(), organization: new Map() };
  /** `kind field` → value → keys, for the fields an `anyOf` condition has asked for. */
  private readonly valueIndexes = new Map<string, Map<string, Set<string>>>();
  /** Per kind: the trigrams of the values its text queries search, built on a kind's first text query, kept up to date after. */
  private readonly trigramIndexes: { [Kind in ResourceKind]?: TrigramIndex } = {};
  /** Per kind: changes that can move a resource in an order other than `updated_at` (attributes, creation, members). */
  private readonly orderGeneration = perKind(() => 0);
  /** Per kind: every change (an `updated_at` order moves with each). */
  private readonly writeGeneration = perKind(() => 0);
  private readonly sorted = new Map<string, { generation: number; keys: string[] }>();

  /**
   * @param metadataForm - how records keep their metadata: `object`, as given (read back as the same record);
   * `text`, as JSON text parsed on each read, for an index that holds a whole table
   * @param fields - the list fields: where each kind holds the values lists filter and sort by
   */
  constructor(
    private readonly metadataForm: 'object' | 'text' = 'object',
    readonly fields: ListFieldTable = listFields,
  ) {}

  get(kind: ResourceKind, key: string): StoredResource | undefined {
    const held = this.records[kind].get(key);
    return held === undefined ? undefined : readHeld(held);
  }

  /** The record as held, its metadata not parsed: for its version, creation time or attributes. */
  held(kind: ResourceKind, key: string): HeldResource | undefined {
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

  /** A resource in this index's form (the attributes object kept, so a metadata change is seen as one). */
  private hold(resource: HeldResource): HeldResource {
    const { kind, key, attributes, metadata, createdAt, updatedAt, version } = resource;
    if (this.metadataForm === 'object') return typeof metadata === 'string' ? readHeld(resource) : resource;
    if (typeof metadata === 'string') return resource;
    // The fields in one order for every record (toHeldResource's too): V8 then gives them one shape.
    return { kind, key, attributes, metadata: JSON.stringify(metadata), createdAt, updatedAt, version };
  }

  /** Inserts a resource or replaces the one of its kind and key. */
  put(resource: HeldResource): void {
    const held = this.hold(resource);
    const { kind, key } = held;
    const previous = this.records[kind].get(key);
    this.records[kind].set(key, held);
    this.writeGeneration[kind]++;
    // A metadata change keeps the attributes (the same object) and the creation time: no order but updated_at moves.
    if (previous?.attributes === held.attributes && previous.createdAt === held.createdAt) return;
    this.orderGeneration[kind]++;
    this.reindexValues(previous, held);
    if (previous?.createdAt !== held.createdAt) {
      if (previous !== undefined) this.order[kind].remove(previous.createdAt, key);
      this.order[kind].add(held.createdAt, key);
    }
    if (previous === undefined && kind === 'organization_membership') this.addMembership(key);
  }

  /**
   * Inserts or replaces many resources at once, as a store's opening reads a table: each kind's creation order
   * is built once, whatever order they come in.
   */
  putAll(resources: readonly HeldResource[]): void {
    const added = perKind((): HeldResource[] => []);
    const replaced = perKind(() => false);
    for (const resource of resources) {
      const held = this.hold(resource);
      const { kind, key } = held;
      const previous = this.records[kind].get(key);
      this.records[kind].set(key, held);
      this.reindexValues(previous, held);
      if (previous !== undefined) replaced[kind] = true;
      else if (kind === 'organization_membership') this.addMembership(key);
      added[kind].push(held);
    }
    for (const kind of Object.keys(added) as ResourceKind[]) {
      if (added[kind].length === 0) continue;
      this.writeGeneration[kind]++;
      this.orderGeneration[kind]++;
      // A replaced resource may have moved: the kind's order is built again, from every record.
      if (replaced[kind]) this.order[kind] = new CreationOrder();
      this.order[kind].addAll(replaced[kind] ? [...this.records[kind].values()] : added[kind]);
    }
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
      const ownerKey = membershipKeyPart(key, owner);
      if (ownerKey === undefined) continue;
      const keys = this.membershipsOf[owner].get(ownerKey) ?? new Set<string>();
      this.membershipsOf[owner].set(ownerKey, keys.add(key));
    }
  }

  private removeMembership(key: string): void {
    this.orderGeneration.organization++;
    for (const owner of ['user', 'organization'] as const) {
      const ownerKey = membershipKeyPart(key, owner);
      const keys = ownerKey === undefined ? undefined : this.membershipsOf[owner].get(ownerKey);
      keys?.delete(key);
      if (keys?.size === 0) this.membershipsOf[owner].delete(ownerKey!);
    }
  }

  /** Moves a resource's entries in every built value index of its kind, and in its trigram index. */
  private reindexValues(previous: HeldResource | undefined, next: HeldResource | undefined): void {
    const { kind, key } = (next ?? previous)!;
    const trigrams = this.trigramIndexes[kind];
    if (trigrams !== undefined) {
      if (next === undefined) trigrams.remove(key);
      else trigrams.add(key, this.searchedTexts(next));
      if (trigrams.mostlyDead) delete this.trigramIndexes[kind];
    }
    for (const [name, index] of this.valueIndexes) {
      if (!name.startsWith(`${kind} `)) continue;
      const field = name.slice(kind.length + 1) as ResourceField;
      if (previous !== undefined) {
        for (const value of fieldValues(previous, field, this.fields)) {
          const keys = index.get(value);
          keys?.delete(key);
          if (keys?.size === 0) index.delete(value);
        }
      }
      if (next !== undefined) for (const value of fieldValues(next, field, this.fields)) index.set(value, (index.get(value) ?? new Set()).add(key));
    }
  }

  /** The keys holding each value of a field, built on first use. */
  private valueIndex(kind: ResourceKind, field: ResourceField): Map<string, Set<string>> {
    const name = `${kind} ${field}`;
    let index = this.valueIndexes.get(name);
    if (index === undefined) {
      index = new Map();
      for (const resource of this.records[kind].values()) {
        for (const value of fieldValues(resource, field, this.fields)) index.set(value, (index.get(value) ?? new Set()).add(resource.key));
      }
      this.valueIndexes.set(name, index);
    }
    return index;
  }

  /** The values a resource's text queries search, ASCII letters lower-cased as the queries' strings are. */
  private searchedTexts(resource: ListedResource): string[] {
    return this.searchedFields(resource.kind).flatMap((field) => fieldValues(resource, field, this.fields).map(asciiLowerCase));
  }

  private readonly searched = new Map<ResourceKind, ResourceField[]>();

  /** The fields a kind's text queries search (read from the table once). */
  private searchedFields(kind: ResourceKind): ResourceField[] {
    let fields = this.searched.get(kind);
    if (fields === undefined) this.searched.set(kind, (fields = searchedFieldsOf(this.fields, kind)));
    return fields;
  }

  /** A kind's trigram index, built on first use. */
  private trigramIndex(kind: ResourceKind): TrigramIndex {
    let index = this.trigramIndexes[kind];
    if (index === undefined) {
      index = new TrigramIndex();
      for (const resource of this.records[kind].values()) index.add(resource.key, this.searchedTexts(resource));
      this.trigramIndexes[kind] = index;
    }
    return index;
  }

  /**
   * The keys that can meet a `contains` condition, from the kind's trigram index; `undefined` when it cannot
   * narrow them: a string shorter than a trigram, or a field no text query of the kind searches (not indexed).
   */
  private keysContaining(kind: ResourceKind, fields: readonly ResourceField[], contains: string): string[] | undefined {
    const searched = this.searchedFields(kind);
    // As in PostgreSQL, which cannot take it: such a string matches nothing.
    if (!isStorableText(contains)) return [];
    if (!fields.every((field) => searched.includes(field))) return undefined;
    return this.trigramIndex(kind).candidates(asciiLowerCase(contains));
  }

  /**
   * The keys that can meet an `anyOf` condition, by where the field is: the key itself (a record), a part of a
   * membership's key (its owner's memberships), or elsewhere (the field's value index).
   */
  private keysWithAny(kind: ResourceKind, field: ResourceField, values: readonly string[]): Set<string> {
    const wanted = new Set(values.filter(isStorableText));
    const source = fieldOnKind(this.fields, field, kind)?.source;
    const keys = new Set<string>();
    for (const value of wanted) {
      if (source?.in === 'key') {
        if (this.records[kind].has(value)) keys.add(value);
        continue;
      }
      const found = source?.in === 'keyPart' ? this.membershipsOf[source.part].get(value) : this.valueIndex(kind, field).get(value);
      for (const key of found ?? []) keys.add(key);
    }
    return keys;
  }

  private containing(kind: ResourceKind, condition: { readonly fields: readonly ResourceField[]; readonly contains: string }): Set<string> | undefined {
    const keys = this.keysContaining(kind, condition.fields, condition.contains);
    return keys === undefined ? undefined : new Set(keys);
  }

  /** Every resource of a kind, in creation order. */
  private all(kind: ResourceKind): HeldResource[] {
    const byKey = this.records[kind];
    return this.order[kind].keys.map((key) => byKey.get(key)!);
  }

  /**
   * The resources a query can match: those of its narrowest `anyOf` or `contains` condition that an index
   * narrows, else every one of the kind.
   */
  private candidates(query: ResourceQuery): HeldResource[] {
    let narrowest: Set<string> | undefined;
    for (const condition of query.where ?? []) {
      if ('noneOf' in condition) continue;
      const keys = 'anyOf' in condition ? this.keysWithAny(query.kind, condition.field, condition.anyOf) : this.containing(query.kind, condition);
      if (keys !== undefined && (narrowest === undefined || keys.size < narrowest.size)) narrowest = keys;
    }
    if (narrowest === undefined) return this.all(query.kind);
    return [...narrowest].map((key) => this.records[query.kind].get(key)!);
  }

  private matching(query: ResourceQuery): HeldResource[] {
    const tests = (query.where ?? []).map((condition) => conditionTest(condition, this.fields));
    return this.candidates(query).filter((resource) => tests.every((test) => test(resource)));
  }

  private readonly membersCount = (organizationKey: string): number => this.membershipsOf.organization.get(organizationKey)?.size ?? 0;

  /** The keys of a whole kind in another order than creation: sorted once until a change can move them. */
  private sortedKeys(kind: ResourceKind, orderBy: ResourceOrder): string[] {
    const cacheKey = `${kind} ${orderBy.field} ${orderBy.descending}`;
    const moves = fieldOnKind(this.fields, orderBy.field, kind)?.source.in === 'updatedAt' ? this.writeGeneration : this.orderGeneration;
    const generation = moves[kind];
    const cached = this.sorted.get(cacheKey);
    if (cached?.generation === generation) return cached.keys;
    const keys = sortResources(this.all(kind), orderBy, this.fields, this.membersCount).map((resource) => resource.key);
    this.sorted.set(cacheKey, { generation, keys });
    return keys;
  }

  list(query: ResourceListQuery): StoredResource[] {
    const orderBy = query.orderBy ?? { field: 'created_at', descending: true };
    const end = query.offset + query.limit;
    const byKey = this.records[query.kind];
    if ((query.where ?? []).length > 0) return sortResources(this.matching(query), orderBy, this.fields, this.membersCount).slice(query.offset, end).map(readHeld);
    if (orderBy.field !== 'created_at') return this.sortedKeys(query.kind, orderBy).slice(query.offset, end).map((key) => readHeld(byKey.get(key)!));
    // The creation order itself: a slice, from the end when newest first.
    const keys = this.order[query.kind].keys;
    const page = orderBy.descending
      ? keys.slice(Math.max(0, keys.length - end), Math.max(0, keys.length - query.offset)).reverse()
      : keys.slice(query.offset, end);
    return page.map((key) => readHeld(byKey.get(key)!));
  }

  count(query: ResourceQuery): number {
    if ((query.where ?? []).length === 0) return this.records[query.kind].size;
    return this.matching(query).length;
  }
}
