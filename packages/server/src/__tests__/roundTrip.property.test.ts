import { replaceMetadata, updateMetadata, userMetadataFields, type MetadataFields } from '@metadata-semantics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore, postgresStore, type MetadataStore } from '../index.js';
import { backendRequest, readRaw, secretKey } from './support/harness.js';
import { pgliteForTestFile } from './support/testStores.js';

// Differential property: any sequence of PATCH/PUT requests leaves the user's
// metadata (read back over HTTP, key order included) exactly where the core
// operations put it, and each request's status says whether core accepted it.
// FC_NUM_RUNS raises the run count.
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 25);
const fieldNames = ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const;

const key = fc.constantFrom('a', 'b', 'nested', '__proto__', 'constructor', '1', 'ü');
const value: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.dictionary(key, fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 3 }),
);
const fieldValue = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(key, value, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer(), { maxLength: 2 })) },
);
const operation = fc.record({
  method: fc.constantFrom('PATCH', 'PUT'),
  params: fc.record(
    { public_metadata: fieldValue, private_metadata: fieldValue, unsafe_metadata: fieldValue },
    { requiredKeys: [] },
  ),
});

async function checkSequence(store: MetadataStore, operations: { method: string; params: object }[]): Promise<void> {
  const handler = createMetadataHandler({ secretKey, store });
  const created = await backendRequest(handler, 'POST', '/v1/users', '{}');
  const userId = ((await created.json()) as { id: string }).id;
  let model: MetadataFields = updateMetadata({}, {}, { naming: 'wire', fields: userMetadataFields });

  for (const { method, params } of operations) {
    const body = JSON.stringify(params);
    const sent = JSON.parse(body) as object;
    let expectedStatus = 200;
    try {
      model = (method === 'PATCH' ? updateMetadata : replaceMetadata)(model, sent, { naming: 'wire', fields: userMetadataFields });
    } catch {
      expectedStatus = 422;
    }
    const response = await backendRequest(handler, method, `/v1/users/${userId}/metadata`, body);
    expect(response.status).toBe(expectedStatus);

    const user = (await readRaw(handler, `/v1/users/${userId}`)) as Record<string, unknown>;
    for (const name of fieldNames) {
      // JSON text comparison: same values and same key order.
      expect(JSON.stringify(user[name])).toBe(JSON.stringify(model[name]));
    }
  }
}

const db = pgliteForTestFile();
let tables = 0;

describe('HTTP PATCH/PUT agree with the core operations', () => {
  it('with memoryStore', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 6 }), (operations) =>
        checkSequence(memoryStore(), operations),
      ),
      { numRuns },
    );
  });

  it('with postgresStore over PGlite (JSON text storage keeps order and every key)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 6 }), (operations) =>
        checkSequence(postgresStore(db(), { table: `round_trip_${++tables}` }), operations),
      ),
      { numRuns },
    );
  });
});
