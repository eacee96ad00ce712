import { deepMergeWithNullDeletion, replaceFields, type JsonObject } from '@metadata-semantics/core';
import deepmerge from 'deepmerge';
import { deepmerge as deepmergeTs } from 'deepmerge-ts';
import { defu } from 'defu';
import { produce, setAutoFreeze } from 'immer';
import { apply as jsonMergePatchApply } from 'json-merge-patch';
import lodashMerge from 'lodash.merge';
import type { WorkloadKind } from './createWorkloads.js';
import { copyPatchValue, spineCopyMerge } from './spineCopyMerge.js';

/** How a contender relates to the core's semantics. */
export type ContenderGroup =
  /** The core itself: every ratio is relative to it. */
  | 'core'
  /** The lower bound: walks the patch, copies the objects on its path, nothing else. */
  | 'floor'
  /** Same result as the core, inputs left untouched. */
  | 'immutable'
  /** Same result, but mutates the target it is given (timed raw). */
  | 'mutating'
  /** A different result: no null deletion (or aliases the input). */
  | 'different';

/** One implementation timed against the core. */
export interface Contender {
  readonly id: string;
  readonly label: string;
  readonly group: ContenderGroup;
  /** The workload kinds it takes part in. */
  readonly kinds: readonly WorkloadKind[];
  /** The npm package it measures, for the versions table. */
  readonly packageName?: string;
  /** True when the clone of the whole target dominates its cost. */
  readonly cloneBased?: boolean;
  /**
   * Prepares a call on one workload. Mutating contenders get their own copy of
   * the target here, once, so they never touch the shared input.
   */
  prepare(target: JsonObject, patch: JsonObject): () => unknown;
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7396 applied in place: what people hand-roll after a structuredClone. */
export function mergePatchInPlace(target: Plain, patch: Plain): Plain {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete target[key];
    else if (isPlain(value)) target[key] = mergePatchInPlace(isPlain(target[key]) ? (target[key] as Plain) : {}, value);
    else target[key] = value;
  }
  return target;
}

// Immer's fastest configuration: freezing costs time and is not part of the semantics.
setAutoFreeze(false);

function immerMerge(target: Plain, patch: Plain): Plain {
  return produce(target, (draft: Plain) => {
    mergePatchInPlace(draft, patch);
  });
}

const MERGE: readonly WorkloadKind[] = ['merge'];
const REPLACE: readonly WorkloadKind[] = ['replace'];

/** Every contender, core first, in report order. */
export const contenders: readonly Contender[] = [
  {
    id: 'core',
    label: 'core deepMergeWithNullDeletion',
    group: 'core',
    kinds: MERGE,
    packageName: '@metadata-semantics/core',
    prepare: (target, patch) => () => deepMergeWithNullDeletion(target, patch),
  },
  {
    id: 'core-replace',
    label: 'core replaceFields',
    group: 'core',
    kinds: REPLACE,
    packageName: '@metadata-semantics/core',
    prepare: (target, patch) => () => replaceFields(target, patch),
  },
  {
    id: 'floor',
    label: 'spine-copy floor',
    group: 'floor',
    kinds: MERGE,
    prepare: (target, patch) => () => spineCopyMerge(target, patch),
  },
  {
    id: 'floor-replace',
    label: 'spine-copy floor',
    group: 'floor',
    kinds: REPLACE,
    prepare: (target, patch) => () => {
      const result: Plain = { ...target };
      for (const key of Object.keys(patch)) result[key] = copyPatchValue(patch[key]);
      return result;
    },
  },
  {
    id: 'json-merge-patch',
    label: 'json-merge-patch (structuredClone + apply)',
    group: 'immutable',
    kinds: MERGE,
    packageName: 'json-merge-patch',
    cloneBased: true,
    prepare: (target, patch) => () => jsonMergePatchApply(structuredClone(target), patch),
  },
  {
    id: 'immer',
    label: 'immer produce + merge on the draft',
    group: 'immutable',
    kinds: MERGE,
    packageName: 'immer',
    prepare: (target, patch) => () => immerMerge(target, patch),
  },
  {
    id: 'structured-clone',
    label: 'structuredClone + hand-rolled merge',
    group: 'immutable',
    kinds: MERGE,
    cloneBased: true,
    prepare: (target, patch) => () => mergePatchInPlace(structuredClone(target), patch),
  },
  {
    id: 'json-merge-patch-raw',
    label: 'json-merge-patch apply, raw (mutates)',
    group: 'mutating',
    kinds: MERGE,
    packageName: 'json-merge-patch',
    prepare: (target, patch) => {
      const own = structuredClone(target);
      return () => jsonMergePatchApply(own, patch);
    },
  },
  {
    id: 'deepmerge',
    label: 'deepmerge',
    group: 'different',
    kinds: MERGE,
    packageName: 'deepmerge',
    cloneBased: true,
    prepare: (target, patch) => () => deepmerge(target, patch),
  },
  {
    id: 'deepmerge-ts',
    label: 'deepmerge-ts',
    group: 'different',
    kinds: MERGE,
    packageName: 'deepmerge-ts',
    prepare: (target, patch) => () => deepmergeTs(target, patch),
  },
  {
    id: 'lodash.merge',
    label: 'lodash.merge({}, target, patch)',
    group: 'different',
    kinds: MERGE,
    packageName: 'lodash.merge',
    cloneBased: true,
    prepare: (target, patch) => () => lodashMerge({}, target, patch),
  },
  {
    id: 'defu',
    label: 'defu(patch, target)',
    group: 'different',
    kinds: MERGE,
    packageName: 'defu',
    prepare: (target, patch) => () => defu(patch, target),
  },
  {
    id: 'structured-clone-replace',
    label: 'spread + structuredClone(provided)',
    group: 'immutable',
    kinds: REPLACE,
    cloneBased: true,
    prepare: (target, patch) => () => ({ ...target, ...structuredClone(patch) }),
  },
  {
    id: 'spread-replace',
    label: 'spread, aliasing provided',
    group: 'different',
    kinds: REPLACE,
    prepare: (target, patch) => () => ({ ...target, ...patch }),
  },
];

/**
 * The contenders that take part in a workload kind, core first.
 *
 * @param kind - the workload kind
 * @returns the matching contenders
 */
export function contendersFor(kind: WorkloadKind): Contender[] {
  return contenders.filter((contender) => contender.kinds.includes(kind));
}
