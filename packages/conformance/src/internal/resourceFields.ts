import type { ConformanceResource, WireMetadataFields } from '../conformanceCase.js';

const userFields = ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const;
const organizationFields = ['public_metadata', 'private_metadata'] as const;

/** The wire names of a resource's metadata fields. */
export function fieldsOf(resource: ConformanceResource): readonly string[] {
  return resource === 'user' ? userFields : organizationFields;
}

/** All metadata wire names, whatever the resource. */
export const allFieldNames: readonly string[] = userFields;

/** Every field of the resource, a field absent from `fields` reading as `{}`. */
export function completeFields(resource: ConformanceResource, fields: WireMetadataFields): Record<string, unknown> {
  const complete: Record<string, unknown> = {};
  for (const name of fieldsOf(resource)) {
    complete[name] = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : {};
  }
  return complete;
}

/** The metadata fields (by wire name) an object carries, e.g. a user JSON object. */
export function pickFields(value: unknown): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null) return picked;
  for (const name of allFieldNames) {
    if (Object.prototype.hasOwnProperty.call(value, name)) picked[name] = (value as Record<string, unknown>)[name];
  }
  return picked;
}
