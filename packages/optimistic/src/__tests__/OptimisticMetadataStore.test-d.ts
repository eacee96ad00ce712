import {
  frontendReadableMetadataFields,
  frontendWritableMetadataFields,
  type MetadataFields,
  type MetadataOperation,
} from '@metadata-semantics/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createOptimisticMetadataStore, type OptimisticMetadataStore } from '../index.js';

// React's useSyncExternalStore, as typed by @types/react, without depending on React.
declare function useSyncExternalStore<Snapshot>(
  subscribe: (onStoreChange: () => void) => () => void,
  getSnapshot: () => Snapshot,
): Snapshot;

describe('OptimisticMetadataStore types', () => {
  it('fits useSyncExternalStore and yields the metadata fields', () => {
    const store = createOptimisticMetadataStore({});
    expectTypeOf(useSyncExternalStore(store.subscribe, store.getSnapshot)).toEqualTypeOf<MetadataFields>();
  });

  it('takes core operations and returns numeric ids', () => {
    expectTypeOf<OptimisticMetadataStore['apply']>().parameter(0).toEqualTypeOf<MetadataOperation>();
    expectTypeOf<ReturnType<OptimisticMetadataStore['apply']>>().toEqualTypeOf<number>();
    // @ts-expect-error: only update and replace exist
    createOptimisticMetadataStore({}).apply({ kind: 'merge', params: {} });
  });

  it('takes writable fields by their SDK names, as core names fields', () => {
    createOptimisticMetadataStore({}, { fields: frontendReadableMetadataFields, writableFields: frontendWritableMetadataFields });
    // @ts-expect-error: fields are named as the SDK names them, whatever the naming of params
    createOptimisticMetadataStore({}, { naming: 'wire', writableFields: ['unsafe_metadata'] });
  });

  it('accepts class instances as server resources, as the SDKs return them', () => {
    class User {
      constructor(readonly publicMetadata: Record<string, unknown>, readonly updatedAt: number) {}
    }
    expectTypeOf(createOptimisticMetadataStore(new User({}, 1)).settle).toBeCallableWith(1, new User({}, 2));
  });
});
