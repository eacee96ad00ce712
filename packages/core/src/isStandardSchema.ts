import type { StandardSchemaV1 } from './standardSchema.js';

/**
 * Whether a value is a Standard Schema v1 validator the metadata operations
 * can call: its `~standard` is of version 1 and has a `validate` function.
 *
 * @param value - anything, such as a schema read from configuration
 * @returns `true` for zod, valibot and arktype schemas and any other Standard Schema v1
 *
 * @remarks
 * The operations refuse any other schema with `invalid_schema` when they
 * validate a field; check a configuration with this where it is read, as
 * `createMetadataHandler` does when it starts. Whether `validate` answers
 * synchronously shows only when it is called.
 *
 * @example
 * ```ts
 * isStandardSchema({ '~standard': { version: 1, vendor: 'example', validate: (value: unknown) => ({ value }) } }); // => true
 * isStandardSchema({ '~standard': { version: 2, vendor: 'example', validate: (value: unknown) => ({ value }) } }); // => false
 * isStandardSchema({ parse: (value: unknown) => value }); // => false
 * ```
 *
 * @public
 */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const standard = (value as { readonly '~standard'?: { readonly version?: unknown; readonly validate?: unknown } } | null | undefined)?.['~standard'];
  return standard?.version === 1 && typeof standard.validate === 'function';
}
