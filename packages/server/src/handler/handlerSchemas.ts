import { isStandardSchema, organizationMetadataFields, userMetadataFields, type MetadataFieldName, type MetadataSchemas } from '@metadata-semantics/core';
import type { MetadataHandlerSchemas } from './handlerOptions.js';
import type { SchemasByKind } from '../api/route.js';
import type { ResourceKind } from '../store/resourceKind.js';

const fieldsOf: Readonly<Record<keyof MetadataHandlerSchemas, readonly MetadataFieldName[]>> = {
  user: userMetadataFields,
  organization: organizationMetadataFields,
  membership: organizationMetadataFields,
};

const kindOf: Readonly<Record<keyof MetadataHandlerSchemas, ResourceKind>> = {
  user: 'user',
  organization: 'organization',
  membership: 'organization_membership',
};

/**
 * Checks the `schemas` option when the handler is created, so that a misspelt
 * resource or field, which would leave writes unchecked, fails at start-up.
 */
export function schemasByKind(option: MetadataHandlerSchemas | undefined): SchemasByKind {
  const byKind: Partial<Record<ResourceKind, MetadataSchemas>> = {};
  if (option === undefined) return byKind;
  if (option === null || typeof option !== 'object') throw new TypeError('createMetadataHandler: schemas must be an object');
  for (const [resource, schemas] of Object.entries(option)) {
    const fields = Object.hasOwn(fieldsOf, resource) ? fieldsOf[resource as keyof MetadataHandlerSchemas] : undefined;
    if (fields === undefined) {
      throw new TypeError(`createMetadataHandler: schemas.${resource} is not a resource; use user, organization or membership`);
    }
    if (schemas === undefined) continue;
    for (const [field, schema] of Object.entries((schemas ?? 0) as object)) {
      if (!fields.includes(field as MetadataFieldName)) {
        throw new TypeError(`createMetadataHandler: schemas.${resource}.${field} is not a metadata field of a ${resource} (${fields.join(', ')})`);
      }
      if (schema !== undefined && !isStandardSchema(schema)) {
        throw new TypeError(`createMetadataHandler: schemas.${resource}.${field} is not a Standard Schema v1 validator`);
      }
    }
    byKind[kindOf[resource as keyof MetadataHandlerSchemas]] = schemas as MetadataSchemas;
  }
  return byKind;
}
