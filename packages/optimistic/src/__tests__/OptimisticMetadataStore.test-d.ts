import {
  frontendReadableMetadataFields,
  frontendWritableMetadataFields,
  type MetadataFields,
  type MetadataOperation,
  type MetadataSchemas,
} from '@metadata-semantics/core';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
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

  it('types apply by the naming, as core types its operations', () => {
    createOptimisticMetadataStore({}).apply({ kind: 'update', params: { publicMetadata: {} } });
    // @ts-expect-error: a store in SDK names (the default) refuses wire names at run time
    createOptimisticMetadataStore({}).apply({ kind: 'update', params: { public_metadata: {} } });
    const wire = createOptimisticMetadataStore({}, { naming: 'wire' });
    wire.apply({ kind: 'replace', params: { public_metadata: {} } });
    // @ts-expect-error: and a store in wire names refuses SDK names
    wire.apply({ kind: 'replace', params: { publicMetadata: {} } });
    expectTypeOf(wire).toEqualTypeOf<OptimisticMetadataStore<MetadataSchemas, 'wire'>>();
  });

  it('accepts class instances as server resources, as the SDKs return them', () => {
    class User {
      constructor(readonly publicMetadata: Record<string, unknown>, readonly updatedAt: number) {}
    }
    expectTypeOf(createOptimisticMetadataStore(new User({}, 1)).settle).toBeCallableWith(1, new User({}, 2));
  });

  it('types apply by the schemas, when given', () => {
    const store = createOptimisticMetadataStore({}, { schemas: { publicMetadata: z.object({ role: z.enum(['admin', 'member']) }) } });
    store.apply({ kind: 'update', params: { publicMetadata: { role: 'admin' } } });
    // @ts-expect-error: role is one of two strings
    store.apply({ kind: 'update', params: { publicMetadata: { role: 'owner' } } });
    // @ts-expect-error: a replace gives the whole value, role included
    store.apply({ kind: 'replace', params: { publicMetadata: {} } });
  });
});
