import type {
  MetadataFields,
  MetadataOperation,
  MetadataOperationOptions,
  MetadataNaming,
  MetadataSchemas,
  StoredMetadata,
  replaceMetadata,
  updateMetadata,
} from './metadataOperations.js';
import { MetadataError } from './metadataError.js';
import { runOperation } from './metadataOperations.js';
import { isPlainObject } from './internal/plainObject.js';

/**
 * Applies a {@link MetadataOperation} value: {@link updateMetadata} or
 * {@link replaceMetadata} by its `kind`.
 *
 * @param stored - the resource's current metadata fields; never modified
 * @param operation - the change
 * @param options - the resource's fields, naming, limits and schemas
 * @returns every field of the resource after the change
 *
 * @remarks
 * A `kind` other than `update` or `replace` throws a {@link MetadataError}
 * with code `invalid_params`.
 *
 * @public
 */
export function applyMetadataOperation<const Schemas extends MetadataSchemas = MetadataSchemas, const Naming extends MetadataNaming = 'sdk'>(
  stored: StoredMetadata,
  operation: NoInfer<MetadataOperation<Schemas, Naming>>,
  options?: MetadataOperationOptions<Schemas, Naming>,
): MetadataFields {
  const kind: unknown = isPlainObject(operation) ? operation.kind : undefined;
  if (kind !== 'update' && kind !== 'replace') {
    throw new MetadataError('invalid_params', ['kind'], 'Unknown kind');
  }
  return runOperation(kind === 'replace', stored, operation.params, options);
}
