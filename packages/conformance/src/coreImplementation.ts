import {
  MetadataError,
  createMergePatch,
  fromWireFieldName,
  frontendReadableMetadataFields,
  frontendWritableMetadataFields,
  deepMergeWithNullDeletion,
  metadataErrorToClerkError,
  organizationMetadataFields,
  replaceFields,
  replaceMetadata,
  toWireFieldName,
  updateMetadata,
  userMetadataFields,
  type JsonObject,
  type JsonValue,
  type MetadataSchemas,
} from '@metadata-semantics/core';
import { conformanceSchema } from './conformanceSchema.js';
import type { ConformanceImplementation, ConformanceMetadataOutcome, ConformanceMetadataRequest } from './conformanceImplementation.js';

/** Core takes schemas by SDK name; a name that is no field is kept, so core sees it and ignores it. */
function coreSchemas(schemas: NonNullable<ConformanceMetadataRequest['schemas']>): MetadataSchemas {
  const byName: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) byName[fromWireFieldName(name) ?? name] = conformanceSchema(schema);
  return byName as MetadataSchemas;
}

function metadata(request: ConformanceMetadataRequest): ConformanceMetadataOutcome {
  const fields =
    request.api === 'frontend' ? frontendWritableMetadataFields : request.resource === 'user' ? userMetadataFields : organizationMetadataFields;
  const operation = request.method === 'PUT' ? replaceMetadata : updateMetadata;
  try {
    // The stored fields are the resource's; `fields` only narrows what the request may write.
    const writable = operation(request.stored, request.body as object, {
      ...(request.limits as object),
      naming: 'wire',
      fields,
      // Only when the case has schemas: core is called as a user without schemas calls it.
      ...(request.schemas === undefined ? {} : { schemas: coreSchemas(request.schemas) }),
    });
    const resourceFields = request.resource === 'user' ? userMetadataFields : organizationMetadataFields;
    // The frontend sees only the fields it may read (never private metadata).
    const readable = request.api === 'frontend' ? frontendReadableMetadataFields : resourceFields;
    // Nothing changed and every field was there: the stored object itself, as core returns it.
    const complete: JsonObject = writable === request.stored ? (request.stored as JsonObject) : {};
    if (complete !== request.stored) {
      const stored = { ...request.stored, ...writable } as JsonObject;
      // A stored null stays null; only a field never set reads as {}.
      for (const name of resourceFields) complete[toWireFieldName(name)] = Object.hasOwn(stored, toWireFieldName(name)) ? stored[toWireFieldName(name)]! : {};
    }
    const response: JsonObject = {};
    for (const name of readable) response[toWireFieldName(name)] = complete[toWireFieldName(name)]!;
    return { status: 200, stored: complete as { [field: string]: JsonValue }, response };
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    const { status, body } = metadataErrorToClerkError(error);
    return { status, errors: body.errors.map((e) => ({ code: e.code, long_message: e.long_message, meta: { param_name: e.meta?.param_name, path: e.meta?.path } })) };
  }
}

/**
 * The reference implementation, `@metadata-semantics/core`, as a
 * {@link ConformanceImplementation}: every case except the HTTP-only ones
 * (raw bodies) runs against it.
 *
 * @remarks
 * `merge` is `deepMergeWithNullDeletion`, `replace` is `replaceFields`, `diff`
 * is `createMergePatch`, and `metadata` runs `updateMetadata` (PATCH) or
 * `replaceMetadata` (PUT) with wire names, the case's limits and schemas
 * (each a {@link conformanceSchema}) and the resource's fields (`['unsafeMetadata']` for frontend requests), turning a
 * `MetadataError` into its HTTP answer with `metadataErrorToClerkError`. Its
 * frontend `response` leaves out `private_metadata`, as a server must.
 *
 * @example
 * ```ts
 * import { coreImplementation, runConformance } from '@metadata-semantics/conformance';
 *
 * const report = await runConformance(coreImplementation, { filter: 'merge' });
 * report.failed; // => 0
 * ```
 *
 * @public
 */
export const coreImplementation: ConformanceImplementation = Object.freeze({
  merge: (target: JsonValue, patch: JsonValue): unknown => deepMergeWithNullDeletion(target, patch),
  replace: (stored: JsonObject, provided: JsonValue): unknown => replaceFields(stored, provided as JsonObject),
  diff: (before: JsonValue, after: JsonValue): unknown => createMergePatch(before, after),
  metadata,
});
