// The public API of @metadata-semantics/core. Everything else under src/ is private.
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue, MergePatch, ReadonlyJsonValue } from './jsonValue.js';
export { MetadataError, formatMetadataPath } from './metadataError.js';
export type { MetadataErrorCode, MetadataPathSegment, MetadataSchemaIssue } from './metadataError.js';
export type { StandardSchemaV1 } from './standardSchema.js';
export { isStandardSchema } from './isStandardSchema.js';
export { deepMergeWithNullDeletion } from './deepMergeWithNullDeletion.js';
export { replaceFields } from './replaceFields.js';
export { createMergePatch } from './createMergePatch.js';
export { toJsonValue } from './toJsonValue.js';
export { jsonByteLength } from './jsonByteLength.js';
export { parseJsonExactly } from './parseJsonExactly.js';
export {
  fromWireFieldName,
  frontendReadableMetadataFields,
  frontendWritableMetadataFields,
  organizationMetadataFields,
  renameMetadataFields,
  toWireFieldName,
  userMetadataFields,
} from './metadataFields.js';
export type { MetadataFieldName, WireMetadataFieldName } from './metadataFields.js';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FIELD_BYTES,
  replaceMetadata,
  updateMetadata,
} from './metadataOperations.js';
export type {
  MetadataFields,
  MetadataLimits,
  MetadataNaming,
  MetadataOperation,
  MetadataOperationOptions,
  MetadataParams,
  MetadataReplaceParams,
  MetadataSchemaInput,
  MetadataSchemas,
  MetadataUpdateParams,
  NamedMetadataParams,
  StoredMetadata,
  WireMetadataParams,
} from './metadataOperations.js';
export { applyMetadataOperation } from './applyMetadataOperation.js';
export { metadataErrorToClerkError } from './clerkError.js';
export type { ClerkErrorBody, ClerkErrorJson } from './clerkError.js';
