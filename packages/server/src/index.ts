/**
 * An embeddable, Clerk-compatible metadata server: a web-standard Fetch
 * handler for Clerk's user, organization and membership operations around metadata,
 * on the semantics of `@metadata-semantics/core`, with atomic stores.
 *
 * This entry runs on any runtime with `fetch`'s `Request` and `Response`
 * (Node, Bun, Deno, Cloudflare Workers): it imports no `node:` module and no
 * database driver. Node's server helper is in `@metadata-semantics/server/node`.
 *
 * @packageDocumentation
 */
export { DEFAULT_MAX_BODY_BYTES, createMetadataHandler } from './createMetadataHandler.js';
export type { MetadataHandlerOptions, MetadataHandlerSchemas } from './createMetadataHandler.js';
export { StoreConflictError, StoreUnavailableError, UniqueValueTakenError } from './metadataStore.js';
export { DuplicateUniqueValuesError } from './duplicateUniqueValuesError.js';
export type {
  AttributesChange,
  MetadataChange,
  MetadataStore,
  ResourceCondition,
  ResourceField,
  ResourceKind,
  ResourceListQuery,
  ResourceOrder,
  ResourceQuery,
  StoredResource,
} from './metadataStore.js';
export { memoryStore } from './memoryStore.js';
export { exclusivePostgresStore } from './exclusivePostgresStore.js';
export type { ExclusivePostgresStoreOptions } from './exclusivePostgresStore.js';
export { postgresStore } from './postgresStore.js';
export type { PostgresMetadataStore, PostgresStoreOptions, SqlClient } from './postgresStore.js';
