import type { JsonObject, MetadataFields } from '@metadata-semantics/core';
import type { listFields, ResourceField } from './listFields.js';
import type { ResourceKind } from './resourceKind.js';

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
 * Where the server keeps its resources. Every metadata change is atomic, and every store answers a list
 * the same way.
 *
 * @remarks
 * The contract that makes concurrent requests safe: `changeMetadata` applies
 * `change` to the latest stored metadata and writes the result only if no
 * other change was written in between; otherwise it reads again and re-applies
 * (or, in a store with locks, it holds a lock for the read and the write). No
 * change is ever lost, whichever server process it reaches. See
 * {@link memoryStore} and {@link postgresStore}.
 *
 * Unique values: an organization's `slug` (its `attributes.slug`, when a string) is held by one organization
 * at most. `insert` and `changeAttributes` check it atomically with their write, and refuse a resource that
 * would take a value another resource of its kind holds with {@link UniqueValueTakenError}, having written
 * nothing; a value the resource already held before the change is not checked again (so a table written before
 * stores checked it stays usable, and its duplicates can be renamed away). The handler relies on it: a store
 * that does not check lets two organizations have one slug.
 *
 * @public
 */
export interface MetadataStore {
  /**
   * Inserts a new resource.
   *
   * @returns `false` (and writes nothing) when a resource of that kind and key exists
   * @throws {@link UniqueValueTakenError}, having written nothing, when another resource of its kind holds the
   * value of one of its unique fields (an organization's `slug`)
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
  /**
   * Atomically replaces a resource's attributes and `createdAt` with `change(current resource)`, sets its
   * `updatedAt` and increments its `version`; its metadata stays as it is.
   *
   * @returns the updated resource, or `undefined` (without calling `change`) when there is none
   * @throws whatever `change` throws, having written nothing; {@link StoreConflictError} as `changeMetadata`;
   * {@link UniqueValueTakenError}, having written nothing, when the new attributes give it a value of a unique
   * field (an organization's `slug`) that another resource of its kind holds
   */
  changeAttributes(kind: ResourceKind, key: string, change: AttributesChange, updatedAt: number): Promise<StoredResource | undefined>;
  /**
   * The resources of one kind that meet every condition of `query.where`, in `query.orderBy` order
   * (default: newest first), `query.limit` of them after skipping `query.offset`.
   */
  list(query: ResourceListQuery): Promise<StoredResource[]>;
  /** How many resources of one kind meet every condition of `query.where`. */
  count(query: ResourceQuery): Promise<number>;
}

/**
 * A pure function from a resource to its next attributes and creation time.
 *
 * @remarks
 * Like a {@link MetadataChange}, it may be called more than once for one change and must not have side effects.
 *
 * @public
 */
export type AttributesChange = (resource: StoredResource) => { readonly attributes: JsonObject; readonly createdAt: number };

/**
 * One condition of a {@link ResourceQuery}.
 *
 * @remarks
 * `anyOf`: some value of `field` equals one of the strings (an empty list matches nothing);
 * `noneOf`: no value of `field` equals any of them; `contains`: some value of one of `fields` contains the
 * string, ignoring the case of ASCII letters (`A`–`Z` only, so every store agrees). A string holding U+0000
 * or an unpaired surrogate, which PostgreSQL cannot take, matches nothing.
 *
 * @public
 */
export type ResourceCondition =
  | { readonly field: ResourceField; readonly anyOf: readonly string[] }
  | { readonly field: ResourceField; readonly noneOf: readonly string[] }
  | { readonly fields: readonly ResourceField[]; readonly contains: string };

/**
 * What a list is sorted by: a field of {@link listFields}: a timestamp, a user's `last_active_at` or `last_sign_in_at`
 * attribute (a number, or none), an organization's number of memberships, or the first value of a
 * {@link ResourceField}.
 *
 * @remarks
 * Strings sort by Unicode code point; a resource without a value sorts after every value (so first when
 * descending). Ties are broken by key, in the same direction.
 *
 * @public
 */
export interface ResourceOrder {
  /** The sort key. */
  readonly field: keyof typeof listFields;
  /** Largest first. */
  readonly descending: boolean;
}

/**
 * Which resources {@link MetadataStore.count} counts.
 *
 * @public
 */
export interface ResourceQuery {
  /** Their kind. */
  readonly kind: ResourceKind;
  /** Conditions every one of them meets; default none. */
  readonly where?: readonly ResourceCondition[];
}

/**
 * Which resources {@link MetadataStore.list} lists, in which order, and which page of them.
 *
 * @public
 */
export interface ResourceListQuery extends ResourceQuery {
  /** Default: `created_at`, newest first. */
  readonly orderBy?: ResourceOrder;
  /** At most this many. */
  readonly limit: number;
  /** Skips this many first. */
  readonly offset: number;
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

/**
 * Thrown by {@link MetadataStore.insert} and {@link MetadataStore.changeAttributes} when the resource would take
 * a value of a unique field that another resource of its kind holds: an organization's `slug`. Nothing was
 * written.
 *
 * @remarks
 * The handler answers it with `422` and the code `form_identifier_exists` (`meta.param_name: "slug"`), as Clerk
 * answers a taken slug; when the slug was derived from the name, it tries again with a random suffix instead.
 * A store of your own throws it to keep slugs unique.
 *
 * @example
 * ```ts
 * const store = memoryStore();
 * const organization = (key: string) => ({
 *   kind: 'organization' as const,
 *   key,
 *   attributes: { name: 'Acme', slug: 'acme' },
 *   metadata: {},
 *   createdAt: 1,
 *   updatedAt: 1,
 *   version: 1,
 * });
 * await store.insert(organization('org_1')); // => true
 * await store.insert(organization('org_2')).catch((error: unknown) => error instanceof UniqueValueTakenError); // => true
 * ```
 *
 * @public
 */
export class UniqueValueTakenError extends Error {
  /** The kind of the resource refused. */
  readonly kind: ResourceKind;
  /** The unique field: `slug`. */
  readonly field: ResourceField;
  /** The value another resource holds. */
  readonly value: string;

  /**
   * Creates the error.
   *
   * @param kind - the kind of the resource refused
   * @param field - the unique field
   * @param value - the value another resource of that kind holds
   */
  constructor(kind: ResourceKind, field: ResourceField, value: string) {
    super(`Another ${kind} already has the ${field} ${JSON.stringify(value)}; nothing was written`);
    this.name = 'UniqueValueTakenError';
    this.kind = kind;
    this.field = field;
    this.value = value;
  }
}

/**
 * Thrown by a store that cannot take writes: its storage failed (a full disk, a fault after which the
 * database cannot be trusted) or it lost its data. Nothing was written; reads may still answer.
 *
 * @remarks
 * The handler answers it with `503` and the code `service_unavailable`. `permanent` tells a store that has
 * stopped for good (restart the process after mending the cause) from a condition that may pass (a full disk
 * refused one write and the database rolled it back).
 *
 * @public
 */
export class StoreUnavailableError extends Error {
  /** Whether the store has stopped taking writes for good. */
  readonly permanent: boolean;

  /**
   * Creates the error.
   *
   * @param message - what failed, for the operator
   * @param options - `permanent`, and the underlying `cause`
   */
  constructor(message: string, options: { readonly permanent: boolean; readonly cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.permanent = options.permanent;
  }
}
