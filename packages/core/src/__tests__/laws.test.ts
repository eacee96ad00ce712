// The law checks must have teeth: each one, run against a merge (or replace) broken in the way
// that law forbids, must find a counterexample. Otherwise a passing law proves nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepMergeWithNullDeletion } from '../deepMergeWithNullDeletion.js';
import { replaceFields } from '../replaceFields.js';
import { jsonObjectArb, snapshot, targetAndJsonPatchArb, targetAndPatchArb, targetArb } from '@metadata-semantics/test-kit/arbitraries';
import { defineOwn, hasOwn, isPlainObject, type PlainObject } from '@metadata-semantics/test-kit/json';
import {
  absentLaw,
  deleteLaw,
  frameLaw,
  idempotenceLaw,
  identityLaw,
  mergeLaw,
  noAliasingLaw,
  noStrayNullsLaw,
  orderLaw,
  purityLaw,
  referenceLaw,
  replaceLaw,
  sharingLaw,
  type Merge,
  type MergeLawCheck,
} from '@metadata-semantics/test-kit/mergeLaws';
import { rfc7396MergePatch } from '@metadata-semantics/test-kit/rfc7396';
import { omittedLaw, replaceNoAliasingLaw, replaceSharingLaw, type Replace } from '@metadata-semantics/test-kit/replaceLaws';

const merge = deepMergeWithNullDeletion as Merge;

/** A configurable merge with one rule bent at a time; `inPlace` edits the target like the bare pseudo-code. */
function bentMerge(bend: {
  nullAtDepth?: (depth: number) => 'delete' | 'keep' | 'store';
  undefinedDeletes?: boolean;
  concatArrays?: boolean;
  sortKeys?: boolean;
  inPlace?: boolean;
  nonObjectTargetKept?: boolean;
}): Merge {
  const walk = (target: unknown, patch: unknown, depth: number): unknown => {
    if (!isPlainObject(patch)) {
      if (bend.concatArrays && Array.isArray(patch) && Array.isArray(target)) return [...target, ...patch];
      return snapshot(patch);
    }
    const result: PlainObject = isPlainObject(target) ? (bend.inPlace ? target : { ...target }) : {};
    for (const key of Object.keys(patch)) {
      let value = patch[key];
      if (value === undefined) {
        if (!bend.undefinedDeletes) continue;
        value = null;
      }
      if (value === null) {
        const rule = bend.nullAtDepth?.(depth) ?? 'delete';
        if (rule === 'delete') delete result[key];
        else if (rule === 'store') defineOwn(result, key, null);
        continue;
      }
      const old = hasOwn(result, key) ? result[key] : undefined;
      const merged = walk(old, value, depth + 1);
      if (old !== merged) defineOwn(result, key, merged);
    }
    if (!bend.sortKeys) return result;
    const sorted: PlainObject = {};
    for (const key of Object.keys(result).sort().reverse()) defineOwn(sorted, key, result[key]);
    return sorted;
  };
  return (target, patch) => {
    if (bend.nonObjectTargetKept && isPlainObject(patch) && !isPlainObject(target) && target !== undefined) return target;
    return walk(target, patch, 0);
  };
}

// A fixed 2000 runs (not FC_NUM_RUNS): these only need to find one counterexample each.
function findsCounterexample(check: MergeLawCheck, pairs = targetAndPatchArb): boolean {
  return fc.check(
    fc.property(pairs, ([target, patch]) => check(target, patch)),
    { numRuns: 2000 },
  ).failed;
}

describe('each law of reducer 1 rejects a merge that breaks it', () => {
  const cases: Array<[string, () => boolean]> = [
    ['replace', () => findsCounterexample(replaceLaw((t, p) => (typeof p === 'string' ? t : merge(t, p))))],
    ['merge', () => findsCounterexample(mergeLaw(bentMerge({ nonObjectTargetKept: true })))],
    ['delete', () => findsCounterexample(deleteLaw(bentMerge({ nullAtDepth: (d) => (d > 0 ? 'keep' : 'delete') })))],
    ['absent', () => findsCounterexample(absentLaw(bentMerge({ undefinedDeletes: true })))],
    ['no stray nulls', () => findsCounterexample(noStrayNullsLaw(bentMerge({ nullAtDepth: () => 'store' })))],
    ['frame', () => findsCounterexample(frameLaw((t, p) => snapshot(merge(t, p))))],
    ['identity', () => fc.check(fc.property(targetArb, (t) => identityLaw((x, p) => snapshot(merge(x, p)))(t))).failed],
    ['idempotence', () => findsCounterexample(idempotenceLaw(bentMerge({ concatArrays: true })))],
    ['sharing', () => findsCounterexample(sharingLaw(bentMerge({})))], // copies every replaced value
    ['no aliasing', () => findsCounterexample(noAliasingLaw(rfc7396MergePatch))], // "return Patch" hands out the patch's own arrays
    ['purity', () => findsCounterexample(purityLaw(bentMerge({ inPlace: true })))],
    ['order', () => findsCounterexample(orderLaw(bentMerge({ sortKeys: true })))],
    ['reference', () => findsCounterexample(referenceLaw(bentMerge({ concatArrays: true })), targetAndJsonPatchArb)],
  ];
  it.each(cases)('%s', (_law, found) => {
    expect(found()).toBe(true);
  });
});

describe('laws of reducer 2 reject a replace that breaks them', () => {
  const replace = replaceFields as unknown as Replace;
  const pairs = fc.tuple(jsonObjectArb, jsonObjectArb);
  const finds = (check: (s: unknown, p: PlainObject) => void) =>
    fc.check(fc.property(pairs, ([s, p]) => check(s, p)), { numRuns: 2000 }).failed;

  it('omitted', () => {
    expect(finds(omittedLaw((s, p) => snapshot(replace(s, p))))).toBe(true);
  });
  it('sharing', () => {
    expect(finds(replaceSharingLaw((s, p) => ({ ...(s as PlainObject), ...snapshot(p) })))).toBe(true);
  });
  it('no aliasing', () => {
    expect(finds(replaceNoAliasingLaw((s, p) => ({ ...(s as PlainObject), ...p })))).toBe(true);
  });
});
