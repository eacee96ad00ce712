import type { JsonValue, StandardSchemaV1 } from '@metadata-semantics/core';
import { isObject, jsonDifference } from './internal/json.js';

/**
 * The schema of a field in a conformance case: a subset of JSON Schema
 * (draft 2020-12), small enough for any language to implement.
 *
 * @remarks
 * `type` (one of `object`, `array`, `string`, `number`, `integer` (a number
 * with no fractional part), `boolean`, `null`), `enum` (the value equals one
 * of these primitives), and, with `type: 'object'`, `properties` (each present
 * key's value satisfies its schema), `required` (these keys are present) and
 * `additionalProperties: false` (no other key); with `type: 'array'`, `items`
 * (every element satisfies it). `{}` accepts any value. Keywords combine with
 * a logical and.
 *
 * A case that gives an error's `message` quotes an issue of the reference
 * validator, {@link conformanceSchema}: `Expected <type>, got <type>`,
 * `Expected one of <the enum as JSON>`, `Missing required key <key as JSON>`,
 * `Unexpected key <key as JSON>`.
 *
 * @public
 */
export interface ConformanceSchema {
  /** The JSON type the value must have. */
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  /** The values allowed: JSON primitives. */
  readonly enum?: readonly (string | number | boolean | null)[];
  /** With `type: 'object'`: the schema of each key, where the key is present. */
  readonly properties?: { readonly [key: string]: ConformanceSchema };
  /** With `type: 'object'`: the keys that must be present. */
  readonly required?: readonly string[];
  /** With `type: 'object'`: `false` refuses keys not in `properties`. Default `true`. */
  readonly additionalProperties?: boolean;
  /** With `type: 'array'`: the schema of every element. */
  readonly items?: ConformanceSchema;
}

type Issue = { message: string; path: (string | number)[] };

// Standard Schema lets a path segment be a key or a { key } object, and a root issue have no path:
// the reference gives all three forms, so an implementation run with it must read each.
function standardIssue({ message, path }: Issue): StandardSchemaV1.Issue {
  return path.length === 0 ? { message } : { message, path: path.map((key) => (typeof key === 'number' ? { key } : key)) };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

function collectIssues(schema: ConformanceSchema, value: unknown, path: (string | number)[], issues: Issue[]): void {
  const actual = typeOf(value);
  if (schema.type !== undefined && schema.type !== actual && !(schema.type === 'number' && actual === 'integer')) {
    issues.push({ message: `Expected ${schema.type}, got ${actual}`, path: [...path] });
    return;
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => jsonDifference(value, allowed) === undefined)) {
    issues.push({ message: `Expected one of ${JSON.stringify(schema.enum)}`, path: [...path] });
  }
  if (Array.isArray(value)) {
    if (schema.items !== undefined) value.forEach((item, index) => collectIssues(schema.items!, item, [...path, index], issues));
    return;
  }
  if (!isObject(value)) return;
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) issues.push({ message: `Missing required key ${JSON.stringify(key)}`, path: [...path, key] });
  }
  for (const key of Object.keys(value)) {
    const keySchema = schema.properties !== undefined && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (keySchema !== undefined) collectIssues(keySchema, value[key], [...path, key], issues);
    else if (schema.additionalProperties === false) issues.push({ message: `Unexpected key ${JSON.stringify(key)}`, path: [...path, key] });
  }
}

/**
 * A Standard Schema v1 validator for a {@link ConformanceSchema}: what the
 * in-process runner hands core for a case's `schemas`, and a reference for
 * other JavaScript implementations.
 *
 * @param schema - the JSON Schema subset
 * @returns a synchronous validator whose issues carry paths: keys as strings, array indices as `{ key }` segments, no path at the root
 *
 * @example
 * ```ts
 * import { conformanceSchema } from '@metadata-semantics/conformance';
 *
 * const role = conformanceSchema({ type: 'object', properties: { role: { enum: ['admin', 'member'] } }, required: ['role'] });
 * role['~standard'].validate({ role: 'admin' }); // => { value: { role: 'admin' } }
 * role['~standard'].validate({}); // => { issues: [{ message: 'Missing required key "role"', path: ['role'] }] }
 * ```
 *
 * @public
 */
export function conformanceSchema(schema: ConformanceSchema): StandardSchemaV1<JsonValue> {
  return {
    '~standard': {
      version: 1,
      vendor: 'metadata-semantics-conformance',
      validate(value) {
        const issues: Issue[] = [];
        collectIssues(schema, value, [], issues);
        return issues.length === 0 ? { value: value as JsonValue } : { issues: issues.map(standardIssue) };
      },
    },
  };
}
