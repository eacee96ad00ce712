import { isDeepStrictEqual } from 'node:util';
import { deepMergeWithNullDeletion, replaceFields } from '@metadata-semantics/core';
import type { Contender } from './contenders.js';
import type { Workload } from './createWorkloads.js';

/** What one call of a contender did to a workload, compared with the core. */
export interface ContenderCheck {
  /** The result is JSON-equal to the core's. */
  readonly matchesCore: boolean;
  /** The call left the shared target and patch as they were. */
  readonly leavesInputsUntouched: boolean;
}

/**
 * Runs a contender once on a workload and compares it with the core: the
 * report labels a contender by what it does, not by what it claims.
 *
 * @param contender - the contender to check
 * @param workload - the input
 * @returns whether the result matches the core and the inputs are untouched
 */
export function checkContender(contender: Contender, workload: Workload): ContenderCheck {
  const before = JSON.stringify([workload.target, workload.patch]);
  const expected =
    workload.kind === 'merge'
      ? deepMergeWithNullDeletion(workload.target, workload.patch)
      : replaceFields(workload.target, workload.patch);
  const actual = contender.prepare(workload.target, workload.patch)();
  return {
    matchesCore: isDeepStrictEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(JSON.stringify(expected))),
    leavesInputsUntouched: JSON.stringify([workload.target, workload.patch]) === before,
  };
}
