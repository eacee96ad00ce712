import { UniqueValueTakenError, type AttributesChange, type MetadataChange, type StoredResource } from '../metadataStore.js';
import type { ResourceField } from '../listFields.js';
import type { ResourceKind } from '../resourceKind.js';
import { fieldValues } from '../fieldValues.js';
import { uniqueFieldsOf, type ListFieldTable } from '../listFields.js';
import type { InsertOptions } from '../../webhooks/recordingStore.js';

/** What owns memberships: deleting one deletes them. */
export type Owner = 'user' | 'organization';

/** Resources held in this process, changed synchronously: the memory store's index, or a batch of writes over it. */
export interface ResourceState {
  /** The list fields it reads: which of them are unique, and where. */
  readonly fields: ListFieldTable;
  get(kind: ResourceKind, key: string): StoredResource | undefined;
  /** Inserts a resource or replaces the one of its kind and key. */
  put(resource: StoredResource): void;
  /** Removes a resource, if there is one. */
  remove(kind: ResourceKind, key: string): void;
  /** The keys of the memberships of an organization or a user. */
  memberships(owner: Owner, key: string): string[];
  /** The keys of the resources of a kind that hold a value of a field. */
  holders(kind: ResourceKind, field: ResourceField, value: string): string[];
}

/**
 * Refuses a resource that would take a value of a unique field another resource of its kind holds. A value it
 * held before the change is not checked: a table written before slugs were checked may hold duplicates, and each
 * of them must stay writable (to be renamed away).
 */
function refuseTakenValues(state: ResourceState, next: StoredResource, previous?: StoredResource): void {
  for (const field of uniqueFieldsOf(state.fields, next.kind)) {
    const held = previous === undefined ? [] : fieldValues(previous, field, state.fields);
    for (const value of fieldValues(next, field, state.fields)) {
      if (held.includes(value)) continue;
      if (state.holders(next.kind, field, value).some((key) => key !== next.key)) throw new UniqueValueTakenError(next.kind, field, value);
    }
  }
}

// The store operations of MetadataStore over a ResourceState, each one synchronous step: atomic in one thread.

/**
 * Told of the resource a write writes (a deleted one: as it was), in the write's own step, once nothing can refuse
 * it and just before the state takes it (so a throw leaves the state as it was): where a store records the
 * write's webhook messages.
 */
export type Written = (resource: StoredResource) => void;

/** Inserts a resource unless one of its kind and key exists or one that `requires` names does not. */
export function insertInto(state: ResourceState, resource: StoredResource, written?: Written, requires: InsertOptions['requires'] = []): boolean {
  if (state.get(resource.kind, resource.key) !== undefined) return false;
  if (requires.some(({ kind, key }) => state.get(kind, key) === undefined)) return false;
  refuseTakenValues(state, resource);
  written?.(resource);
  state.put(resource);
  return true;
}

/** Deletes a resource and, with a user or an organization, its memberships. */
export function deleteFrom(state: ResourceState, kind: ResourceKind, key: string, written?: Written): StoredResource | undefined {
  const deleted = state.get(kind, key);
  if (deleted === undefined) return undefined;
  written?.(deleted);
  state.remove(kind, key);
  if (kind !== 'organization_membership') {
    for (const membershipKey of state.memberships(kind, key)) state.remove('organization_membership', membershipKey);
  }
  return deleted;
}

export function changeMetadataIn(
  state: ResourceState,
  kind: ResourceKind,
  key: string,
  change: MetadataChange,
  updatedAt: number,
  written?: Written,
): StoredResource | undefined {
  const current = state.get(kind, key);
  if (current === undefined) return undefined;
  const next: StoredResource = { ...current, metadata: change(current.metadata), updatedAt, version: current.version + 1 };
  written?.(next);
  state.put(next);
  return next;
}

export function changeAttributesIn(
  state: ResourceState,
  kind: ResourceKind,
  key: string,
  change: AttributesChange,
  updatedAt: number,
  written?: Written,
): StoredResource | undefined {
  const current = state.get(kind, key);
  if (current === undefined) return undefined;
  const { attributes, createdAt } = change(current);
  const next: StoredResource = { ...current, attributes, createdAt, updatedAt, version: current.version + 1 };
  refuseTakenValues(state, next, current);
  written?.(next);
  state.put(next);
  return next;
}
