import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { conformanceSchema, type ConformanceSchema } from '../index.js';
// The test kit's grammar of schemas, built with each real validator.
import { buildSchema, nearJsonArbitrary, satisfies, schemaShapeArbitrary, validatorNames } from '@metadata-semantics/test-kit/schemaGrammar';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 200);

describe('conformanceSchema', () => {
  test('agrees with zod, valibot and arktype on random schemas of the subset and random values', () => {
    fc.assert(
      fc.property(schemaShapeArbitrary, fc.array(nearJsonArbitrary, { minLength: 1, maxLength: 5 }), (shape, values) => {
        // Arrange
        const reference = conformanceSchema(shape);
        const built = validatorNames.map((validator) => [validator, buildSchema(validator, shape)] as const);

        // Act / Assert: every validator accepts exactly what the reference accepts
        for (const value of values) {
          const expected = satisfies(reference, value);
          for (const [validator, schema] of built) expect([validator, satisfies(schema, value)]).toStrictEqual([validator, expected]);
        }
      }),
      { numRuns },
    );
  });

  test.each<[string, ConformanceSchema, unknown, { message: string; path?: (string | { key: number })[] }[] | undefined]>([
    ['any value', {}, { a: [1] }, undefined],
    ['a wrong type, and nothing else checked inside it', { type: 'object', required: ['a'] }, [1], [{ message: 'Expected object, got array' }]],
    ['an integer is a number', { type: 'number' }, 3, undefined],
    ['a fraction is no integer', { type: 'integer' }, 1.5, [{ message: 'Expected integer, got number' }]],
    ['null has its own type', { type: 'object' }, null, [{ message: 'Expected object, got null' }]],
    ['an enum value', { enum: ['a', 1, null] }, null, undefined],
    ['a value outside the enum', { type: 'string', enum: ['a'] }, 'b', [{ message: 'Expected one of ["a"]' }]],
    [
      // Both forms of path segment Standard Schema allows, and no path at the root: an implementation must read all three.
      'every issue of an object, with paths: keys as they are, array indices as { key } segments',
      { type: 'object', properties: { a: { type: 'array', items: { type: 'string' } } }, required: ['a', 'b'], additionalProperties: false },
      { a: ['x', 2], c: true },
      [
        { message: 'Missing required key "b"', path: ['b'] },
        { message: 'Expected string, got integer', path: ['a', { key: 1 }] },
        { message: 'Unexpected key "c"', path: ['c'] },
      ],
    ],
    ['other keys allowed by default', { type: 'object', properties: { a: { type: 'string' } } }, { b: 1 }, undefined],
    ['a key named like a prototype member is an ordinary key', { type: 'object', properties: {}, additionalProperties: false }, JSON.parse('{"__proto__": 1}'), [
      { message: 'Unexpected key "__proto__"', path: ['__proto__'] },
    ]],
    ['a property named toString is not inherited', { type: 'object', properties: {} , additionalProperties: false }, { toString: 1 }, [
      { message: 'Unexpected key "toString"', path: ['toString'] },
    ]],
  ])('%s', (_name, schema, value, issues) => {
    // Act
    const result = conformanceSchema(schema)['~standard'].validate(value);

    // Assert
    expect(result).toStrictEqual(issues === undefined ? { value } : { issues });
  });
});
