import {
  MetadataError,
  applyMetadataOperation,
  jsonByteLength,
  toWireFieldName,
  type JsonValue,
  type MetadataFieldName,
  type MetadataFields,
  type MetadataPathSegment,
  type WireMetadataParams,
} from '@metadata-semantics/core';
import { diffJson, type JsonChange } from './diffJson.js';

/** What the person asks for: core's update (PATCH) or replace (PUT), in wire names. */
export interface MetadataChangeRequest {
  readonly kind: 'update' | 'replace';
  readonly params: WireMetadataParams;
}

/** The resource's fields and the server's limits: what the preview runs core with. */
export interface PreviewOptions {
  /** The resource's fields, in SDK names, as core takes them. */
  readonly fields: readonly MetadataFieldName[];
  readonly maxFieldBytes: number;
  readonly maxDepth: number;
}

/** Why a change would be refused, and where: core's code and path (the field's wire name first). */
export interface PreviewRefusal {
  readonly code: string;
  readonly path: readonly MetadataPathSegment[];
  readonly message: string;
}

/** The size of a field the request writes, against the limit. */
export interface FieldSize {
  readonly field: string;
  readonly bytes: number;
  readonly limit: number;
}

/** What sending the request would do, computed by core before anything is sent. */
export interface MetadataPreview {
  /** Every field after the change, as the server would store it; absent when refused. */
  readonly result?: MetadataFields;
  readonly refusal?: PreviewRefusal;
  /** What is added, changed and deleted; also shown for a result refused only for its size. */
  readonly changes: readonly JsonChange[];
  /** The size of each field the request writes; shown whenever `changes` are. */
  readonly sizes: readonly FieldSize[];
}

/** Core's refusal as the preview shows it; anything else is a bug, and thrown. */
export function refusalOf(error: unknown): PreviewRefusal {
  if (!(error instanceof MetadataError)) throw error;
  // Core ends its message with the code and path, which the preview shows on their own.
  const suffix = ` (${error.code} at ${JSON.stringify(error.path)})`;
  const message = error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
  return { code: error.code, path: error.path, message };
}

/**
 * Runs the request through core exactly as the server will (`naming: 'wire'`, the same fields and limits),
 * on `stored`, the metadata the page shows, and says what it would change.
 */
export function previewMetadataChange(stored: MetadataFields, request: MetadataChangeRequest, options: PreviewOptions): MetadataPreview {
  const limits = { naming: 'wire', fields: options.fields, maxFieldBytes: options.maxFieldBytes, maxDepth: options.maxDepth } as const;
  let result: MetadataFields | undefined;
  let refusal: PreviewRefusal | undefined;
  try {
    result = applyMetadataOperation(stored, request, limits);
  } catch (error) {
    refusal = refusalOf(error);
  }
  // A result refused for its size alone is still shown, with the size that refuses it.
  const shown = refusal?.code === 'too_large' ? applyMetadataOperation(stored, request, { ...limits, maxFieldBytes: Infinity }) : result;
  if (shown === undefined) return { refusal: refusal!, changes: [], sizes: [] };

  const names = options.fields.map(toWireFieldName);
  const before = (name: string): JsonValue => (Object.hasOwn(stored, name) ? stored[name]! : {});
  const changes = names.flatMap((name) => diffJson(before(name), shown[name]!, [name]));
  const written = names.filter((name) => (request.params as Record<string, unknown>)[name] !== undefined);
  const sizes = written.map((field) => ({ field, bytes: jsonByteLength(shown[field]), limit: options.maxFieldBytes }));
  return { ...(result === undefined ? {} : { result }), ...(refusal === undefined ? {} : { refusal }), changes, sizes };
}
