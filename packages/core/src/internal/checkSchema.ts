import { MetadataError, type MetadataSchemaIssue } from '../metadataError.js';
import { isStandardSchema } from '../isStandardSchema.js';
import type { StandardSchemaV1 } from '../standardSchema.js';

/**
 * Validates a field's result, given as its JSON text, with the field's schema:
 * throws `schema_mismatch` with the schema's issues, or `invalid_schema` when
 * the schema cannot answer synchronously. Only decides: the output is not used.
 */
export function checkSchema(schema: StandardSchemaV1, name: string, text: string): void {
  // Its own copy, parsed from the JSON text: a validator that changes its input
  // changes neither the result nor the stored value, and sees what JSON keeps.
  // A validator may break its promise of a result: any value is checked.
  const result = (isStandardSchema(schema) ? schema['~standard'].validate(JSON.parse(text)) : undefined) as StandardSchemaV1.Result<unknown> | undefined;
  // Vectors: javascript-only start: a validator that answers with a promise, or none at all; a vector's schema is data
  const then: unknown = (result as { then?: unknown } | undefined)?.then;
  if (!result || typeof then === 'function') {
    // Nobody will wait for a promise: its rejection must not go unhandled.
    (then as PromiseLike<unknown>['then'] | undefined)?.call(result, undefined, () => {});
    throw new MetadataError('invalid_schema', [name], 'Not a synchronous Standard Schema');
  }
  // Vectors: javascript-only end
  const issues = result.issues?.map(({ message, path = [] }) => ({
    message,
    path: path.map((segment) => {
      const key = typeof segment === 'object' ? segment.key : segment;
      // Vectors: javascript-only next-line: a key that is neither string nor number (a symbol) is JavaScript's
      return typeof key === 'number' ? key : String(key);
    }),
  }));
  if (issues) {
    // Vectors: javascript-only next-line: Clerk's body gives each issue's path and message, not these; an empty issue list is JavaScript's
    const error = new MetadataError('schema_mismatch', [name, ...(issues[0]?.path ?? [])], `Does not match the schema: ${issues.map((issue) => issue.message).join('; ')}`);
    // Set here, not by the constructor: the reducers share MetadataError and stay free of schema code.
    (error as { issues?: MetadataSchemaIssue[] }).issues = issues;
    throw error;
  }
}
