// Random schemas from a small grammar (the conformance vectors' JSON Schema subset), built
// with each real validator, and values near them: the law tests of schemas run every
// validator through the same checks. Optimistic and server tests import this file too.
import { type } from 'arktype';
import fc from 'fast-check';
import * as v from 'valibot';
import { z } from 'zod';
import type { StandardSchemaV1 } from '@metadata-semantics/core';
import { conformanceSchema, type ConformanceSchema } from '@metadata-semantics/conformance';

/** The validators under test: the three real ones, and the conformance runner's reference. */
export const validatorNames = ['zod', 'valibot', 'arktype'] as const;
export type ValidatorName = (typeof validatorNames)[number] | 'conformance';

type Primitive = string | number | boolean | null;

function toZod(shape: ConformanceSchema): z.ZodType {
  let schema: z.ZodType;
  switch (shape.type) {
    case undefined:
      schema = z.unknown();
      break;
    case 'object': {
      const required = new Set(shape.required ?? []);
      const entries = Object.entries(shape.properties ?? {}).map(([key, inner]) => {
        const built = toZod(inner);
        return [key, required.has(key) ? built : built.optional()] as const;
      });
      const properties = Object.fromEntries(entries);
      schema = shape.additionalProperties === false ? z.strictObject(properties) : z.looseObject(properties);
      break;
    }
    case 'array':
      schema = z.array(shape.items === undefined ? z.unknown() : toZod(shape.items));
      break;
    case 'integer':
      schema = z.number().int();
      break;
    default:
      schema = { string: z.string(), number: z.number(), boolean: z.boolean(), null: z.null() }[shape.type];
  }
  return shape.enum === undefined ? schema : schema.and(z.literal(shape.enum as Primitive[]));
}

function toValibot(shape: ConformanceSchema): v.GenericSchema {
  let schema: v.GenericSchema;
  switch (shape.type) {
    case undefined:
      schema = v.unknown();
      break;
    case 'object': {
      const required = new Set(shape.required ?? []);
      const entries: [string, v.GenericSchema][] = Object.entries(shape.properties ?? {}).map(([key, inner]) => {
        const built = toValibot(inner);
        return [key, required.has(key) ? built : v.optional(built)];
      });
      const properties = Object.fromEntries(entries);
      const object = shape.additionalProperties === false ? v.strictObject(properties) : v.looseObject(properties);
      // valibot's object schemas accept arrays (they are objects), turning them into objects: JSON Schema's do not.
      schema = v.pipe(v.custom((value) => !Array.isArray(value), 'Expected an object, not an array'), object);
      break;
    }
    case 'array':
      schema = v.array(shape.items === undefined ? v.unknown() : toValibot(shape.items));
      break;
    case 'integer':
      schema = v.pipe(v.number(), v.integer());
      break;
    default:
      schema = { string: v.string(), number: v.number(), boolean: v.boolean(), null: v.null() }[shape.type];
  }
  return shape.enum === undefined ? schema : v.intersect([schema, v.union(shape.enum.map((value) => v.literal(value as never)))]);
}

function toArktype(shape: ConformanceSchema): type.Any {
  let schema: type.Any;
  switch (shape.type) {
    case undefined:
      schema = type('unknown');
      break;
    case 'object': {
      const required = new Set(shape.required ?? []);
      const definition: Record<string, type.Any> = {};
      for (const [key, inner] of Object.entries(shape.properties ?? {})) definition[required.has(key) ? key : `${key}?`] = toArktype(inner);
      const declared = type(definition as never) as type.Any;
      const object = shape.additionalProperties === false ? (declared as unknown as { onUndeclaredKey(mode: 'reject'): type.Any }).onUndeclaredKey('reject') : declared;
      // arktype's object types accept arrays, as valibot's do: JSON Schema's do not.
      schema = object.narrow((value: unknown) => !Array.isArray(value)) as type.Any;
      break;
    }
    case 'array':
      schema = (shape.items === undefined ? type('unknown') : toArktype(shape.items)).array() as type.Any;
      break;
    case 'integer':
      schema = type('number.integer');
      break;
    default:
      schema = type(shape.type);
  }
  return shape.enum === undefined ? schema : (schema.and(type.enumerated(...shape.enum)) as type.Any);
}

/** The schema built with one validator. */
export function buildSchema(validator: ValidatorName, shape: ConformanceSchema): StandardSchemaV1 {
  switch (validator) {
    case 'zod':
      return toZod(shape);
    case 'valibot':
      return toValibot(shape);
    case 'arktype':
      return toArktype(shape);
    case 'conformance':
      return conformanceSchema(shape);
  }
}

/** Whether a value satisfies a schema, by its validator (which must answer synchronously). */
export function satisfies(schema: StandardSchemaV1, value: unknown): boolean {
  const result = schema['~standard'].validate(value) as StandardSchemaV1.Result<unknown>;
  return result.issues === undefined;
}

const keys = ['a', 'b', 'c'] as const;
const primitives: readonly Primitive[] = ['x', 'y', '', 0, 1, -2, 1.5, true, false, null];
const leafTypes = ['string', 'number', 'integer', 'boolean', 'null'] as const;

/** A random schema of the grammar: objects over keys a, b, c, arrays, primitives, enums, anything. */
export const schemaShapeArbitrary: fc.Arbitrary<ConformanceSchema> = fc.letrec<{ shape: ConformanceSchema; object: ConformanceSchema }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant({}),
    fc.constantFrom(...leafTypes).map((leaf) => ({ type: leaf })),
    fc.subarray([...primitives], { minLength: 1, maxLength: 3 }).map((values) => ({ enum: values })),
    fc.constantFrom<ConformanceSchema>({ type: 'string', enum: ['x', 'y'] }, { type: 'integer', enum: [0, 1] }),
    tie('shape').map((items) => ({ type: 'array' as const, items })),
    tie('object'),
  ),
  object: fc
    .record({
      properties: fc.dictionary(fc.constantFrom(...keys), tie('shape'), { maxKeys: 3 }),
      required: fc.subarray([...keys], { maxLength: 2 }),
      additionalProperties: fc.boolean(),
    })
    .map(({ properties, required, additionalProperties }) => ({
      type: 'object' as const,
      properties,
      // Only keys with a schema are required, so that every validator states the same rule.
      required: required.filter((key) => Object.hasOwn(properties, key)),
      ...(additionalProperties ? {} : { additionalProperties: false }),
    })),
})).object;

/** JSON values over the grammar's keys and primitives: some satisfy a given schema, many do not. */
export const nearJsonArbitrary: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...primitives),
    fc.array(tie('value'), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A JSON object over the grammar's keys: a stored field, or an update's patch (nulls delete). */
export const nearObjectArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(fc.constantFrom(...keys), nearJsonArbitrary, { maxKeys: 3 });
