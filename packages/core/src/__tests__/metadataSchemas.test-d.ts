import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { applyMetadataOperation } from '../applyMetadataOperation.js';
import type { MergePatch } from '../jsonValue.js';
import {
  replaceMetadata,
  updateMetadata,
  type MetadataOperation,
  type MetadataReplaceParams,
  type MetadataSchemaInput,
  type MetadataUpdateParams,
} from '../metadataOperations.js';

// One shape, three validators: role is one of three strings, onboarding.step an integer.
const zodSchemas = {
  publicMetadata: z.object({ role: z.enum(['admin', 'member', 'guest']), onboarding: z.object({ step: z.number().int() }).optional() }),
};
const valibotSchemas = {
  publicMetadata: v.object({ role: v.picklist(['admin', 'member', 'guest']), onboarding: v.optional(v.object({ step: v.pipe(v.number(), v.integer()) })) }),
};
const arktypeSchemas = {
  publicMetadata: type({ role: "'admin' | 'member' | 'guest'", 'onboarding?': { step: 'number.integer' } }),
};

type Public = { role: 'admin' | 'member' | 'guest'; onboarding?: { step: number } | undefined };

describe.each([
  ['zod', zodSchemas],
  ['valibot', valibotSchemas],
  ['arktype', arktypeSchemas],
] as const)('with %s schemas', (_name, schemas) => {
  test('the field type is what the schema accepts', () => {
    expectTypeOf<MetadataSchemaInput<typeof schemas, 'publicMetadata'>>().toMatchTypeOf<Public>();
    expectTypeOf<Public>().toMatchTypeOf<MetadataSchemaInput<typeof schemas, 'publicMetadata'>>();
    // a field without a schema takes any object
    expectTypeOf<MetadataSchemaInput<typeof schemas, 'privateMetadata'>>().toEqualTypeOf<object>();
  });

  test('update takes a merge patch of that type: partial, null deletes, nested objects patched', () => {
    updateMetadata({}, { publicMetadata: { role: 'admin' } }, { schemas });
    updateMetadata({}, { publicMetadata: { onboarding: { step: 2 } } }, { schemas });
    updateMetadata({}, { publicMetadata: { onboarding: null } }, { schemas });
    updateMetadata({}, { publicMetadata: null, privateMetadata: { anything: [1] } }, { schemas });
    updateMetadata({}, { public_metadata: { role: 'guest' } }, { naming: 'wire', schemas });
    expectTypeOf<MergePatch<Public>>().toMatchTypeOf<NonNullable<Extract<MetadataUpdateParams<typeof schemas>, { publicMetadata?: unknown }>['publicMetadata']>>();
  });

  test('in an update, a misspelt key or a wrong value type does not compile', () => {
    // @ts-expect-error `rol` is not a key of the schema
    updateMetadata({}, { publicMetadata: { rol: 'admin' } }, { schemas });
    // @ts-expect-error role is one of three strings
    updateMetadata({}, { publicMetadata: { role: 'owner' } }, { schemas });
    // @ts-expect-error onboarding.step is a number
    updateMetadata({}, { publicMetadata: { onboarding: { step: 'two' } } }, { schemas });
    // @ts-expect-error the same in wire names
    updateMetadata({}, { public_metadata: { role: 'owner' } }, { naming: 'wire', schemas });
  });

  test('replace takes the whole value: a missing required key, a misspelt key or a wrong type does not compile', () => {
    replaceMetadata({}, { publicMetadata: { role: 'member', onboarding: { step: 1 } } }, { schemas });
    // @ts-expect-error role is required in a replace
    replaceMetadata({}, { publicMetadata: { onboarding: { step: 1 } } }, { schemas });
    // @ts-expect-error `rol` is not a key of the schema
    replaceMetadata({}, { publicMetadata: { role: 'member', rol: 'x' } }, { schemas });
    // @ts-expect-error null is not what the schema accepts
    replaceMetadata({}, { publicMetadata: null }, { schemas });
    expectTypeOf<MetadataReplaceParams<typeof schemas>>().not.toBeAny();
  });

  test('operations as values are typed by the schemas too', () => {
    applyMetadataOperation({}, { kind: 'update', params: { publicMetadata: { role: 'guest' } } }, { schemas });
    // @ts-expect-error role is one of three strings
    applyMetadataOperation({}, { kind: 'update', params: { publicMetadata: { role: 'owner' } } }, { schemas });
    const operation: MetadataOperation<typeof schemas> = { kind: 'replace', params: { publicMetadata: { role: 'admin' } } };
    applyMetadataOperation({}, operation, { schemas });
    // @ts-expect-error a replace needs role
    const incomplete: MetadataOperation<typeof schemas> = { kind: 'replace', params: { publicMetadata: {} } };
    expectTypeOf(incomplete).not.toBeAny();
  });
});

describe('without schemas', () => {
  test('the params are any objects, as before', () => {
    updateMetadata({}, { publicMetadata: { anything: 'goes' } });
    replaceMetadata({}, { public_metadata: { anything: 'goes' } }, { naming: 'wire' });
    expectTypeOf<MetadataUpdateParams>().toEqualTypeOf<MetadataReplaceParams>();
  });
});

// A default and a transform: what is stored is a value the schema accepts (its input), not its output.
const zodTransforming = { publicMetadata: z.object({ plan: z.string().default('free'), count: z.string().transform(Number) }) };
const valibotTransforming = { publicMetadata: v.object({ plan: v.optional(v.string(), 'free'), count: v.pipe(v.string(), v.transform(Number)) }) };
const arktypeTransforming = { publicMetadata: type({ plan: "string = 'free'", count: type('string').pipe((text) => Number(text)) }) };

describe.each([
  ['zod', zodTransforming],
  ['valibot', valibotTransforming],
  ['arktype', arktypeTransforming],
] as const)('with %s schemas that fill defaults and transform', (_name, schemas) => {
  test('the params take the schema input: a key with a default may be left out, a transformed key takes what the schema reads', () => {
    expectTypeOf<MetadataSchemaInput<typeof schemas, 'publicMetadata'>>().toEqualTypeOf<{ plan?: string | undefined; count: string }>();
    replaceMetadata({}, { publicMetadata: { count: '1' } }, { schemas });
    updateMetadata({}, { publicMetadata: { count: '2' } }, { schemas });
    // @ts-expect-error count is stored as the string the schema reads, not the number it outputs
    replaceMetadata({}, { publicMetadata: { count: 1 } }, { schemas });
    // @ts-expect-error the same in an update
    updateMetadata({}, { publicMetadata: { count: 2 } }, { schemas });
  });
});
