import {
  replaceMetadata,
  toWireFieldName,
  updateMetadata,
  userMetadataFields,
  type MetadataFieldName,
  type MetadataFields,
  type WireMetadataParams,
} from '@metadata-semantics/core';
import type { StoredResource } from '../store/metadataStore.js';
import type { RecordMessages } from '../webhooks/recordingStore.js';
import type { ResourceKind } from '../store/resourceKind.js';
import type { RouteContext } from './route.js';

/** Applies the core operation (`update` for PATCH, `replace` for PUT, with the kind's schemas) to a resource's metadata, atomically. */
export function changeResourceMetadata(
  context: RouteContext,
  kind: ResourceKind,
  key: string,
  operation: 'update' | 'replace',
  params: unknown,
  fields: readonly MetadataFieldName[],
  record?: RecordMessages,
): Promise<StoredResource | undefined> {
  const apply = operation === 'update' ? updateMetadata : replaceMetadata;
  const options = { naming: 'wire', fields, ...context.limits, schemas: context.schemas[kind] } as const;
  return context.store.changeMetadata(
    kind,
    key,
    (metadata: MetadataFields) => ({ ...metadata, ...apply(metadata, params as WireMetadataParams, options) }),
    context.now(),
    record,
  );
}

/** The metadata a create request starts with: its metadata params merged into empty fields (each checked by its schema). */
export function initialMetadata(
  context: RouteContext,
  kind: ResourceKind,
  body: Record<string, unknown>,
  fields: readonly MetadataFieldName[],
): MetadataFields {
  const params: { [key: string]: unknown } = {};
  for (const name of userMetadataFields.map(toWireFieldName)) {
    if (Object.hasOwn(body, name)) params[name] = body[name];
  }
  return updateMetadata({}, params as WireMetadataParams, { naming: 'wire', fields, ...context.limits, schemas: context.schemas[kind] });
}
