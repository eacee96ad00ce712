import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyMetadataOperation } from '../applyMetadataOperation.js';
import { isStandardSchema } from '../isStandardSchema.js';
import { MetadataError } from '../metadataError.js';
import { replaceMetadata, updateMetadata, type MetadataSchemas, type StoredMetadata } from '../metadataOperations.js';
import type { StandardSchemaV1 } from '../standardSchema.js';
import { deepFreeze, snapshot } from '@metadata-semantics/test-kit/arbitraries';
import { catchMetadataError, expectMetadataError } from '@metadata-semantics/test-kit/errors';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';
import { buildSchema, nearObjectArbitrary, satisfies, schemaShapeArbitrary, validatorNames } from '@metadata-semantics/test-kit/schemaGrammar';

type Kind = 'update' | 'replace';
const operations = { update: updateMetadata, replace: replaceMetadata } as const;
const run = (kind: Kind, stored: StoredMetadata, params: object, schemas?: MetadataSchemas) =>
  operations[kind](stored, params as never, schemas === undefined ? undefined : { schemas });

/** A hand-made Standard Schema whose validate is `validate`. */
function standardSchema(validate: (value: unknown) => unknown): StandardSchemaV1 {
  return { '~standard': { version: 1, vendor: 'test', validate: validate as StandardSchemaV1.Props['validate'] } };
}

/** The schema's issues for a value, with paths as core reports them (keys and indices). */
function issuesOf(schema: StandardSchemaV1, value: unknown): { message: string; path: (string | number)[] }[] | undefined {
  const result = schema['~standard'].validate(value) as StandardSchemaV1.Result<unknown>;
  return result.issues?.map((issue) => ({
    message: issue.message,
    path: (issue.path ?? []).map((segment) => {
      const key = typeof segment === 'object' ? segment.key : segment;
      return typeof key === 'number' ? key : String(key);
    }),
  }));
}

const field = 'publicMetadata';

describe.each(validatorNames)('schemas with %s: the laws', (validator) => {
  it.each(['update', 'replace'] as const)(
    '%s accepts exactly when the plain result satisfies the schema, stores that result, and changes nothing otherwise',
    (kind) => {
      fc.assert(
        fc.property(
          schemaShapeArbitrary,
          fc.option(nearObjectArbitrary, { nil: undefined }),
          fc.oneof({ weight: 9, arbitrary: nearObjectArbitrary }, { weight: 1, arbitrary: fc.constant(null) }),
          (shape, storedField, written) => {
            // Arrange: the schema built with the validator under test, and the conformance runner's reference
            const schema = buildSchema(validator, shape);
            const reference = buildSchema('conformance', shape);
            const stored: StoredMetadata = storedField === undefined ? {} : { publicMetadata: storedField, privateMetadata: { kept: true } };
            const params = { publicMetadata: written };
            const before = snapshot({ stored, params });
            const plain = run(kind, stored, params);

            // Act
            let result: unknown;
            let error: unknown;
            try {
              result = run(kind, stored, params, { publicMetadata: schema });
            } catch (thrown) {
              error = thrown;
            }

            // Assert: the result decides, checked by the validator and by the independent reference
            const valid = satisfies(schema, plain[field]);
            expect(satisfies(reference, plain[field])).toBe(valid);
            if (valid) {
              expect(error).toBeUndefined();
              expect(result).toStrictEqual(plain);
            } else {
              expect(error).toBeInstanceOf(MetadataError);
              const issues = issuesOf(schema, JSON.parse(JSON.stringify(plain[field])))!;
              expect((error as MetadataError).code).toBe('schema_mismatch');
              expect((error as MetadataError).issues).toStrictEqual(issues);
              expect((error as MetadataError).path).toStrictEqual([field, ...issues[0]!.path]);
            }
            // validating never mutates: neither the stored value nor the params
            expect({ stored, params }).toStrictEqual(before);
          },
        ),
      );
    },
    propertyTimeout,
  );

  it('validates only the fields the request writes, each even when its result equals what was stored', () => {
    // Arrange: a schema public metadata does not satisfy today
    const schema = buildSchema(validator, { type: 'object', properties: { role: { enum: ['admin', 'member'] } }, required: ['role'] });
    const stored = deepFreeze({ publicMetadata: { role: 'owner' }, privateMetadata: {}, unsafeMetadata: {} });
    const schemas = { publicMetadata: schema };

    // Act
    const other = updateMetadata(stored, { unsafeMetadata: { theme: 'dark' } }, { schemas });

    // Assert: a write elsewhere is not refused for it; an empty patch of the field itself is
    expect(other.unsafeMetadata).toStrictEqual({ theme: 'dark' });
    expectMetadataError(() => updateMetadata(stored, { publicMetadata: {} }, { schemas }), 'schema_mismatch', ['publicMetadata', 'role']);
    expect(updateMetadata(stored, { publicMetadata: { role: 'admin' } }, { schemas }).publicMetadata).toStrictEqual({ role: 'admin' });
  });

  it('validates the result, not the patch: a patch that deletes or sets one key is judged by the whole value', () => {
    // Arrange: role is required; the patch alone never has it
    const schema = buildSchema(validator, {
      type: 'object',
      properties: { role: { type: 'string', enum: ['admin', 'member'] }, step: { type: 'integer' } },
      required: ['role'],
      additionalProperties: false,
    });
    const stored = { publicMetadata: { role: 'member', step: 1 } };
    const schemas = { publicMetadata: schema };

    // Act / Assert: the patch {step: 2} is no valid value, but the result is; deleting role is refused
    expect(updateMetadata(stored, { publicMetadata: { step: 2 } }, { schemas }).publicMetadata).toStrictEqual({ role: 'member', step: 2 });
    expectMetadataError(() => updateMetadata(stored, { publicMetadata: { role: null } }, { schemas }), 'schema_mismatch', ['publicMetadata', 'role']);
    expect(stored).toStrictEqual({ publicMetadata: { role: 'member', step: 1 } });
  });
});

describe('schemas: what is stored', () => {
  it("stores the operation's result, never the validator's output: no defaults, no transforms, update stays idempotent", () => {
    // Arrange: a schema with a default and a transform
    const schema = z.object({ plan: z.string().default('free'), count: z.number().transform((n) => n + 1) });
    const schemas = { publicMetadata: schema };
    const stored = { publicMetadata: { count: 1 } };

    // Act
    const once = updateMetadata(stored, { publicMetadata: { count: 2 } }, { schemas });
    const twice = updateMetadata(once, { publicMetadata: { count: 2 } }, { schemas });

    // Assert
    expect(once.publicMetadata).toStrictEqual({ count: 2 });
    expect(twice).toBe(once);
  });

  it('returns the stored object itself when nothing changed, as without a schema', () => {
    // Arrange
    const stored = { publicMetadata: { role: 'admin' }, privateMetadata: {}, unsafeMetadata: {} };
    const schemas = { publicMetadata: z.object({ role: z.string() }) };

    // Act / Assert
    expect(updateMetadata(stored, { publicMetadata: {} }, { schemas })).toBe(stored);
    expect(replaceMetadata(stored, { publicMetadata: { role: 'admin' } }, { schemas })).toBe(stored);
  });

  it('gives the validator its own copy of the result: a validator that changes its input changes nothing else', () => {
    // Arrange: a validator that empties whatever it is given
    const seen: unknown[] = [];
    const emptying = standardSchema((value) => {
      seen.push(value);
      for (const key of Object.keys(value as object)) delete (value as Record<string, unknown>)[key];
      return { value };
    });
    const shared = { deep: { kept: 1 } };
    const stored = { publicMetadata: { shared, other: 1 } };
    const params = { publicMetadata: { other: 2 } };

    // Act
    const result = updateMetadata(stored, params, { schemas: { publicMetadata: emptying } });

    // Assert: the validator got a value equal to the result, which is intact, as are the inputs
    expect(seen).toHaveLength(1);
    expect(result.publicMetadata).toStrictEqual({ shared: { deep: { kept: 1 } }, other: 2 });
    expect(stored).toStrictEqual({ publicMetadata: { shared: { deep: { kept: 1 } }, other: 1 } });
    expect(params).toStrictEqual({ publicMetadata: { other: 2 } });
  });

  it('shows the validator the JSON the result is: members holding undefined are absent', () => {
    // Arrange
    let seen: unknown;
    const recording = standardSchema((value) => {
      seen = value;
      return { value };
    });

    // Act
    replaceMetadata({}, { publicMetadata: { a: undefined, b: 1 } }, { schemas: { publicMetadata: recording } });

    // Assert
    expect(seen).toStrictEqual({ b: 1 });
  });
});

describe('schemas: where and how', () => {
  it('takes schemas by SDK name whatever the naming, and reports wire names with naming: wire', () => {
    // Arrange
    const schemas = { unsafeMetadata: z.object({ theme: z.enum(['light', 'dark']) }) };

    // Act
    const error = catchMetadataError(() => updateMetadata({}, { unsafe_metadata: { theme: 'blue' } } as never, { naming: 'wire', schemas }));

    // Assert
    expect([error.code, error.path]).toStrictEqual(['schema_mismatch', ['unsafe_metadata', 'theme']]);
    expect(updateMetadata({}, { unsafe_metadata: { theme: 'dark' } }, { naming: 'wire', schemas })).toStrictEqual({
      public_metadata: {},
      private_metadata: {},
      unsafe_metadata: { theme: 'dark' },
    });
  });

  it('applies a schema to the field it is given for, and to no other', () => {
    // Arrange: only private metadata has a schema, in the second position of the fields
    const schemas = { privateMetadata: z.object({ score: z.number() }) };

    // Act / Assert
    expect(updateMetadata({}, { publicMetadata: { score: 'x' }, unsafeMetadata: { score: 'x' } }, { schemas }).publicMetadata).toStrictEqual({ score: 'x' });
    expectMetadataError(() => updateMetadata({}, { privateMetadata: { score: 'x' } } as never, { schemas }), 'schema_mismatch', ['privateMetadata', 'score']);
  });

  it('runs with applyMetadataOperation too, for both kinds', () => {
    // Arrange
    const schemas = { publicMetadata: z.strictObject({ a: z.number() }) };

    // Act / Assert
    expectMetadataError(() => applyMetadataOperation({}, { kind: 'update', params: { publicMetadata: { a: 1, b: 1 } } } as never, { schemas }), 'schema_mismatch', [
      'publicMetadata',
    ]);
    expectMetadataError(() => applyMetadataOperation({}, { kind: 'replace', params: { publicMetadata: { a: 'x' } } } as never, { schemas }), 'schema_mismatch', [
      'publicMetadata',
      'a',
    ]);
  });

  it('checks the limits first: a result over the size limit is too_large, whatever the schema says', () => {
    // Arrange: a schema that refuses everything
    const refusing = standardSchema(() => ({ issues: [{ message: 'never' }] }));

    // Act / Assert
    expectMetadataError(() => updateMetadata({}, { publicMetadata: { s: 'x'.repeat(20) } }, { maxFieldBytes: 8, schemas: { publicMetadata: refusing } }), 'too_large', [
      'publicMetadata',
    ]);
  });

  it('validates with no limit too, and a result equal to the stored one', () => {
    // Arrange: with maxFieldBytes Infinity no JSON text is made for the limit
    const refusing = standardSchema(() => ({ issues: [{ message: 'never' }] }));
    const schemas = { publicMetadata: refusing };

    // Act / Assert
    expectMetadataError(() => updateMetadata({}, { publicMetadata: { a: 1 } }, { maxFieldBytes: Infinity, schemas }), 'schema_mismatch', ['publicMetadata']);
    expectMetadataError(() => replaceMetadata({ publicMetadata: { a: 1 } }, { publicMetadata: { a: 1 } }, { schemas }), 'schema_mismatch', ['publicMetadata']);
  });

  it('validates a replace with null as the JSON null it stores', () => {
    // Arrange
    const schemas = { publicMetadata: z.object({}) };

    // Act / Assert
    expectMetadataError(() => replaceMetadata({}, { publicMetadata: null } as never, { schemas }), 'schema_mismatch', ['publicMetadata']);
    expect(replaceMetadata({}, { publicMetadata: null }, { schemas: { publicMetadata: z.null() } }).publicMetadata).toBeNull();
  });
});

describe('schemas: the error', () => {
  it('carries every issue with its path inside the field, the first one in its path, and every message in its text', () => {
    // Arrange: issues with a plain path, a path of { key } segments, a symbol key and no path
    const symbol = Symbol('s');
    const schema = standardSchema(() => ({
      issues: [
        { message: 'first', path: ['tags', 1] },
        { message: 'second', path: [{ key: 'a' }, { key: 0 }] },
        { message: 'third', path: [symbol] },
        { message: 'fourth' },
      ],
    }));

    // Act
    const error = expectMetadataError(() => updateMetadata({}, { publicMetadata: {} }, { schemas: { publicMetadata: schema } }), 'schema_mismatch', [
      'publicMetadata',
      'tags',
      1,
    ]);

    // Assert
    expect(error.issues).toStrictEqual([
      { message: 'first', path: ['tags', 1] },
      { message: 'second', path: ['a', 0] },
      { message: 'third', path: ['Symbol(s)'] },
      { message: 'fourth', path: [] },
    ]);
    expect(error.message).toBe('Does not match the schema: first; second; third; fourth (schema_mismatch at ["publicMetadata","tags",1])');
  });

  it('is at the field itself when the schema fails with no issue', () => {
    // Arrange
    const schema = standardSchema(() => ({ issues: [] }));

    // Act
    const error = expectMetadataError(() => updateMetadata({}, { publicMetadata: {} }, { schemas: { publicMetadata: schema } }), 'schema_mismatch', ['publicMetadata']);

    // Assert
    expect(error.issues).toStrictEqual([]);
  });

  it('is absent from errors of other codes', () => {
    expect(catchMetadataError(() => updateMetadata({}, { publicMetadata: 1 } as never)).issues).toBeUndefined();
    expect('issues' in catchMetadataError(() => updateMetadata({}, { publicMetadata: 1 } as never))).toBe(false);
  });
});

describe('schemas that cannot decide synchronously', () => {
  it('refuses an asynchronous schema with invalid_schema, and leaves no rejection unhandled', async () => {
    // Arrange: zod refinements that are async make validate return a promise; this one rejects
    const asyncZod = { publicMetadata: z.object({ a: z.number() }).refine(async () => true) };
    const rejecting = { publicMetadata: standardSchema(() => Promise.reject(new Error('boom'))) };

    // Act / Assert
    expectMetadataError(() => updateMetadata({}, { publicMetadata: { a: 1 } }, { schemas: asyncZod }), 'invalid_schema', ['publicMetadata']);
    const error = expectMetadataError(() => updateMetadata({}, { publicMetadata: { a: 1 } }, { schemas: rejecting }), 'invalid_schema', ['publicMetadata']);
    expect(error.message).toBe('Not a synchronous Standard Schema (invalid_schema at ["publicMetadata"])');
    // vitest fails the run on an unhandled rejection: give it the time to see one
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it.each([
    ['a number', 1],
    ['an object without ~standard', {}],
    ['~standard without validate', { '~standard': { version: 1, vendor: 'x' } }],
    ['a validate that is not a function', { '~standard': { version: 1, vendor: 'x', validate: 1 } }],
    // The server refuses it at start-up (createMetadataHandler): core refuses it too.
    ['a ~standard of another version', { '~standard': { version: 2, vendor: 'x', validate: (value: unknown) => ({ value }) } }],
    ['a validate that returns nothing', standardSchema(() => undefined)],
    ['a validate that returns null', standardSchema(() => null)],
    ['a validate that returns false', standardSchema(() => false)],
  ])('refuses %s with invalid_schema, at the field', (_name, schema) => {
    // Arrange
    const stored = { publicMetadata: { a: 1 } };

    // Act / Assert
    expectMetadataError(() => updateMetadata(stored, { publicMetadata: { b: 2 } }, { schemas: { publicMetadata: schema } as MetadataSchemas }), 'invalid_schema', [
      'publicMetadata',
    ]);
    expect(stored).toStrictEqual({ publicMetadata: { a: 1 } });
  });

  it('ignores a schema given as undefined or null', () => {
    expect(updateMetadata({}, { publicMetadata: { a: 1 } }, { schemas: { publicMetadata: undefined } }).publicMetadata).toStrictEqual({ a: 1 });
    expect(updateMetadata({}, { publicMetadata: { a: 1 } }, { schemas: { publicMetadata: null } as unknown as MetadataSchemas }).publicMetadata).toStrictEqual({ a: 1 });
  });
});

describe('isStandardSchema', () => {
  it('is true for the validators of zod, valibot and arktype, which the operations call', () => {
    for (const validator of validatorNames) {
      // Arrange
      const schema = buildSchema(validator, { type: 'object' });

      // Act / Assert
      expect([validator, isStandardSchema(schema)]).toEqual([validator, true]);
      expect(updateMetadata({}, { publicMetadata: { a: 1 } }, { schemas: { publicMetadata: schema } }).publicMetadata).toStrictEqual({ a: 1 });
    }
  });

  it.each([
    ['null', null],
    ['a number', 1],
    ['an object without ~standard', {}],
    ['~standard without validate', { '~standard': { version: 1, vendor: 'x' } }],
    ['a validate that is not a function', { '~standard': { version: 1, vendor: 'x', validate: 1 } }],
    ['a ~standard of another version', { '~standard': { version: 2, vendor: 'x', validate: (value: unknown) => ({ value }) } }],
    ['a ~standard without a version', { '~standard': { vendor: 'x', validate: (value: unknown) => ({ value }) } }],
  ])('is false for %s, which the operations refuse with invalid_schema', (_name, value) => {
    // Act / Assert
    expect(isStandardSchema(value)).toBe(false);
    if (value !== null) {
      expectMetadataError(() => updateMetadata({}, { publicMetadata: { a: 1 } }, { schemas: { publicMetadata: value } as MetadataSchemas }), 'invalid_schema', ['publicMetadata']);
    }
  });
});
