import type { JsonValue, MetadataPathSegment } from '@metadata-semantics/core';

/** How a value at a path differs: new, replaced by another, or gone. */
export type JsonChangeKind = 'added' | 'changed' | 'deleted';

/** One difference between two JSON values. */
export interface JsonChange {
  readonly kind: JsonChangeKind;
  /** Object keys from the root; arrays are compared whole, as a merge patch replaces them whole. */
  readonly path: readonly MetadataPathSegment[];
  /** The value before (absent when added). */
  readonly before?: JsonValue;
  /** The value after (absent when deleted). */
  readonly after?: JsonValue;
}

type JsonRecord = { readonly [key: string]: JsonValue };

const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether two JSON values are equal, objects compared without regard to key order. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]!));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key]!, b[key]!));
}

/**
 * The differences from `before` to `after`, down through the objects both hold: a key only `after` has is
 * added, a key only `before` has is deleted, and a value that is not an object on both sides and differs is
 * changed as a whole. Applying them in order to `before` gives `after`.
 */
export function diffJson(before: JsonValue, after: JsonValue, path: readonly MetadataPathSegment[] = []): JsonChange[] {
  if (!isRecord(before) || !isRecord(after)) {
    return jsonEqual(before, after) ? [] : [{ kind: 'changed', path, before, after }];
  }
  const changes: JsonChange[] = [];
  for (const key of Object.keys(before)) {
    if (Object.hasOwn(after, key)) changes.push(...diffJson(before[key]!, after[key]!, [...path, key]));
    else changes.push({ kind: 'deleted', path: [...path, key], before: before[key]! });
  }
  for (const key of Object.keys(after)) {
    if (!Object.hasOwn(before, key)) changes.push({ kind: 'added', path: [...path, key], after: after[key]! });
  }
  return changes;
}
