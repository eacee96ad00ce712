import { describe, expect, it } from 'vitest';
import { CORE_REDUCERS_BUDGET_BYTES, CORE_REDUCERS_ENTRY, measureBundleSize } from '../measureBundleSize.js';

describe('core size budget', () => {
  it(`keeps deepMergeWithNullDeletion + replaceFields under ${CORE_REDUCERS_BUDGET_BYTES} B minified and gzipped`, async () => {
    // Arrange: the two reducers imported alone, resolved to the core's source
    const entry = CORE_REDUCERS_ENTRY;

    // Act
    const size = await measureBundleSize(entry);

    // Assert: the bundle really holds both reducers, and fits the budget
    expect([...size.exports].sort()).toEqual(['deepMergeWithNullDeletion', 'replaceFields']);
    expect(size.inputs.some((input) => input.path.includes('core/src/'))).toBe(true);
    expect(
      size.gzipped,
      `the reducers bundle is ${size.gzipped} B gzipped; largest sources: ${size.inputs
        .slice(0, 4)
        .map((input) => `${input.path} ${input.bytes} B`)
        .join(', ')}`,
    ).toBeLessThanOrEqual(CORE_REDUCERS_BUDGET_BYTES);
  });

  it('carries no schema code: schemas live in the operations (issue 15), so the reducers do not grow', async () => {
    // Arrange
    const entry = CORE_REDUCERS_ENTRY;

    // Act
    const size = await measureBundleSize(entry);

    // Assert: neither the modules of the schema check nor any of its names (minified code keeps property names)
    const sources = size.inputs.map((input) => input.path);
    expect(sources.filter((source) => /standardSchema|checkSchema|metadataOperations/.test(source))).toEqual([]);
    expect(size.code.match(/issues|~standard|schema/gi) ?? []).toEqual([]);
  });

  it('measures more for more code: one reducer alone is smaller than both', async () => {
    // Arrange
    const mergeOnly = "export { deepMergeWithNullDeletion } from '@metadata-semantics/core';";

    // Act
    const [one, both] = await Promise.all([measureBundleSize(mergeOnly), measureBundleSize(CORE_REDUCERS_ENTRY)]);

    // Assert
    expect(one.exports).toEqual(['deepMergeWithNullDeletion']);
    expect(one.minified).toBeLessThan(both.minified);
    expect(one.gzipped).toBeGreaterThan(0);
  });
});
