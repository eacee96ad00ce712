import type { JsonValue } from './jsonValue.js';
import { MetadataError, type MetadataPathSegment } from './metadataError.js';
import { setOwn, type PlainObject } from './internal/plainObject.js';

const CYCLE_CHECK_DEPTH = 64;
const SKIP: unique symbol = Symbol('skip');

/** One step of JSON.stringify's SerializeJSONProperty: toJSON, unboxing, and what is dropped. */
function serializable(value: unknown, key: string, path: () => MetadataPathSegment[]): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (value instanceof Number) value = Number(value);
  else if (value instanceof String) value = String(value);
  else if (value instanceof Boolean) value = value.valueOf();
  if (typeof value === 'bigint' || value instanceof BigInt) {
    throw new MetadataError('invalid_json_value', path(), 'Expected a value JSON can hold, got a bigint');
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
  if (typeof value === 'object') return value;
  return SKIP; // undefined, functions, symbols
}

interface Frame {
  source: object;
  copy: PlainObject | unknown[];
  keys: string[] | undefined;
  index: number;
  segment: MetadataPathSegment;
}

/**
 * Normalises any JavaScript value the way `JSON.parse(JSON.stringify(value))`
 * would, for callers that want coercion instead of errors.
 *
 * @param value - any value; never modified
 * @returns a fresh JSON value, or `undefined` where `JSON.stringify` returns
 *   `undefined` (for `undefined`, a function or a symbol)
 *
 * @remarks
 * `toJSON` is honoured (a `Date` becomes its ISO string); boxed primitives are
 * unboxed; `undefined`, functions and symbols disappear from objects and become
 * `null` in arrays; `NaN` and `±Infinity` become `null`; `-0` becomes `0`;
 * sparse holes become `null`; other objects (a `Map`, a class instance) keep
 * their own enumerable properties. `__proto__` keys survive as own properties.
 * Where `JSON.stringify` would throw (a bigint, a cycle) this throws a
 * {@link MetadataError} with code `invalid_json_value` and the path instead.
 * Works at any depth.
 *
 * @example
 * ```ts
 * toJsonValue({ at: new Date(0), skip: undefined, n: NaN });
 * // => { at: '1970-01-01T00:00:00.000Z', n: null }
 * ```
 *
 * @public
 */
export function toJsonValue(value: unknown): JsonValue | undefined {
  const stack: Frame[] = [];
  const pathTo = (last?: MetadataPathSegment): MetadataPathSegment[] => {
    const path: MetadataPathSegment[] = [];
    for (let i = 1; i < stack.length; i++) path.push(stack[i]!.segment);
    if (last !== undefined) path.push(last);
    return path;
  };
  const root = serializable(value, '', () => []);
  if (root === SKIP) return undefined;
  if (root === null || typeof root !== 'object') return root as JsonValue;
  const rootIsArray = Array.isArray(root);
  const rootCopy: PlainObject | unknown[] = rootIsArray ? [] : {};
  stack.push({ source: root, copy: rootCopy, keys: rootIsArray ? undefined : Object.keys(root), index: 0, segment: '' });
  let ancestors: Set<object> | undefined;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    let segment: MetadataPathSegment;
    if (frame.keys !== undefined) {
      if (frame.index >= frame.keys.length) {
        stack.pop();
        ancestors?.delete(frame.source);
        continue;
      }
      segment = frame.keys[frame.index++]!;
    } else {
      if (frame.index >= (frame.source as unknown[]).length) {
        stack.pop();
        ancestors?.delete(frame.source);
        continue;
      }
      segment = frame.index++;
    }
    const raw = (frame.source as Record<MetadataPathSegment, unknown>)[segment];
    let child = serializable(raw, String(segment), () => pathTo(segment));
    if (child === SKIP) {
      if (frame.keys !== undefined) continue;
      child = null;
    }
    let childCopy: unknown = child;
    if (child !== null && typeof child === 'object') {
      if (stack.length >= CYCLE_CHECK_DEPTH) {
        ancestors ??= new Set(stack.map((f) => f.source));
        if (ancestors.has(child)) {
          throw new MetadataError('invalid_json_value', pathTo(segment), 'Expected a value JSON can hold, got a cycle');
        }
        ancestors.add(child);
      }
      const childIsArray = Array.isArray(child);
      childCopy = childIsArray ? [] : {};
      stack.push({
        source: child,
        copy: childCopy as PlainObject | unknown[],
        keys: childIsArray ? undefined : Object.keys(child),
        index: 0,
        segment,
      });
    }
    if (frame.keys !== undefined) setOwn(frame.copy as PlainObject, segment as string, childCopy);
    else (frame.copy as unknown[]).push(childCopy);
  }
  return rootCopy as JsonValue;
}
