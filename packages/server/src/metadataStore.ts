import type { JsonObject, MetadataFields } from '@metadata-semantics/core';

/**
 * The kinds of resource a {@link MetadataStore} holds.
 *
 * @public
 */
export type ResourceKind = 'user' | 'organization' | 'organization_membership';

/**
 * One stored resource: a user, an organization or an organization membership.
 *
 * @remarks
 * `key` is the user id, the organization id, or `<organization_id>/<user_id>`
 * for a membership. `metadata` holds the resource's metadata fields in wire
 * names (`public_metadata`, …). `attributes` holds the rest of the resource's
 * Clerk JSON object (profile fields), without `object`, `id`, the metadata
 * fields and the timestamps. `version` starts at 1 and grows by one with every
 * metadata change. Records are values: a store never mutates one it has handed out.
 *
 * @public
 */
export interface StoredResource {
  /** What the resource is. */
  readonly kind: ResourceKind;
  /** Its id; `<organization_id>/<user_id>` for a membership. */
  readonly key: string;
  /** The rest of its Clerk JSON object: profile fields, without `object`, `id`, metadata and timestamps. */
  readonly attributes: JsonObject;
  /** Its metadata fields, in wire names. */
  readonly metadata: MetadataFields;
  /** Unix milliseconds. */
  readonly createdAt: number;
  /** Unix milliseconds. */
  readonly updatedAt: number;
  /** 1 when inserted, plus one per metadata change. */
  readonly version: number;
}

/**
 * A pure function from a resource's current metadata to its next metadata.
 *
 * @remarks
 * A store may call it more than once for one change (after losing a race), so
 * it must not have side effects. When it throws, the store writes nothing and
 * rethrows.
 *
 * @public
 */
export type MetadataChange = (metadata: MetadataFields) => MetadataFields;

/**
 * Where the server keeps its resources. Every metadata change is atomic.
 *
 * @remarks
 * The contract that makes concurrent requests safe: `changeMetadata` applies
 * `change` to the latest stored metadata and writes the result only if no
 * other change was written in between; otherwise it reads again and re-applies
 * (or, in a store with locks, it holds a lock for the read and the write). No
 * change is ever lost, whichever server process it reaches. See
 * {@link memoryStore} and {@link postgresStore}.
 *
 * @public
 */
export interface MetadataStore {
  /**
   * Inserts a new resource.
   *
   * @returns `false` (and writes nothing) when a resource of that kind and key exists
   */
  insert(resource: StoredResource): Promise<boolean>;
  /**
   * Reads a resource.
   *
   * @returns the resource, or `undefined` when there is none
   */
  get(kind: ResourceKind, key: string): Promise<StoredResource | undefined>;
  /**
   * Atomically deletes a resource, and with a user or an organization its
   * memberships: all of them or, when the resource does not exist, nothing.
   *
   * @returns the deleted resource, or `undefined` (having deleted nothing) when there is none
   */
  delete(kind: ResourceKind, key: string): Promise<StoredResource | undefined>;
  /**
   * Atomically replaces a resource's metadata with `change(current metadata)`,
   * sets its `updatedAt` and increments its `version`.
   *
   * @returns the updated resource, or `undefined` (without calling `change`) when there is none
   * @throws whatever `change` throws, having written nothing; {@link StoreConflictError} when the
   * change kept losing races to other writers
   */
  changeMetadata(kind: ResourceKind, key: string, change: MetadataChange, updatedAt: number): Promise<StoredResource | undefined>;
}

/**
 * Thrown by a store when a metadata change lost the race to other writers more
 * often than its retry limit allows. Nothing was written; the client may retry.
 *
 * @remarks
 * The handler answers it with `409` and the code `concurrent_modification`.
 *
 * @public
 */
export class StoreConflictError extends Error {
  /**
   * Creates the error.
   *
   * @param message - what lost the race
   */
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}
