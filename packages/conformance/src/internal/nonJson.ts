// Builds the values a case's `nonJson` list puts into its inputs, and describes
// any such value exactly, so a runner can tell whether an input was modified.
import type { ConformanceNonJsonValue } from '../conformanceCase.js';
import { pointerSegments } from './jsonPointer.js';

/** A class whose instances are not plain objects. */
class ConformanceInstance {}

function withMembers(target: object, placeholder: unknown): object {
  if (typeof placeholder === 'object' && placeholder !== null) {
    for (const key of Object.keys(placeholder)) {
      Object.defineProperty(target, key, {
        value: (placeholder as Record<string, unknown>)[key],
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
  return target;
}

function build(tag: ConformanceNonJsonValue['value'], placeholder: unknown): unknown {
  switch (tag) {
    case 'undefined':
      return undefined;
    case 'nan':
      return Number.NaN;
    case 'infinity':
      return Number.POSITIVE_INFINITY;
    case 'negative-infinity':
      return Number.NEGATIVE_INFINITY;
    case 'bigint':
      return BigInt(1);
    case 'symbol':
      return Symbol('conformance');
    case 'function':
      return function conformance(): void {};
    case 'date':
      return new Date(0);
    case 'map':
      return new Map();
    case 'instance':
      return withMembers(new ConformanceInstance(), placeholder);
    case 'null-prototype':
      return withMembers(Object.create(null) as object, placeholder);
    default:
      throw new Error(`unknown nonJson value ${JSON.stringify(tag)}`);
  }
}

/**
 * Puts each value of `nonJson` into `testCase` (a fresh copy the caller owns)
 * at its pointer. Throws an `Error` naming the entry when its pointer does not
 * name a member or element the case already has.
 */
export function placeNonJson(testCase: object, nonJson: readonly ConformanceNonJsonValue[]): void {
  for (const { at, value } of nonJson) {
    const segments = pointerSegments(at);
    const key = segments.pop();
    let parent: unknown = testCase;
    for (const segment of segments) parent = (parent as Record<string, unknown> | undefined)?.[segment];
    if (key === undefined || typeof parent !== 'object' || parent === null || !Object.prototype.hasOwnProperty.call(parent, key)) {
      throw new Error(`nonJson: ${JSON.stringify(at)} names nothing in the case`);
    }
    const container = parent as Record<string, unknown>;
    if (value === 'hole') {
      if (!Array.isArray(container)) throw new Error(`nonJson: a hole needs an array element, ${JSON.stringify(at)} is not one`);
      delete container[key];
    } else {
      // defineProperty, so that a "__proto__" member stays an own member.
      Object.defineProperty(container, key, { value: build(value, container[key]), writable: true, enumerable: true, configurable: true });
    }
  }
}

/** An exact description of a value built from JSON and `nonJson` values (no cycles): equal descriptions, equal values. */
export function describeExactly(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (value instanceof Map) return `Map(${value.size})`;
  if (Array.isArray(value)) {
    const elements: string[] = [];
    for (let i = 0; i < value.length; i++) elements.push(i in value ? describeExactly(value[i]) : 'hole');
    return `[${elements.join(',')}]`;
  }
  const members = Object.keys(value).map((key) => `${JSON.stringify(key)}:${describeExactly((value as Record<string, unknown>)[key])}`);
  const prototype: unknown = Object.getPrototypeOf(value);
  const kind = prototype === Object.prototype ? '' : prototype === null ? 'null-prototype' : 'instance';
  return `${kind}{${members.join(',')}}`;
}
