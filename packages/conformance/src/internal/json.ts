// Small JSON helpers for comparing what an implementation returned with what a case expects.

/** Whether `value` is a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The first place where `actual` differs from `expected`, as a JSON-Pointer-like
 * path and a reason, or `undefined` when they are equal JSON values. Objects
 * are compared by own enumerable keys (so `__proto__` is an ordinary key),
 * ignoring key order; an `undefined` property counts as a difference, not as
 * absent, because an implementation should never hand one back, unless
 * `undefinedIsAbsent` (for inputs that held some: the result may share them).
 */
export function jsonDifference(actual: unknown, expected: unknown, path = '', undefinedIsAbsent = false): string | undefined {
  const here = path === '' ? '(root)' : path;
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected) || (actual === expected && typeof actual === 'number')
      ? undefined
      : `${here}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${here}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${here}: expected ${expected.length} elements, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      if (!(i in actual)) return `${path}/${i}: expected ${show(expected[i])}, got a hole`;
      const difference = jsonDifference(actual[i], expected[i], `${path}/${i}`, undefinedIsAbsent);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (!isObject(actual)) return `${here}: expected an object, got ${show(actual)}`;
  const expectedKeys = Object.keys(expected);
  for (const key of expectedKeys) {
    if (!Object.prototype.hasOwnProperty.call(actual, key)) {
      return `${path}/${escape(key)}: missing (expected ${show((expected as Record<string, unknown>)[key])})`;
    }
  }
  for (const key of Object.keys(actual)) {
    if (undefinedIsAbsent && actual[key] === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(expected, key)) {
      return `${path}/${escape(key)}: unexpected key (value ${show(actual[key])})`;
    }
  }
  for (const key of expectedKeys) {
    const difference = jsonDifference(actual[key], (expected as Record<string, unknown>)[key], `${path}/${escape(key)}`, undefinedIsAbsent);
    if (difference !== undefined) return difference;
  }
  return undefined;
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A short rendering of a value for failure messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A fresh deep copy of a JSON value (own keys such as `__proto__` stay own keys). */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Freezes a JSON value and everything inside it. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) {
      Object.freeze(item);
      for (const key of Object.keys(item)) pending.push((item as Record<string, unknown>)[key]);
    }
  }
  return value;
}

/** Every object and array inside a value, the value included. */
export function containers(value: unknown): Set<object> {
  const found = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'object' && item !== null && !found.has(item)) {
      found.add(item);
      for (const key of Object.keys(item)) pending.push((item as Record<string, unknown>)[key]);
    }
  }
  return found;
}

/** The first object or array of `result` that is also inside `source`, as a path. */
export function sharedContainer(result: unknown, source: Set<object>, path = ''): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  if (source.has(result)) return path === '' ? '(root)' : path;
  for (const key of Object.keys(result)) {
    const found = sharedContainer((result as Record<string, unknown>)[key], source, `${path}/${escape(key)}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
