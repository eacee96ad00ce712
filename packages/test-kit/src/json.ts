// Structural helpers for the law checks. They are written independently of the code under test
// (own-property reads, defineProperty writes, explicit stacks so any depth works).

/** A path into a value: object keys and array indices. */
export type Path = Array<string | number>;

/** A plain object as JSON has it: prototype Object.prototype or null. */
export type PlainObject = Record<string, unknown>;

export function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function isContainer(value: unknown): value is PlainObject | unknown[] {
  return Array.isArray(value) || isPlainObject(value);
}

/** Writes an own enumerable data property; plain assignment of `__proto__` would set the prototype instead. */
export function defineOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/** An object with exactly these own keys (later duplicates overwrite in place, as JSON.parse does). */
export function objectFrom(entries: ReadonlyArray<readonly [string, unknown]>, nullPrototype = false): PlainObject {
  const object: PlainObject = nullPrototype ? Object.create(null) : {};
  for (const [key, value] of entries) defineOwn(object, key, value);
  return object;
}

/** The own value at `key` of a container, or undefined (never an inherited value such as Object.prototype). */
export function ownValue(container: unknown, key: string | number): unknown {
  if (container === null || typeof container !== 'object') return undefined;
  return hasOwn(container, key) ? (container as Record<string | number, unknown>)[key] : undefined;
}

/** Follows `path` through containers with own-property reads; `missing` when it leaves the value. */
export const missing: unique symbol = Symbol('missing');
export function valueAt(root: unknown, path: Path, objectsOnly = false): unknown {
  let node = root;
  for (const segment of path) {
    if (objectsOnly ? !isPlainObject(node) : !isContainer(node)) return missing;
    if (!hasOwn(node as object, segment)) return missing;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The order the engine itself gives these keys (integer-like keys first, ascending). */
export function engineKeyOrder(keys: readonly string[]): string[] {
  return Object.keys(objectFrom(keys.map((key) => [key, true] as const)));
}

export interface EqualityOptions {
  /** Compare object keys in order (Object.keys) rather than as sets. */
  readonly ordered?: boolean;
  /** Compare primitives with Object.is (tells -0 from 0) instead of ===. */
  readonly sameValue?: boolean;
  /** Require the same prototype for plain objects (null vs Object.prototype). */
  readonly prototypes?: boolean;
}

function describePath(path: Path): string {
  return path.length === 0 ? '(root)' : path.map((segment) => JSON.stringify(segment)).join(' > ');
}

/** Names a value for a message without invoking anything on it (null-prototype objects have no toString). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return Object.is(value, -0) ? '-0' : String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** A path kept as a parent link, so deep walks do not copy paths (built only for a message). */
export interface Step {
  parent: Step | undefined;
  segment: string | number;
}
export function stepsToPath(step: Step | undefined): Path {
  const path: Path = [];
  for (let at = step; at !== undefined; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/**
 * Where two values differ structurally, or undefined when they are equal. Plain objects
 * and arrays are compared by own enumerable content; any other object only by identity.
 * Handles cycles (a pair already under comparison counts as equal) and any depth.
 */
export function firstDifference(actual: unknown, expected: unknown, options: EqualityOptions = {}): string | undefined {
  const pending: Array<[unknown, unknown, Step | undefined]> = [[actual, expected, undefined]];
  const inProgress = new Map<object, Set<object>>();
  while (pending.length > 0) {
    const [a, b, step] = pending.pop()!;
    const where = () => describePath(stepsToPath(step));
    if (options.sameValue ? Object.is(a, b) : a === b) continue;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
      return `${where()}: ${show(a)} is not ${show(b)}`;
    }
    const seen = inProgress.get(a);
    if (seen?.has(b)) continue;
    if (seen) seen.add(b);
    else inProgress.set(a, new Set([b]));
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b)) return `${where()}: array vs non-array`;
      if (a.length !== b.length) return `${where()}: length ${a.length} vs ${b.length}`;
      for (let i = 0; i < a.length; i++) {
        if (i in a !== i in b) return `${where()}: hole at ${i}`;
        pending.push([a[i], b[i], { parent: step, segment: i }]);
      }
      continue;
    }
    if (!isPlainObject(a) || !isPlainObject(b)) return `${where()}: different non-plain objects`;
    if (options.prototypes && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
      return `${where()}: different prototypes`;
    }
    const aKeys = Object.keys(a);
    const bKeys = Object.keys(b);
    if (aKeys.length !== bKeys.length) return `${where()}: keys ${JSON.stringify(aKeys)} vs ${JSON.stringify(bKeys)}`;
    for (let i = 0; i < aKeys.length; i++) {
      const key = aKeys[i]!;
      if (options.ordered ? key !== bKeys[i] : !hasOwn(b, key)) {
        return `${where()}: keys ${JSON.stringify(aKeys)} vs ${JSON.stringify(bKeys)}`;
      }
      pending.push([a[key], b[key], { parent: step, segment: key }]);
    }
  }
  return undefined;
}

/** JSON equality: key order ignored, -0 equals 0. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  return firstDifference(a, b) === undefined;
}

/** Throws with the location of the first difference. */
export function assertEqual(actual: unknown, expected: unknown, what: string, options?: EqualityOptions): void {
  const difference = firstDifference(actual, expected, options);
  if (difference !== undefined) throw new Error(`${what}: ${difference}`);
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Every object (of any kind) reachable from `value` through own enumerable properties, cycles included. */
export function reachableObjects(value: unknown): Set<object> {
  const found = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || (typeof item !== 'object' && typeof item !== 'function') || found.has(item)) continue;
    found.add(item);
    for (const key of Object.keys(item)) pending.push((item as PlainObject)[key]);
  }
  return found;
}

/**
 * Calls `visit` for every entry reachable from `root` through plain objects only (object
 * positions). `path()` builds the entry's path on demand, so deep walks stay linear.
 */
export function forEachObjectEntry(
  root: unknown,
  visit: (path: () => Path, parent: PlainObject, key: string, value: unknown) => void,
): void {
  if (!isPlainObject(root)) return;
  const pending: Array<[PlainObject, Step | undefined]> = [[root, undefined]];
  while (pending.length > 0) {
    const [object, step] = pending.pop()!;
    for (const key of Object.keys(object)) {
      const value = object[key];
      const childStep: Step = { parent: step, segment: key };
      visit(() => stepsToPath(childStep), object, key, value);
      if (isPlainObject(value)) pending.push([value, childStep]);
    }
  }
}

/** Removes `undefined` object properties (what JSON.stringify drops), copying only what it must. */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (!isPlainObject(value)) return value;
  const copy: PlainObject = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) {
    if (value[key] !== undefined) defineOwn(copy, key, withoutUndefined(value[key]));
  }
  return copy;
}
