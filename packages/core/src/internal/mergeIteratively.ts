import { MetadataError, prefixErrorPath, type MetadataPathSegment } from '../metadataError.js';
import { DELETED, buildMergedObject, replacementValue } from './mergeParts.js';
import { hasOwn, isPlainObject, type PlainObject } from './plainObject.js';

interface Frame {
  target: PlainObject | undefined;
  patch: PlainObject;
  keys: string[];
  index: number;
  changes: unknown[] | undefined;
  hasDeletions: boolean;
  segment: string;
}

function pathOf(stack: readonly Frame[], last: MetadataPathSegment): MetadataPathSegment[] {
  const path: MetadataPathSegment[] = [];
  for (let i = 1; i < stack.length; i++) path.push(stack[i]!.segment);
  path.push(last);
  return path;
}

/**
 * The object case of the merge with an explicit stack: the same rules as the
 * recursive walk, used past its depth budget so no input can overflow the call
 * stack. A patch object met again among its own ancestors is a cycle.
 */
export function mergeObjectIteratively(target: PlainObject | undefined, patch: PlainObject): PlainObject {
  const stack: Frame[] = [
    { target, patch, keys: Object.keys(patch), index: 0, changes: undefined, hasDeletions: false, segment: '' },
  ];
  const ancestors = new Set<object>([patch]);
  for (;;) {
    const frame = stack[stack.length - 1]!;
    if (frame.index < frame.keys.length) {
      const key = frame.keys[frame.index++]!;
      const patchValue = frame.patch[key];
      if (patchValue === undefined) continue;
      const hasTarget = frame.target !== undefined && hasOwn(frame.target, key);
      const targetValue = hasTarget ? frame.target![key] : undefined;
      if (patchValue === null) {
        if (!hasTarget) continue;
        (frame.changes ??= []).push(key, DELETED);
        frame.hasDeletions = true;
      } else if (isPlainObject(patchValue)) {
        if (ancestors.has(patchValue)) {
          throw new MetadataError('invalid_json_value', pathOf(stack, key), 'Expected a JSON value, got a cycle');
        }
        ancestors.add(patchValue);
        stack.push({
          target: hasTarget && isPlainObject(targetValue) ? targetValue : undefined,
          patch: patchValue,
          keys: Object.keys(patchValue),
          index: 0,
          changes: undefined,
          hasDeletions: false,
          segment: key,
        });
      } else {
        let replacement: unknown;
        try {
          replacement = replacementValue(hasTarget, targetValue, patchValue);
        } catch (error) {
          throw prefixErrorPath(error, pathOf(stack, key));
        }
        if (hasTarget && replacement === targetValue) continue;
        (frame.changes ??= []).push(key, replacement);
      }
      continue;
    }
    stack.pop();
    ancestors.delete(frame.patch);
    const merged =
      frame.changes === undefined ? (frame.target ?? {}) : buildMergedObject(frame.target, frame.changes, frame.hasDeletions);
    if (stack.length === 0) return merged;
    const parent = stack[stack.length - 1]!;
    if (parent.target !== undefined && hasOwn(parent.target, frame.segment) && parent.target[frame.segment] === merged) {
      continue;
    }
    (parent.changes ??= []).push(frame.segment, merged);
  }
}
