import {
  MetadataError,
  applyMetadataOperation,
  replaceMetadata,
  toJsonValue,
  toWireFieldName,
  userMetadataFields,
  type MetadataFields,
  type MetadataNaming,
  type MetadataOperation,
  type MetadataSchemas,
} from '@metadata-semantics/core';
import type { OptimisticMetadataStore, OptimisticMetadataStoreOptions } from './OptimisticMetadataStore.js';

interface PendingOperation {
  readonly id: number;
  readonly operation: MetadataOperation;
}

function updatedAtVersion(resource: object): number | undefined {
  const value = (resource as { updatedAt?: unknown }).updatedAt ?? (resource as { updated_at?: unknown }).updated_at;
  // Stryker disable next-line ConditionalExpression: Number(undefined) is NaN, which compares like undefined (no version); the EqualityOperator mutant drops real versions
  return value == null ? undefined : Number(value);
}

/**
 * Creates the optimistic store of one resource's metadata.
 *
 * @param initial - the resource as last read from the server (a user, an
 *   organization, or any object holding the metadata fields by name); a
 *   missing field reads as `{}`, other keys are ignored
 * @param options - the resource's fields (default: the user's three; pass
 *   core's `organizationMetadataFields` for an organization or membership, or
 *   `frontendReadableMetadataFields` for a frontend, which never sees private
 *   metadata), `writableFields` (`frontendWritableMetadataFields` for a
 *   frontend), `naming`, limits, `schemas` (as core takes them), `versionOf`
 * @returns a store with no pending operation whose view is `initial`'s metadata
 *
 * @remarks
 * The view is the confirmed state with the pending operations replayed in
 * order, so once every operation has settled or failed it is exactly the
 * server's state. The limits (`maxFieldBytes`, `maxDepth`) and the schemas
 * apply to new operations in {@link OptimisticMetadataStore.apply} only, on
 * the view, exactly as the server applies them to its state: replays and
 * server states skip them, since the server, which may apply the operations in
 * another order, decides. An `initial` whose fields are not JSON objects or
 * `null`, or bad options, throw core's `MetadataError`.
 *
 * @example
 * ```ts
 * import { createOptimisticMetadataStore } from '@metadata-semantics/optimistic';
 *
 * const store = createOptimisticMetadataStore({ id: 'user_1', publicMetadata: { plan: 'free' } });
 * const id = store.apply({ kind: 'update', params: { publicMetadata: { plan: 'pro' } } });
 * store.getSnapshot().publicMetadata; // => { plan: 'pro' }
 * store.fail(id);
 * store.getSnapshot().publicMetadata; // => { plan: 'free' }
 * ```
 *
 * @public
 */
export function createOptimisticMetadataStore<const Schemas extends MetadataSchemas = MetadataSchemas, const Naming extends MetadataNaming = 'sdk'>(
  initial: object,
  options: OptimisticMetadataStoreOptions<Schemas, Naming> = {},
): OptimisticMetadataStore<Schemas, Naming> {
  // Inside, operations are values of any params; the schemas type only what callers pass to apply.
  const { versionOf = updatedAtVersion, writableFields, ...limits }: OptimisticMetadataStoreOptions = options;
  // Replays, adoption and reference reuse skip the limits and schemas: the server decides.
  // (Depth depends on the operation alone, so a replay cannot newly fail it; core caps it.)
  const unlimited = { ...limits, maxFieldBytes: Infinity, maxDepth: Infinity, schemas: undefined };
  const fields = limits.fields ?? userMetadataFields;
  const names: readonly string[] = limits.naming === 'wire' ? fields.map(toWireFieldName) : fields;
  const listeners = new Set<() => void>();
  let pending: PendingOperation[] = [];
  let lastId = 0;

  /** The resource's metadata, validated and copied, sharing what equals `base`; throws before any change. */
  const read = (base: MetadataFields, resource: object): MetadataFields => {
    if (resource === null || typeof resource !== 'object') {
      throw new MetadataError('invalid_params', [], 'The server resource must be an object');
    }
    const provided: Record<string, unknown> = {};
    for (const name of names) {
      const value = (resource as Record<string, unknown>)[name];
      provided[name] = value === undefined ? {} : value;
    }
    return replaceMetadata(base, provided, unlimited);
  };

  let confirmed = read({}, initial);
  let confirmedVersion = versionOf(initial);
  let view = confirmed;

  /** Returns a commit that adopts `resource` unless it is older than the confirmed state. */
  const prepare = (resource: object): (() => void) => {
    const next = read(confirmed, resource);
    const version = versionOf(resource);
    return () => {
      // undefined or NaN on either side compares false: the newer arrival wins.
      if (!((version as number) < (confirmedVersion as number))) {
        confirmed = next;
        confirmedVersion = version;
      }
    };
  };

  const publish = (next: MetadataFields): void => {
    // Equal fields keep the previous references; an equal view is the previous object.
    next = replaceMetadata(view, next, unlimited);
    if (next === view) return;
    view = next;
    for (const listener of [...listeners]) listener();
  };

  const replay = (): void =>
    publish(pending.reduce((state, { operation }) => applyMetadataOperation(state, operation, unlimited), confirmed));

  const remove = (id: number): boolean => {
    const rest = pending.filter((entry) => entry.id !== id);
    const found = rest.length < pending.length;
    pending = rest;
    return found;
  };

  const isPending = (id: number): boolean => pending.some((entry) => entry.id === id);

  return {
    apply(operation) {
      const normalised = {
        kind: operation?.kind,
        params: toJsonValue(operation?.params),
      } as MetadataOperation;
      // Only the writable fields: this run refuses any other with unknown_field (its result is not needed).
      if (writableFields !== undefined) applyMetadataOperation(view, normalised, { ...limits, fields: writableFields });
      const next = applyMetadataOperation(view, normalised, limits);
      // Stryker disable next-line UpdateOperator: ids are opaque; counting down gives distinct ids as well
      pending = [...pending, { id: ++lastId, operation: normalised }];
      publish(next);
      return lastId;
    },
    settle(id, serverResource) {
      if (!isPending(id)) return false;
      const commit = prepare(serverResource);
      remove(id);
      commit();
      replay();
      return true;
    },
    fail(id) {
      if (!remove(id)) return false;
      replay();
      return true;
    },
    receive(serverResource) {
      prepare(serverResource)();
      replay();
    },
    getSnapshot: () => view,
    subscribe(listener) {
      // One entry per registration, so the same function registered twice is called twice.
      const entry = (): void => listener();
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}
