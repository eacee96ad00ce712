/**
 * An embeddable, Clerk-compatible metadata server: a web-standard Fetch
 * handler for Clerk's user, organization and membership operations around metadata,
 * on the semantics of `@metadata-semantics/core`, with atomic stores.
 *
 * @packageDocumentation
 */
export { DEFAULT_MAX_BODY_BYTES, createMetadataHandler } from './createMetadataHandler.js';
export type { MetadataHandlerOptions } from './createMetadataHandler.js';
export { StoreConflictError } from './metadataStore.js';
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
export { postgresStore } from './postgresStore.js';
export type { PostgresMetadataStore, PostgresStoreOptions, SqlClient } from './postgresStore.js';
export { serveNodeHttp } from './serveNodeHttp.js';
export type { NodeHttpServer, ServeNodeHttpOptions } from './serveNodeHttp.js';
