import { MetadataError } from './metadataError.js';
import { hasOwn, isPlainObject, setOwn } from './internal/plainObject.js';

/**
 * A metadata field as the SDKs name it.
 *
 * @public
 */
export type MetadataFieldName = 'publicMetadata' | 'privateMetadata' | 'unsafeMetadata';

/**
 * A metadata field as the HTTP API names it (snake_case).
 *
 * @public
 */
export type WireMetadataFieldName = 'public_metadata' | 'private_metadata' | 'unsafe_metadata';

/**
 * The metadata fields of a user: public, private and unsafe.
 *
 * @public
 */
export const userMetadataFields: readonly MetadataFieldName[] = /* @__PURE__ */ Object.freeze([
  'publicMetadata',
  'privateMetadata',
  'unsafeMetadata',
] as const);

/**
 * The metadata fields of an organization and of an organization membership:
 * public and private.
 *
 * @public
 */
export const organizationMetadataFields: readonly MetadataFieldName[] = /* @__PURE__ */ Object.freeze([
  'publicMetadata',
  'privateMetadata',
] as const);

/**
 * The fields the frontend (the signed-in user, `PATCH /v1/me/metadata`) may
 * write: `unsafeMetadata` only.
 *
 * @remarks
 * Pass it as the `fields` option of {@link updateMetadata} so that a frontend
 * request naming any other field fails with `unknown_field` and changes nothing.
 *
 * @public
 */
export const frontendWritableMetadataFields: readonly MetadataFieldName[] = /* @__PURE__ */ Object.freeze(['unsafeMetadata'] as const);

/**
 * The fields the frontend may read: `publicMetadata` and `unsafeMetadata`.
 * `privateMetadata` is never sent to the frontend.
 *
 * @public
 */
export const frontendReadableMetadataFields: readonly MetadataFieldName[] = /* @__PURE__ */ Object.freeze([
  'publicMetadata',
  'unsafeMetadata',
] as const);

const wireNames: Readonly<Record<MetadataFieldName, WireMetadataFieldName>> = {
  publicMetadata: 'public_metadata',
  privateMetadata: 'private_metadata',
  unsafeMetadata: 'unsafe_metadata',
};

const sdkNames: Readonly<Record<WireMetadataFieldName, MetadataFieldName>> = {
  public_metadata: 'publicMetadata',
  private_metadata: 'privateMetadata',
  unsafe_metadata: 'unsafeMetadata',
};

/**
 * Maps an SDK field name to its wire name.
 *
 * @param name - `publicMetadata`, `privateMetadata` or `unsafeMetadata`
 * @returns `public_metadata`, `private_metadata` or `unsafe_metadata`
 *
 * @public
 */
export function toWireFieldName(name: MetadataFieldName): WireMetadataFieldName {
  return wireNames[name];
}

/**
 * Maps a wire field name to its SDK name.
 *
 * @param name - any string
 * @returns the SDK name, or `undefined` when `name` is not a metadata wire name
 *
 * @remarks
 * Only the three snake_case names are recognised; `publicMetadata` itself is
 * not a wire name and gives `undefined`.
 *
 * @public
 */
export function fromWireFieldName(name: string): MetadataFieldName | undefined {
  return hasOwn(sdkNames, name) ? sdkNames[name as WireMetadataFieldName] : undefined;
}

/**
 * Converts metadata fields between SDK names and wire names, in either direction.
 *
 * @param fields - a plain object keyed by metadata field names
 * @param to - `'wire'` to produce snake_case keys, `'sdk'` to produce camelCase keys
 * @returns a new object with the same values (not copied) under the other names
 *
 * @remarks
 * A key that is not a metadata field name of the source naming throws a
 * {@link MetadataError} with code `unknown_field` and that key as its path:
 * converting never drops or invents a field. `undefined` values stay absent.
 *
 * @example
 * ```ts
 * renameMetadataFields({ public_metadata: { a: 1 } }, 'sdk'); // => { publicMetadata: { a: 1 } }
 * ```
 *
 * @public
 */
export function renameMetadataFields(fields: unknown, to: 'wire' | 'sdk'): Record<string, unknown> {
  if (!isPlainObject(fields)) {
    throw new MetadataError('invalid_params', [], 'Expected metadata fields to be a plain object');
  }
  const names: Readonly<Record<string, string>> = to === 'wire' ? wireNames : sdkNames;
  const renamed: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined) continue;
    if (!hasOwn(names, key)) {
      throw new MetadataError('unknown_field', [key], `Unknown metadata field ${JSON.stringify(key)}`);
    }
    setOwn(renamed, names[key]!, value);
  }
  return renamed;
}
