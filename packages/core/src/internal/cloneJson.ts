import { MetadataError, type MetadataPathSegment } from '../metadataError.js';
import { describeNonJson } from './describeNonJson.js';
import { isPlainObject, setOwn, type PlainObject } from './plainObject.js';

// Below this depth a cycle cannot hide for long; past it, ancestors are tracked.
const CYCLE_CHECK_DEPTH = 64;

interface Frame {
  source: PlainObject | unknown[];
  copy: PlainObject | unknown[] | undefined;
  keys: string[] | undefined;
  index: number;
  depth: number;
  segment: MetadataPathSegment;
}

function pathOf(stack: readonly Frame[], last: MetadataPathSegment): MetadataPathSegment[] {
  const path: MetadataPathSegment[] = [];
  for (let i = 1; i < stack.length; i++) path.push(stack[i]!.segment);
  path.push(last);
  return path;
}

/** Throws unless `value` is a JSON primitive (`null`, boolean, finite number, string). */
export function assertJsonPrimitive(value: unknown, path: readonly MetadataPathSegment[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  throw new MetadataError('invalid_json_value', path, `Expected a JSON value, got ${describeNonJson(value)}`);
}

function assertContainer(value: object, path: readonly MetadataPathSegment[]): void {
  if (!Array.isArray(value) && !isPlainObject(value)) {
    throw new MetadataError('invalid_json_value', path, `Expected a JSON value, got ${describeNonJson(value)}`);
  }
}

/**
 * Walks a value, throwing a MetadataError at the first thing JSON cannot hold
 * or at the first container deeper than `maxDepth` (the value itself, when a
 * container, is depth 1). Returns a deep copy when `copy` is set.
 * Iterative, so any depth is safe; cycles are reported, not followed.
 */
export function walkJson(value: unknown, copy: boolean, maxDepth: number): unknown {
  if (value === null || typeof value !== 'object') {
    assertJsonPrimitive(value, []);
    return value;
  }
  assertContainer(value, []);
  if (maxDepth < 1) throw new MetadataError('too_deep', [], `Nesting exceeds the limit of ${maxDepth}`);
  const rootIsArray = Array.isArray(value);
  const rootCopy = copy ? (rootIsArray ? [] : {}) : undefined;
  const stack: Frame[] = [
    {
      source: value as PlainObject | unknown[],
      copy: rootCopy,
      keys: rootIsArray ? undefined : Object.keys(value),
      index: 0,
      depth: 1,
      segment: '',
    },
  ];
  let ancestors: Set<object> | undefined;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    let segment: MetadataPathSegment;
    let child: unknown;
    if (frame.keys !== undefined) {
      if (frame.index >= frame.keys.length) {
        stack.pop();
        ancestors?.delete(frame.source);
        continue;
      }
      segment = frame.keys[frame.index++]!;
      child = (frame.source as PlainObject)[segment];
      // An undefined property is absent, as JSON.stringify has it.
      if (child === undefined) continue;
    } else {
      const array = frame.source as unknown[];
      if (frame.index >= array.length) {
        stack.pop();
        ancestors?.delete(frame.source);
        continue;
      }
      segment = frame.index++;
      child = array[segment];
      if (child === undefined) {
        throw new MetadataError(
          'invalid_json_value',
          pathOf(stack, segment),
          segment in array ? 'Expected a JSON value, got undefined inside an array' : 'Expected a JSON value, got a sparse array hole',
        );
      }
    }
    if (child === null || typeof child !== 'object') {
      assertJsonPrimitive(child, pathOf(stack, segment));
      if (frame.copy !== undefined) {
        if (frame.keys !== undefined) setOwn(frame.copy as PlainObject, segment as string, child);
        else (frame.copy as unknown[]).push(child);
      }
      continue;
    }
    const depth = frame.depth + 1;
    const childIsArray = Array.isArray(child);
    if (!childIsArray && !isPlainObject(child)) {
      assertContainer(child, pathOf(stack, segment));
    }
    if (depth > maxDepth) {
      throw new MetadataError('too_deep', pathOf(stack, segment), `Nesting exceeds the limit of ${maxDepth}`);
    }
    if (depth > CYCLE_CHECK_DEPTH) {
      if (ancestors === undefined) ancestors = new Set(stack.map((f) => f.source));
      if (ancestors.has(child)) {
        throw new MetadataError('invalid_json_value', pathOf(stack, segment), 'Expected a JSON value, got a cycle');
      }
      ancestors.add(child);
    }
    let childCopy: PlainObject | unknown[] | undefined;
    if (frame.copy !== undefined) {
      childCopy = childIsArray ? [] : {};
      if (frame.keys !== undefined) setOwn(frame.copy as PlainObject, segment as string, childCopy);
      else (frame.copy as unknown[]).push(childCopy);
    }
    stack.push({
      source: child as PlainObject | unknown[],
      copy: childCopy,
      keys: childIsArray ? undefined : Object.keys(child),
      index: 0,
      depth,
      segment,
    });
  }
  return rootCopy;
}

/** A validated deep copy of a JSON value; throws MetadataError on anything else. */
export function cloneJson(value: unknown): unknown {
  return walkJson(value, true, Infinity);
}
