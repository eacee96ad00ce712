/** A plain object as this library reads it: string keys, any values. */
export type PlainObject = Record<string, unknown>;

const objectPrototype = Object.prototype;
const getPrototypeOf = Object.getPrototypeOf;

/** True for objects whose prototype is `Object.prototype` or `null`: the only objects JSON has. */
export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = getPrototypeOf(value);
  return prototype === objectPrototype || prototype === null;
}

export const hasOwn: (object: object, key: PropertyKey) => boolean = Object.hasOwn;

/**
 * Writes an own data property. Plain assignment of `__proto__` would change the
 * prototype instead of storing a key, so that one key goes through defineProperty.
 */
export function setOwn(object: PlainObject, key: string, value: unknown): void {
  // Stryker disable next-line ConditionalExpression: defining every key this way gives the same data, only slower (the other mutants of this line break "__proto__")
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}
