/**
 * Optimistic updates of Clerk metadata that provably end where the server
 * ends: a framework-free store that replays pending update and replace
 * operations with the exact reducers of `@metadata-semantics/core`.
 *
 * @packageDocumentation
 */
// The public API of @metadata-semantics/optimistic. Everything else under src/ is private.
export { createOptimisticMetadataStore } from './createOptimisticMetadataStore.js';
export type { OptimisticMetadataStore, OptimisticMetadataStoreOptions } from './OptimisticMetadataStore.js';
