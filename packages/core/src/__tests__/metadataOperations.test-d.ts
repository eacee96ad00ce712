import { describe, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { applyMetadataOperation } from '../applyMetadataOperation.js';
import {
  replaceMetadata,
  updateMetadata,
  type MetadataOperation,
  type MetadataOperationOptions,
  type MetadataParams,
  type MetadataReplaceParams,
  type MetadataUpdateParams,
  type WireMetadataParams,
} from '../metadataOperations.js';

// The run-time rule the types must follow: params name fields as `naming` says (SDK names by
// default), and any other name is `unknown_field`. So what compiles is what runs.
const schemas = { publicMetadata: z.object({ role: z.enum(['admin', 'member']) }) };

describe('without naming, or with naming: sdk, params take SDK names only', () => {
  test('SDK names compile', () => {
    updateMetadata({}, { publicMetadata: { a: 1 } });
    updateMetadata({}, { publicMetadata: { a: 1 } }, {});
    updateMetadata({}, { publicMetadata: { a: 1 } }, { naming: 'sdk' });
    replaceMetadata({}, { privateMetadata: null }, { maxFieldBytes: 100 });
    applyMetadataOperation({}, { kind: 'update', params: { unsafeMetadata: {} } });
    updateMetadata({}, { publicMetadata: { role: 'admin' } }, { schemas });
  });

  test('wire names do not compile', () => {
    // @ts-expect-error public_metadata is a wire name
    updateMetadata({}, { public_metadata: { a: 1 } });
    // @ts-expect-error the same with options that do not set naming
    updateMetadata({}, { public_metadata: { a: 1 } }, { maxDepth: 4 });
    // @ts-expect-error the same with naming: 'sdk'
    replaceMetadata({}, { private_metadata: {} }, { naming: 'sdk' });
    const body = { unsafe_metadata: { a: 1 } };
    // @ts-expect-error a value holding only wire names, not an object literal
    updateMetadata({}, body);
    // @ts-expect-error an operation value too
    applyMetadataOperation({}, { kind: 'replace', params: { public_metadata: {} } });
    // @ts-expect-error with schemas too
    updateMetadata({}, { public_metadata: { role: 'admin' } }, { schemas });
  });

  test('the params types default to SDK names', () => {
    expectTypeOf<MetadataUpdateParams>().toEqualTypeOf<MetadataParams>();
    expectTypeOf<MetadataReplaceParams>().toEqualTypeOf<MetadataParams>();
    expectTypeOf<MetadataOperation>().toEqualTypeOf<MetadataOperation<{}, 'sdk'>>();
  });
});

describe('with naming: wire, params take wire names only', () => {
  test('wire names compile', () => {
    updateMetadata({}, { public_metadata: { a: 1 } }, { naming: 'wire' });
    replaceMetadata({}, { private_metadata: null }, { naming: 'wire' });
    applyMetadataOperation({}, { kind: 'update', params: { unsafe_metadata: {} } }, { naming: 'wire' });
    updateMetadata({}, { public_metadata: { role: 'admin' } }, { naming: 'wire', schemas });
    const options = { naming: 'wire', maxFieldBytes: 100 } as const;
    updateMetadata({}, { public_metadata: {} }, options);
  });

  test('SDK names do not compile', () => {
    // @ts-expect-error publicMetadata is an SDK name
    updateMetadata({}, { publicMetadata: { a: 1 } }, { naming: 'wire' });
    // @ts-expect-error the same for replace
    replaceMetadata({}, { privateMetadata: {} }, { naming: 'wire' });
    // @ts-expect-error an operation value too
    applyMetadataOperation({}, { kind: 'update', params: { unsafeMetadata: {} } }, { naming: 'wire' });
    // @ts-expect-error with schemas too (which stay keyed by SDK names)
    updateMetadata({}, { publicMetadata: { role: 'admin' } }, { naming: 'wire', schemas });
  });

  test('the params types name the wire fields, typed by the same schemas', () => {
    expectTypeOf<MetadataUpdateParams<{}, 'wire'>>().toEqualTypeOf<WireMetadataParams>();
    expectTypeOf<MetadataReplaceParams<{}, 'wire'>>().toEqualTypeOf<WireMetadataParams>();
    expectTypeOf<MetadataReplaceParams<typeof schemas, 'wire'>>().toEqualTypeOf<{
      readonly public_metadata?: { role: 'admin' | 'member' } | undefined;
      readonly private_metadata?: object | null | undefined;
      readonly unsafe_metadata?: object | null | undefined;
    }>();
    const operation: MetadataOperation<typeof schemas, 'wire'> = { kind: 'update', params: { public_metadata: { role: 'member' } } };
    applyMetadataOperation({}, operation, { naming: 'wire', schemas });
    // @ts-expect-error an operation in wire names is not one in SDK names
    applyMetadataOperation({}, operation, { schemas });
  });
});

test('options whose naming is known only at run time take either names', () => {
  const options: MetadataOperationOptions = JSON.parse('{"naming":"wire"}') as MetadataOperationOptions;
  updateMetadata({}, { public_metadata: {} }, options);
  updateMetadata({}, { publicMetadata: {} }, options);
  expectTypeOf<MetadataUpdateParams<{}, 'sdk' | 'wire'>>().toEqualTypeOf<MetadataParams | WireMetadataParams>();
});
