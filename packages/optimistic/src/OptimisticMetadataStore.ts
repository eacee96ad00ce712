import type {
  MetadataFieldName,
  MetadataFields,
  MetadataNaming,
  MetadataOperation,
  MetadataOperationOptions,
  MetadataSchemas,
} from '@metadata-semantics/core';

/**
 * Options of {@link createOptimisticMetadataStore}: the resource's fields,
 * naming, limits and schemas, as core takes them, plus how to order server answers.
 *
 * @public
 */
export interface OptimisticMetadataStoreOptions<Schemas extends MetadataSchemas = MetadataSchemas, Naming extends MetadataNaming = MetadataNaming>
  extends MetadataOperationOptions<Schemas, Naming> {
  /**
   * The fields {@link OptimisticMetadataStore.apply} may change; an operation on
   * any other is refused at once with `unknown_field`, before it is shown.
   *
   * @remarks
   * Default: every field in `fields`. A frontend, which reads public and unsafe
   * metadata but may write only unsafe metadata, passes core's
   * `frontendWritableMetadataFields` (SDK names, as `fields` takes them, whatever the `naming`).
   * Only fields that are also in `fields` can be written.
   */
  readonly writableFields?: readonly MetadataFieldName[];
  /**
   * Reads the version of a server resource, so that an answer older than the
   * confirmed state is recognised as stale. Larger is newer.
   *
   * @remarks
   * Default: the resource's `updatedAt` (or `updated_at`), as a number of
   * milliseconds or a `Date`, as Clerk's SDKs and API return it. Return
   * `undefined` when a resource has no version: it is then taken as the
   * newest, so answers must arrive in the order the server applied them.
   */
  readonly versionOf?: (serverResource: object) => number | undefined;
}

/**
 * The optimistic state of one resource's metadata: the last confirmed server
 * state plus an ordered queue of pending operations. Its view (the snapshot)
 * is the confirmed state with the pending operations replayed in order by
 * core's `applyMetadataOperation`.
 *
 * @remarks
 * Every method is a plain function bound to the store, so
 * `useSyncExternalStore(store.subscribe, store.getSnapshot)` works as is.
 *
 * @public
 */
export interface OptimisticMetadataStore<Schemas extends MetadataSchemas = MetadataSchemas, Naming extends MetadataNaming = 'sdk'> {
  /**
   * Applies an operation at once and queues it until the server answers.
   *
   * @param operation - `{ kind: 'update' | 'replace', params }`, params in the store's naming (typed by the schemas, when given)
   * @returns the operation's id, for {@link OptimisticMetadataStore.settle} or {@link OptimisticMetadataStore.fail}
   *
   * @remarks
   * The params are first normalised by core's `toJsonValue` (a `Date` becomes
   * its ISO string, `undefined` disappears), so the view holds what the server
   * will store after the JSON round trip. The operation is then validated by
   * applying it to the current view with the configured limits and schemas,
   * as the server applies it to its state: an invalid one (a result that does
   * not satisfy its field's schema is `schema_mismatch`) throws core's
   * `MetadataError` and changes nothing (nothing is queued, no listener runs).
   */
  apply(operation: MetadataOperation<Schemas, Naming>): number;

  /**
   * Takes the server's answer to a pending operation: the operation leaves
   * the queue, the answer becomes the confirmed state, and the remaining
   * pending operations are replayed on it.
   *
   * @param id - the id {@link OptimisticMetadataStore.apply} returned
   * @param serverResource - the resource the server answered with, holding the metadata
   *   fields by name (`publicMetadata`, … or the wire names with `naming: 'wire'`);
   *   a missing field reads as `{}`, other keys are ignored
   * @returns `true` when `id` was pending; `false` (and nothing changes) otherwise
   *
   * @remarks
   * Answers may arrive out of order: an answer whose version is older than
   * the confirmed state's is stale, so the operation leaves the queue but the
   * confirmed state stays (the newer state already contains it). Replays
   * never throw: a pending operation that no longer fits the size limit on
   * the new confirmed state stays pending and visible, because only the
   * server knows the order it applies operations in; its own answer decides.
   * A resource whose metadata fields are not JSON objects or `null` throws a
   * `MetadataError` and changes nothing.
   */
  settle(id: number, serverResource: object): boolean;

  /**
   * Drops a pending operation whose request failed; the view becomes what it
   * would be had the operation never been applied.
   *
   * @param id - the id {@link OptimisticMetadataStore.apply} returned
   * @returns `true` when `id` was pending; `false` (and nothing changes) otherwise
   */
  fail(id: number): boolean;

  /**
   * Takes a server state that does not answer a pending operation (a refetch,
   * a change made elsewhere) as the confirmed state, unless it is stale, and
   * replays the pending operations on it.
   *
   * @param serverResource - as for {@link OptimisticMetadataStore.settle}
   *
   * @remarks
   * A resource whose metadata fields are not JSON objects or `null` throws a
   * `MetadataError` and changes nothing.
   */
  receive(serverResource: object): void;

  /**
   * Returns the current view: every metadata field of the resource.
   *
   * @returns the same object for as long as the view does not change; when
   *   it changes, fields that did not change keep their references. Treat it as
   *   read-only.
   */
  getSnapshot(): MetadataFields;

  /**
   * Registers a listener called, with no arguments, each time the view changes.
   *
   * @param listener - called synchronously after the change, once per change
   * @returns a function that removes this registration
   *
   * @remarks
   * A listener runs only when the snapshot object changes. A listener that
   * throws stops the notification of the listeners after it; the store's
   * state is already updated.
   */
  subscribe(listener: () => void): () => void;
}
