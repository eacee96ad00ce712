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
  /**
   * Atomically replaces a resource's attributes and `createdAt` with `change(current resource)`, sets its
   * `updatedAt` and increments its `version`; its metadata stays as it is.
   *
   * @returns the updated resource, or `undefined` (without calling `change`) when there is none
   * @throws whatever `change` throws, having written nothing; {@link StoreConflictError} as `changeMetadata`
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
 * A text field of a stored resource that lists filter and sort by.
 *
 * @remarks
 * Its values, read from the resource (a value that is not a string counts as none):
 * `id`: a user's or an organization's key, a membership's `attributes.id`;
 * `organization_id` and `user_id`: a membership's key before and after its first `/`;
 * `external_id`, `username`, `first_name`, `last_name`: a user's attribute of that name, a membership's
 * in `attributes.public_user_data`; `email_address`, `phone_number`, `web3_wallet`: each item of a user's
 * `email_addresses`, `phone_numbers`, `web3_wallets` (its field of that name); `name`, `slug`: an
 * organization's attribute; `role`: a membership's attribute. A field without a value for the resource's
 * kind has none.
 *
 * @public
 */
export type ResourceField =
  | 'id'
  | 'organization_id'
  | 'user_id'
  | 'external_id'
  | 'username'
  | 'first_name'
  | 'last_name'
  | 'email_address'
  | 'phone_number'
  | 'web3_wallet'
  | 'name'
  | 'slug'
  | 'role';

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
 * What a list is sorted by: a timestamp, a user's `last_active_at` or `last_sign_in_at` attribute (a number,
 * or none), an organization's number of memberships, or the first value of a {@link ResourceField}.
 *
 * @remarks
 * Strings sort by Unicode code point; a resource without a value sorts after every value (so first when
 * descending). Ties are broken by key, in the same direction.
 *
 * @public
 */
export interface ResourceOrder {
  /** The sort key. */
  readonly field: 'created_at' | 'updated_at' | 'last_active_at' | 'last_sign_in_at' | 'members_count' | ResourceField;
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
