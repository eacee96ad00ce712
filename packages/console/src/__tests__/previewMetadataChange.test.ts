import {
  deepMergeWithNullDeletion,
  organizationMetadataFields,
  toWireFieldName,
  updateMetadata,
  userMetadataFields,
  type JsonValue,
  type MetadataFields,
  type MetadataPathSegment,
  type WireMetadataParams,
} from '@metadata-semantics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Core's arbitraries reach the corners of JSON metadata (`__proto__` keys, lone surrogates, -0); patchFor aims a patch at a value.
import { deepFreeze, jsonObjectArb, patchFor } from '@metadata-semantics/test-kit/arbitraries';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';
import type { JsonChange } from '../editing/diffJson.js';
import { previewMetadataChange, type MetadataChangeRequest, type PreviewOptions } from '../editing/previewMetadataChange.js';

const userNames = userMetadataFields.map(toWireFieldName);
const serverLimits: PreviewOptions = { fields: userMetadataFields, maxFieldBytes: 8192, maxDepth: 64 };

/** A user's stored fields: each a JSON object. */
const storedArb: fc.Arbitrary<MetadataFields> = fc
  .tuple(jsonObjectArb, jsonObjectArb, jsonObjectArb)
  .map(([a, b, c]) => ({ public_metadata: a, private_metadata: b, unsafe_metadata: c }) as MetadataFields);

/** Stored fields, one field written, and a JSON patch aimed at it (or `null`, which clears the field). */
const updateArb = storedArb.chain((stored) =>
  fc.constantFrom(...userNames).chain((field) =>
    fc
      .oneof({ weight: 9, arbitrary: patchFor(stored[field], 0, false) }, { weight: 1, arbitrary: fc.constant(null) })
      .filter((patch) => patch === null || (typeof patch === 'object' && !Array.isArray(patch)))
      .map((patch) => ({ stored, field, patch: patch as JsonValue })),
  ),
);

/** Size limits that the generated values cross often, and the server's. */
const limitArb = fc.constantFrom(48, 128, 8192);

const has = (root: JsonValue | undefined, path: readonly MetadataPathSegment[]): boolean => valueAt(root, path) !== absent;
const absent = Symbol('absent');
function valueAt(root: JsonValue | undefined, path: readonly MetadataPathSegment[]): JsonValue | typeof absent {
  let node: JsonValue | undefined = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return absent;
    node = (node as Record<string, JsonValue>)[key as string];
  }
  return node as JsonValue;
}

/** Applies the changes to a copy of `before`, in order: what the list of changes claims the result is. */
function applyChanges(before: MetadataFields, changes: readonly JsonChange[]): MetadataFields {
  const copy = structuredClone(before) as Record<string, JsonValue>;
  for (const { kind, path, after } of changes) {
    const parent = path.slice(0, -1).reduce<Record<string, JsonValue>>((node, key) => node[key as string] as Record<string, JsonValue>, copy);
    const key = path.at(-1) as string;
    if (kind === 'deleted') delete parent[key];
    else Object.defineProperty(parent, key, { value: after, enumerable: true, writable: true, configurable: true });
  }
  return copy as MetadataFields;
}

/** The paths a patch's nulls delete: a `null` under a key the stored object has, through objects on both sides. */
function nullHits(stored: JsonValue, patch: JsonValue, path: readonly MetadataPathSegment[]): MetadataPathSegment[][] {
  const isObject = (value: JsonValue): value is Record<string, JsonValue> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(stored)) return [];
  if (patch === null) return Object.keys(stored).map((key) => [...path, key]);
  if (!isObject(patch)) return [];
  return Object.keys(patch).flatMap((key) => {
    if (!Object.hasOwn(stored, key)) return [];
    return patch[key] === null ? [[...path, key]] : isObject(patch[key]!) ? nullHits(stored[key]!, patch[key]!, [...path, key]) : [];
  });
}

const pathsOf = (changes: readonly JsonChange[], kind: JsonChange['kind']): string[] =>
  changes.filter((change) => change.kind === kind).map((change) => JSON.stringify(change.path)).sort();

describe('previewMetadataChange', () => {
  it('shows the result of core’s merge, or refuses with core’s code and path, whatever the stored fields and the patch', () => {
    fc.assert(
      fc.property(updateArb, limitArb, ({ stored, field, patch }, maxFieldBytes) => {
        // Arrange
        const params = { [field]: patch } as WireMetadataParams;
        const options = { ...serverLimits, maxFieldBytes };
        let expected: MetadataFields | undefined;
        let refusal: unknown;
        try {
          expected = updateMetadata(stored, params, { naming: 'wire', ...options });
        } catch (error) {
          refusal = error;
        }

        // Act
        const preview = previewMetadataChange(deepFreeze(stored), { kind: 'update', params }, options);

        // Assert: the reducer's own result for the written field, the others untouched
        if (refusal === undefined) {
          expect(preview.refusal).toBeUndefined();
          expect(preview.result![field]).toEqual(patch === null ? {} : deepMergeWithNullDeletion(stored[field], patch));
          for (const name of userNames) if (name !== field) expect(preview.result![name]).toBe(stored[name]);
          expect(preview.result).toEqual(expected);
        } else {
          const { code, path } = refusal as { code: string; path: unknown };
          expect(preview.result).toBeUndefined();
          expect(preview.refusal).toMatchObject({ code, path });
        }
      }),
    );
  }, propertyTimeout);

  it('lists changes that turn what is stored into the result: added keys were absent, deleted ones present, changed ones different', () => {
    fc.assert(
      fc.property(updateArb, fc.constantFrom('update', 'replace'), limitArb, ({ stored, field, patch }, kind, maxFieldBytes) => {
        // Arrange
        const request = { kind, params: { [field]: patch } } as MetadataChangeRequest;

        // Act
        const preview = previewMetadataChange(stored, request, { ...serverLimits, maxFieldBytes });
        const shown = preview.result ?? (preview.refusal?.code === 'too_large' ? applyChanges(stored, preview.changes) : undefined);

        // Assert
        if (preview.result !== undefined) expect(applyChanges(stored, preview.changes)).toEqual(preview.result);
        for (const { kind: changeKind, path, before, after } of preview.changes) {
          const [name, ...inside] = path;
          if (changeKind === 'added') expect(has(stored[name as string], inside)).toBe(false);
          if (changeKind === 'deleted') expect(has(shown?.[name as string], inside)).toBe(false);
          if (changeKind !== 'added') expect(valueAt(stored[name as string], inside)).toEqual(before);
          if (changeKind === 'changed') expect(after).not.toEqual(before);
        }
      }),
    );
  }, propertyTimeout);

  it('marks as deleted exactly the keys that a null of the patch hits, however deep', () => {
    fc.assert(
      fc.property(updateArb, ({ stored, field, patch }) => {
        // Act
        const preview = previewMetadataChange(stored, { kind: 'update', params: { [field]: patch } }, { ...serverLimits, maxFieldBytes: Infinity });

        // Assert
        expect(pathsOf(preview.changes, 'deleted')).toEqual(nullHits(stored[field]!, patch, [field]).map((path) => JSON.stringify(path)).sort());
      }),
    );
  }, propertyTimeout);

  it('gives each written field’s UTF-8 JSON size, and refuses with too_large exactly when one it changes is over the limit', () => {
    fc.assert(
      fc.property(updateArb, fc.constantFrom('update', 'replace'), limitArb, ({ stored, field, patch }, kind, maxFieldBytes) => {
        // Act
        const preview = previewMetadataChange(stored, { kind, params: { [field]: patch } } as MetadataChangeRequest, { ...serverLimits, maxFieldBytes });

        // Assert
        const unlimited = previewMetadataChange(stored, { kind, params: { [field]: patch } } as MetadataChangeRequest, { ...serverLimits, maxFieldBytes: Infinity });
        const bytes = new TextEncoder().encode(JSON.stringify(unlimited.result![field])).length;
        // Core measures a field when the request changes it (it returns the stored object itself otherwise), as the server does.
        const changed = unlimited.result![field] !== stored[field];
        expect(preview.sizes).toEqual([{ field, bytes, limit: maxFieldBytes }]);
        expect(preview.refusal?.code === 'too_large').toBe(changed && bytes > maxFieldBytes);
        if (changed && bytes > maxFieldBytes) expect(preview.refusal?.path).toEqual([field]);
      }),
    );
  }, propertyTimeout);

  it('shows a nested null as the deletion of that key, beside what is changed and added', () => {
    // Arrange
    const stored = { public_metadata: { plan: 'free', prefs: { theme: 'dark', lang: 'en' } }, private_metadata: {}, unsafe_metadata: {} };
    const params = { public_metadata: { plan: 'pro', prefs: { theme: null, missing: null }, beta: true } };

    // Act
    const preview = previewMetadataChange(stored, { kind: 'update', params }, serverLimits);

    // Assert: a null on a key that is not there deletes nothing, and is not listed
    expect(preview.changes).toEqual([
      { kind: 'changed', path: ['public_metadata', 'plan'], before: 'free', after: 'pro' },
      { kind: 'deleted', path: ['public_metadata', 'prefs', 'theme'], before: 'dark' },
      { kind: 'added', path: ['public_metadata', 'beta'], after: true },
    ]);
    expect(preview.result?.public_metadata).toEqual({ plan: 'pro', prefs: { lang: 'en' }, beta: true });
  });

  it('refuses a result over 8 KiB at its field, still showing its size and changes', () => {
    // Arrange
    const stored = { public_metadata: { plan: 'free' }, private_metadata: {}, unsafe_metadata: {} };
    const blob = 'x'.repeat(8192);

    // Act
    const preview = previewMetadataChange(stored, { kind: 'update', params: { public_metadata: { blob } } }, serverLimits);

    // Assert
    expect(preview.result).toBeUndefined();
    expect(preview.refusal).toMatchObject({ code: 'too_large', path: ['public_metadata'] });
    expect(preview.sizes).toEqual([{ field: 'public_metadata', bytes: JSON.stringify({ plan: 'free', blob }).length, limit: 8192 }]);
    expect(preview.changes).toEqual([{ kind: 'added', path: ['public_metadata', 'blob'], after: blob }]);
  });

  it('refuses nesting past the depth limit at the path where it passes it, and a field the resource lacks at its name', () => {
    // Arrange
    let deep: JsonValue = 1;
    for (let level = 0; level < 65; level++) deep = { d: deep };
    const organization = { public_metadata: {}, private_metadata: {} };

    // Act
    const tooDeep = previewMetadataChange({}, { kind: 'update', params: { private_metadata: deep as object } }, serverLimits);
    const unknown = previewMetadataChange(organization, { kind: 'replace', params: { unsafe_metadata: {} } }, { ...serverLimits, fields: organizationMetadataFields });

    // Assert
    expect(tooDeep.refusal).toMatchObject({ code: 'too_deep', path: ['private_metadata', ...Array<string>(64).fill('d')] });
    expect(tooDeep.changes).toEqual([]);
    expect(unknown.refusal).toMatchObject({ code: 'unknown_field', path: ['unsafe_metadata'] });
  });
});
