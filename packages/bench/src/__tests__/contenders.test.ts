import { deepMergeWithNullDeletion, type JsonObject } from '@metadata-semantics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkContender } from '../checkContender.js';
import { contenders, contendersFor } from '../contenders.js';
import { createWorkloads } from '../createWorkloads.js';

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 200);
const workloads = createWorkloads();

// Keys the core treats specially (own properties, never prototypes) are left out:
// the other contenders are not expected to handle them.
const key = fc.string({ maxLength: 4 }).filter((text) => !['__proto__', 'constructor', 'prototype'].includes(text));
const leaf = fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 4 }), fc.array(fc.integer(), { maxLength: 3 }));
const { document, patch } = fc.letrec((tie) => ({
  document: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('document')), { maxKeys: 5 }),
  patch: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, fc.constant(null), tie('patch')), { maxKeys: 5 }),
}));

describe('contenders', () => {
  it('every workload has exactly one core and one floor contender', () => {
    // Arrange / Act / Assert
    for (const workload of workloads) {
      const groups = contendersFor(workload.kind).map((contender) => contender.group);
      expect(groups.filter((group) => group === 'core')).toHaveLength(1);
      expect(groups.filter((group) => group === 'floor')).toHaveLength(1);
    }
  });

  it.each(workloads.map((workload) => [workload.id, workload] as const))(
    'workload %i: same-semantics contenders and the floor give the core result and leave the inputs untouched',
    (_id, workload) => {
      // Arrange
      const sameSemantics = contendersFor(workload.kind).filter((contender) => contender.group !== 'different');

      // Act
      const checks = sameSemantics.map((contender) => [contender.id, checkContender(contender, workload)] as const);

      // Assert
      for (const [id, check] of checks) {
        expect({ id, ...check }).toEqual({ id, matchesCore: true, leavesInputsUntouched: true });
      }
    },
  );

  it('the libraries labelled "different semantics" really differ on workload 1 (no null deletion)', () => {
    // Arrange
    const workload = workloads[0]!;
    const different = contendersFor('merge').filter((contender) => contender.group === 'different');

    // Act
    const checks = different.map((contender) => checkContender(contender, workload));

    // Assert
    expect(different.length).toBeGreaterThan(0);
    for (const check of checks) expect(check.matchesCore).toBe(false);
  });

  it('same-semantics merge contenders agree with the core on random documents and patches', () => {
    const merges = contenders.filter(
      (contender) => contender.kinds.includes('merge') && contender.group !== 'different' && contender.group !== 'core',
    );
    fc.assert(
      fc.property(document, patch, (target, mergePatch) => {
        // Arrange
        const expected = deepMergeWithNullDeletion(target as JsonObject, mergePatch as JsonObject);
        for (const contender of merges) {
          // Act
          const actual = contender.prepare(target as JsonObject, mergePatch as JsonObject)();

          // Assert
          expect(JSON.parse(JSON.stringify(actual))).toEqual(JSON.parse(JSON.stringify(expected)));
        }
      }),
      { numRuns },
    );
  });
});
