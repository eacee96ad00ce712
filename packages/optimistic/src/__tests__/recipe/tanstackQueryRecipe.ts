import type { MetadataOperation } from '@metadata-semantics/core';
import {
  createOptimisticMetadataStore,
  type OptimisticMetadataStore,
  type OptimisticMetadataStoreOptions,
} from '@metadata-semantics/optimistic';
import type { MutationOptions, QueryClient, QueryKey, QueryObserverOptions } from '@tanstack/query-core';

/**
 * Your transport: each call resolves with the resource as the server returns it (a user, …). The Frontend
 * API wraps its answers as { response, client }: resolve with `response`.
 */
export interface MetadataApi {
  read(): Promise<object>;
  send(operation: MetadataOperation): Promise<object>;
}

/** The id of the pending operation, handed from onMutate to the other callbacks. */
export interface PendingMetadataOperation {
  readonly id: number;
}

export function optimisticMetadata(
  queryClient: QueryClient,
  queryKey: QueryKey,
  api: MetadataApi,
  options?: OptimisticMetadataStoreOptions,
): {
  store: OptimisticMetadataStore;
  queryOptions: QueryObserverOptions<object>;
  mutationOptions: MutationOptions<object, unknown, MetadataOperation, PendingMetadataOperation>;
} {
  const store = createOptimisticMetadataStore({}, options);
  // The cache shows the store's view: the confirmed state with every pending operation.
  store.subscribe(() => queryClient.setQueryData(queryKey, store.getSnapshot()));

  return {
    store,
    queryOptions: {
      queryKey,
      // A (re)fetch is a confirmed state too; pending operations stay on top of it.
      queryFn: async () => {
        store.receive(await api.read());
        return store.getSnapshot();
      },
    },
    mutationOptions: {
      mutationFn: (operation) => api.send(operation),
      // Throws core's MetadataError for an invalid operation: nothing is sent.
      onMutate: (operation) => ({ id: store.apply(operation) }),
      onError: (_error, _operation, pending) => {
        if (pending !== undefined) store.fail(pending.id);
      },
      onSuccess: (resource, _operation, pending) => {
        store.settle(pending.id, resource);
      },
    },
  };
}
