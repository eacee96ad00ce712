import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepMergeWithNullDeletion } from '../deepMergeWithNullDeletion.js';
import type { MetadataErrorCode, MetadataPathSegment } from '../metadataError.js';
import { organizationMetadataFields, toWireFieldName, userMetadataFields, type MetadataFieldName } from '../metadataFields.js';
import { applyMetadataOperation } from '../applyMetadataOperation.js';
import {
  replaceMetadata,
  updateMetadata,
  type MetadataOperationOptions,
  type StoredMetadata,
} from '../metadataOperations.js';
import { replaceFields } from '../replaceFields.js';
import { chain, jsonObjectArb, objectPatchArb, patchFor, snapshot } from '@metadata-semantics/test-kit/arbitraries';
import { expectMetadataError } from '@metadata-semantics/test-kit/errors';
import { assert, assertEqual, hasOwn, isPlainObject, jsonEquals, objectFrom, type PlainObject } from '@metadata-semantics/test-kit/json';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';

type Kind = 'update' | 'replace';
const operations = { update: updateMetadata, replace: replaceMetadata } as const;
const run = (kind: Kind, stored: StoredMetadata, params: unknown, options?: MetadataOperationOptions) =>
  operations[kind](stored, params as never, options);

const byteLength = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** Runs a failing operation and asserts code, path, and that neither stored nor params changed (deeply, and by reference). */
function expectRejected(
  action: (stored: StoredMetadata) => unknown,
  stored: StoredMetadata,
  code: MetadataErrorCode,
  path: readonly MetadataPathSegment[],
  params?: unknown,
): void {
  const strict = { ordered: true, sameValue: true, prototypes: true } as const;
  const storedBefore = snapshot(stored);
  const referencesBefore = Object.keys(stored).map((key) => stored[key]);
  const paramsBefore = snapshot(params);
  expectMetadataError(() => action(stored), code, path);
  assertEqual(stored, storedBefore, 'stored changed', strict);
  expect(Object.keys(stored).map((key) => stored[key])).toEqual(referencesBefore);
  Object.keys(stored).forEach((key, i) => expect(stored[key]).toBe(referencesBefore[i]));
  assertEqual(params, paramsBefore, 'params changed', strict);
}

const storedUser = (): StoredMetadata => ({
  publicMetadata: { role: 'member', team: { name: 'a' } },
  privateMetadata: { score: 1 },
  unsafeMetadata: { theme: 'dark' },
});

describe('the Clerk examples', () => {
  it('update merges birthday into publicMetadata and keeps the rest', () => {
    // Arrange
    const stored = storedUser();
    // Act
    const result = updateMetadata(stored, { publicMetadata: { birthday: '1990-01-01' } });
    // Assert
    expect(result).toEqual({
      publicMetadata: { role: 'member', team: { name: 'a' }, birthday: '1990-01-01' },
      privateMetadata: { score: 1 },
      unsafeMetadata: { theme: 'dark' },
    });
    expect(result.privateMetadata).toBe(stored.privateMetadata);
  });

  it('update takes the wire body of the curl example with naming: wire', () => {
    // Arrange
    const stored = { public_metadata: { role: 'member' } };
    // Act
    const result = updateMetadata(stored, JSON.parse('{"public_metadata":{"birthday":"1990-01-01"}}') as object, {
      naming: 'wire',
    });
    // Assert
    expect(result).toEqual({
      public_metadata: { role: 'member', birthday: '1990-01-01' },
      private_metadata: {},
      unsafe_metadata: {},
    });
  });

  it('replace with role admin overwrites publicMetadata in full and preserves omitted fields', () => {
    // Arrange
    const stored = storedUser();
    // Act
    const result = replaceMetadata(stored, { publicMetadata: { role: 'admin' } });
    // Assert
    expect(result.publicMetadata).toEqual({ role: 'admin' });
    expect(result.privateMetadata).toBe(stored.privateMetadata);
    expect(result.unsafeMetadata).toBe(stored.unsafeMetadata);
  });

  it('replace with {} clears a field, while update with {} changes nothing', () => {
    // Arrange
    const stored = storedUser();
    // Act
    const replaced = replaceMetadata(stored, { privateMetadata: {} });
    const updated = updateMetadata(stored, { privateMetadata: {} });
    // Assert
    expect(replaced.privateMetadata).toEqual({});
    expect(updated).toBe(stored);
  });

  it('null stores a JSON null in replace and clears the field to {} in update', () => {
    // Arrange
    const stored = storedUser();
    // Act
    const replaced = replaceMetadata(stored, { unsafeMetadata: null });
    const updated = updateMetadata(stored, { unsafeMetadata: null });
    // Assert
    expect(replaced.unsafeMetadata).toBeNull();
    expect(updated.unsafeMetadata).toEqual({});
    expect(updated.publicMetadata).toBe(stored.publicMetadata);
  });

  it('a field never set reads as {}, and organizations have public and private only', () => {
    // Act
    const result = updateMetadata({}, { privateMetadata: { plan: 'pro' } }, { fields: organizationMetadataFields });
    // Assert
    expect(result).toEqual({ publicMetadata: {}, privateMetadata: { plan: 'pro' } });
  });

  it('applyMetadataOperation dispatches on kind', () => {
    // Arrange
    const stored = storedUser();
    // Act
    const updated = applyMetadataOperation(stored, { kind: 'update', params: { publicMetadata: { role: 'admin' } } });
    const replaced = applyMetadataOperation(stored, { kind: 'replace', params: { publicMetadata: { role: 'admin' } } });
    // Assert
    expect(updated.publicMetadata).toEqual({ role: 'admin', team: { name: 'a' } });
    expect(replaced.publicMetadata).toEqual({ role: 'admin' });
  });
});

describe('prototype pollution', () => {
  it('keeps __proto__ inside a field as data, for update and replace', () => {
    // Arrange: a request body as parsed JSON
    const body = JSON.parse('{"public_metadata":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}}') as object;
    for (const kind of ['update', 'replace'] as const) {
      // Act
      const result = run(kind, { public_metadata: { a: 1 } }, body, { naming: 'wire' });
      // Assert
      const field = result.public_metadata as PlainObject;
      expect(Object.getPrototypeOf(field)).toBe(Object.prototype);
      expect(hasOwn(field, '__proto__')).toBe(true);
      expect(hasOwn(JSON.parse(JSON.stringify(field)) as object, '__proto__')).toBe(true);
      expect(JSON.stringify(field)).toContain('"__proto__":{"polluted":true}');
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    }
  });
});

describe('the operation is the reducer applied per field', () => {
  const fieldSets = [
    { resource: 'user', fields: userMetadataFields },
    { resource: 'organization', fields: organizationMetadataFields },
  ] as const;

  const caseArb = fc
    .record({
      fieldSet: fc.constantFrom(...fieldSets),
      naming: fc.constantFrom('sdk' as const, 'wire' as const),
      kind: fc.constantFrom<Kind>('update', 'replace'),
      viaOperation: fc.boolean(),
    })
    .chain(({ fieldSet, naming, kind, viaOperation }) => {
      const names = fieldSet.fields.map((field: MetadataFieldName) => (naming === 'wire' ? toWireFieldName(field) : field));
      const storedValue = fc.oneof(
        { weight: 4, arbitrary: jsonObjectArb },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(null) },
      );
      return fc
        .tuple(...names.map((name) => fc.tuple(fc.constant(name), storedValue, fc.boolean())))
        .chain((storedEntries) => {
          const stored = objectFrom(storedEntries.filter(([, , present]) => present).map(([name, value]) => [name, value]));
          const requested = (name: string) =>
            fc.oneof(
              fc.constant(undefined),
              fc.constant(null),
              kind === 'update' ? objectPatchArb : jsonObjectArb,
              kind === 'update' ? patchFor(stored[name]).filter(isPlainObject) : jsonObjectArb,
            );
          return fc.tuple(
            fc.constant(stored),
            fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), requested(name), fc.boolean()))),
          );
        })
        .map(([stored, paramEntries]) => ({
          names,
          naming,
          kind,
          viaOperation,
          fields: fieldSet.fields,
          stored,
          params: objectFrom(paramEntries.filter(([, , present]) => present).map(([name, value]) => [name, value])),
        }));
    });

  it('each field is merged (update) or replaced (replace) on its own; omitted fields keep their reference', () => {
    fc.assert(
      fc.property(caseArb, ({ names, naming, kind, viaOperation, fields, stored, params }) => {
        // Arrange
        const options = { fields, naming, maxFieldBytes: Infinity };
        // Act
        const result = viaOperation
          ? applyMetadataOperation(stored, { kind, params }, options)
          : run(kind, stored, params, options);
        // Assert
        assertEqual(Object.keys(result).sort(), [...names].sort(), 'the fields of the result');
        let changed = Object.keys(stored).length !== names.length;
        for (const name of names) {
          const current = hasOwn(stored, name) && stored[name] !== undefined ? stored[name] : {};
          const requested = hasOwn(params, name) ? params[name] : undefined;
          let expected: unknown;
          if (requested === undefined) expected = current;
          else if (kind === 'replace') expected = replaceFields(objectFrom([[name, current]]), objectFrom([[name, requested]]))[name];
          else expected = requested === null ? {} : deepMergeWithNullDeletion(current, requested);
          assertEqual(result[name], expected, `field ${name}`);
          if (requested === undefined && stored[name] !== undefined) assert(result[name] === stored[name], `omitted ${name} was copied`);
          if (!hasOwn(stored, name) || stored[name] === undefined || !jsonEquals(result[name], stored[name])) changed = true;
        }
        // a change that changes nothing hands back stored itself
        if (!changed) assert(result === stored, 'an operation that changes nothing did not return stored');
      }),
    );
  }, propertyTimeout);
});

describe('validation: every error has its code and path, and changes nothing', () => {
  const kinds: Kind[] = ['update', 'replace'];

  describe.each(kinds)('%s', (kind) => {
    it('invalid_params: params that are not a plain object', () => {
      for (const params of [[], null, 'x', 42, new Date(0), new Map()]) {
        expectRejected((s) => run(kind, s, params), storedUser(), 'invalid_params', [], params);
      }
    });

    it('invalid_params: limits that are not numbers of at least 1', () => {
      const params = { publicMetadata: { a: 1 } };
      for (const bad of [0, -1, NaN, 0.5, '8192']) {
        expectRejected((s) => run(kind, s, params, { maxFieldBytes: bad as never }), storedUser(), 'invalid_params', ['maxFieldBytes']);
        expectRejected((s) => run(kind, s, params, { maxDepth: bad as never }), storedUser(), 'invalid_params', ['maxDepth']);
      }
    });

    it('unknown_field: a field the resource does not have, in either naming', () => {
      const cases: Array<[unknown, MetadataOperationOptions | undefined, string]> = [
        [{ foo: {} }, undefined, 'foo'],
        [{ public_metadata: {} }, undefined, 'public_metadata'],
        [{ publicMetadata: {} }, { naming: 'wire' }, 'publicMetadata'],
        [{ unsafeMetadata: {} }, { fields: organizationMetadataFields }, 'unsafeMetadata'],
        [{ unsafe_metadata: {} }, { fields: organizationMetadataFields, naming: 'wire' }, 'unsafe_metadata'],
        [{ publicMetadata: {} }, { fields: ['unsafeMetadata'] }, 'publicMetadata'],
        [JSON.parse('{"__proto__":{"polluted":1}}'), undefined, '__proto__'],
        [{ publicMetadata: { ok: 1 }, extra: null }, undefined, 'extra'],
      ];
      for (const [params, options, field] of cases) {
        expectRejected((s) => run(kind, s, params, options), storedUser(), 'unknown_field', [field], params);
      }
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });

    it('an unknown field set to undefined is absent, not an error', () => {
      // Arrange
      const stored = storedUser();
      // Act
      const result = run(kind, stored, { foo: undefined, publicMetadata: undefined });
      // Assert
      expect(result).toBe(stored);
    });

    it('invalid_field_type: a field value that is not a JSON object or null', () => {
      for (const value of [[], [1], 'x', 1, true, new Date(0), new Map(), Object.create({ a: 1 }) as object]) {
        const params = { privateMetadata: { ok: 1 }, publicMetadata: value };
        expectRejected((s) => run(kind, s, params), storedUser(), 'invalid_field_type', ['publicMetadata'], params);
        const wire = { public_metadata: value };
        expectRejected((s) => run(kind, s, wire, { naming: 'wire' }), { public_metadata: {} }, 'invalid_field_type', ['public_metadata']);
      }
    });

    it('invalid_json_value: anything JSON cannot hold, with its path from the field', () => {
      const cases: Array<[unknown, MetadataPathSegment[]]> = [
        [{ a: { b: () => 1 } }, ['a', 'b']],
        [{ list: [1, NaN] }, ['list', 1]],
        [{ list: [Infinity] }, ['list', 0]],
        [{ list: [1, undefined] }, ['list', 1]],
        [{ list: [1, , 2] }, ['list', 1]], // eslint-disable-line no-sparse-arrays
        [{ at: new Date(0) }, ['at']],
        [{ m: new Map() }, ['m']],
        [{ n: 1n }, ['n']],
        [{ s: Symbol('s') }, ['s']],
        [{ deep: { er: [{ x: [new Set()] }] } }, ['deep', 'er', 0, 'x', 0]],
      ];
      for (const [value, path] of cases) {
        // an earlier valid field must not be applied either: all or nothing
        const params = { privateMetadata: { score: 2 }, unsafeMetadata: value };
        expectRejected((s) => run(kind, s, params), storedUser(), 'invalid_json_value', ['unsafeMetadata', ...path], params);
        expectRejected(
          (s) => run(kind, s, { unsafe_metadata: value }, { naming: 'wire' }),
          { unsafe_metadata: { theme: 'dark' } },
          'invalid_json_value',
          ['unsafe_metadata', ...path],
        );
      }
    });

    it('too_deep: ok at the default limit of 64 levels, rejected at 65 with the path of the 65th', () => {
      // Arrange: the field's own object is level 1
      const atLimit = chain(['k'], 64, {});
      const overLimit = chain(['k'], 65, {});
      const arrays = { list: JSON.parse('['.repeat(64) + ']'.repeat(64)) as unknown };
      // Act
      const result = run(kind, {}, { publicMetadata: atLimit });
      // Assert
      expect(result.publicMetadata).toEqual(atLimit);
      expectRejected((s) => run(kind, s, { publicMetadata: overLimit }), storedUser(), 'too_deep', [
        'publicMetadata',
        ...new Array<string>(64).fill('k'),
      ]);
      expectRejected((s) => run(kind, s, { publicMetadata: arrays }), storedUser(), 'too_deep', [
        'publicMetadata',
        'list',
        ...new Array<number>(63).fill(0),
      ]);
    });

    it('too_deep: a configured maxDepth is exact, and is capped at the reducers limit of 1000', () => {
      // Arrange
      const options = { maxDepth: 3 };
      // Act + Assert
      expect(run(kind, {}, { publicMetadata: { a: { b: {} } } }, options).publicMetadata).toEqual({ a: { b: {} } });
      expectRejected((s) => run(kind, s, { publicMetadata: { a: { b: { c: {} } } } }, options), storedUser(), 'too_deep', [
        'publicMetadata',
        'a',
        'b',
        'c',
      ]);
      const huge = { maxDepth: 5000 };
      expect(run(kind, storedUser(), { publicMetadata: chain(['k'], 1000, {}) }, huge).publicMetadata).toBeDefined();
      expectRejected((s) => run(kind, s, { publicMetadata: chain(['k'], 1001, {}) }, huge), storedUser(), 'too_deep', [
        'publicMetadata',
        ...new Array<string>(1000).fill('k'),
      ]);
    });

    it('too_deep: a cyclic field value is rejected, never a RangeError', () => {
      const cyclic: PlainObject = {};
      cyclic.self = cyclic;
      expectRejected((s) => run(kind, s, { publicMetadata: cyclic }), storedUser(), 'too_deep', [
        'publicMetadata',
        ...new Array<string>(64).fill('self'),
      ]);
    });

    it('too_large: exactly 8192 UTF-8 bytes pass, 8193 fail, multi-byte characters counted as bytes', () => {
      for (const [unit, unitBytes] of [
        ['x', 1],
        ['é', 2],
        ['€', 3],
        ['😀', 4],
        ['\uD800', 6], // a lone surrogate is written as the escape \ud800
      ] as const) {
        // Arrange: {"s":"…"} is 8 bytes around the text
        const fitting = { s: unit.repeat((8192 - 8) / unitBytes) };
        const over = { s: unit.repeat((8192 - 8) / unitBytes) + 'x' };
        expect(byteLength(fitting)).toBe(8192);
        // Act + Assert
        expect(run(kind, {}, { publicMetadata: fitting }).publicMetadata).toEqual(fitting);
        expectRejected((s) => run(kind, s, { publicMetadata: over }), storedUser(), 'too_large', ['publicMetadata']);
      }
    });

    it('too_large: a configured maxFieldBytes, in wire naming', () => {
      const options = { naming: 'wire' as const, maxFieldBytes: 100 };
      const fitting = { s: 'é'.repeat(46) };
      expect(byteLength(fitting)).toBe(100);
      expect(run(kind, {}, { private_metadata: fitting }, options).private_metadata).toEqual(fitting);
      expectRejected((s) => run(kind, s, { private_metadata: { s: 'é'.repeat(47) } }, options), {}, 'too_large', [
        'private_metadata',
      ]);
    });

    it('too_large: a later field over the limit means no field is written', () => {
      const params = { publicMetadata: { ok: true }, unsafeMetadata: { s: 'x'.repeat(9000) } };
      expectRejected((s) => run(kind, s, params), storedUser(), 'too_large', ['unsafeMetadata'], params);
    });
  });

  it('too_large is measured on the merged result: growing a field past 8192 bytes fails, reaching exactly 8192 passes', () => {
    // Arrange: a stored field well under the limit, and an update adding a key
    const stored = { publicMetadata: { s: 'x'.repeat(8000) } };
    const grown = (n: number) => ({ ...stored.publicMetadata, t: 'y'.repeat(n) });
    const exact = 8192 - byteLength(grown(0));
    expect(byteLength(grown(exact))).toBe(8192);
    // Act + Assert
    expect(updateMetadata(stored, { publicMetadata: { t: 'y'.repeat(exact) } }).publicMetadata).toEqual(grown(exact));
    expectRejected((s) => updateMetadata(s, { publicMetadata: { t: 'y'.repeat(exact + 1) } }), stored, 'too_large', [
      'publicMetadata',
    ]);
    // and a merge that shrinks a field is measured on the result too
    const big = { publicMetadata: { s: 'x'.repeat(9000) } };
    expect(updateMetadata(big, { publicMetadata: { s: 'small' } }).publicMetadata).toEqual({ s: 'small' });
  });

  it('too_large iff the result field\'s JSON takes more UTF-8 bytes than maxFieldBytes, around every limit', () => {
    // Arrange: strings of 1-, 2-, 3- and 4-byte characters, escapes and lone surrogates; limits near the size.
    // At least one key, so the field changes (an unchanged field is not measured again).
    const unit = fc.constantFrom('x', 'é', '€', '😀', '\uD800', '"', '\n', '\u0000');
    const text = fc.oneof(
      fc.array(unit, { maxLength: 40 }).map((units) => units.join('')),
      fc.tuple(unit, fc.nat(60)).map(([one, count]) => one.repeat(count)),
    );
    const entry = fc.oneof(text, fc.array(text, { maxLength: 3 }));
    const value = fc.dictionary(fc.constantFrom('a', 'b', 'é'), entry, { minKeys: 1, maxKeys: 3 });
    fc.assert(
      fc.property(value, fc.integer({ min: -12, max: 12 }), (publicMetadata, offset) => {
        const exact = byteLength(publicMetadata);
        const maxFieldBytes = Math.max(1, exact + offset);

        // Act
        const run = () => updateMetadata({}, { publicMetadata }, { maxFieldBytes });

        // Assert
        if (exact > maxFieldBytes) expectRejected(run, {}, 'too_large', ['publicMetadata']);
        else expect(run().publicMetadata).toEqual(publicMetadata);
      }),
    );
  });

  it('invalid_json_value at the field when an update keeps a stored value JSON cannot hold (its size and schema need its JSON)', () => {
    // Arrange: a bigint and a cycle stored beside the key the update changes
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const schema = { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) } } as const;
    for (const kept of [1n, cycle]) {
      const stored = { publicMetadata: { kept }, privateMetadata: { score: 1 } };
      // Act + Assert: the size check, and with no size limit the schema check
      expectRejected((s) => updateMetadata(s, { publicMetadata: { b: 1 } }), stored, 'invalid_json_value', ['publicMetadata']);
      expectRejected(
        (s) => updateMetadata(s, { public_metadata: { b: 1 } }, { naming: 'wire', maxFieldBytes: Infinity, schemas: { publicMetadata: schema } }),
        { public_metadata: { kept } },
        'invalid_json_value',
        ['public_metadata'],
      );
    }
  });

  it('applyMetadataOperation rejects an unknown kind with invalid_params at kind', () => {
    for (const operation of [{ kind: 'merge', params: {} }, { params: {} }, null, 'update']) {
      expectRejected((s) => applyMetadataOperation(s, operation as never), storedUser(), 'invalid_params', ['kind']);
    }
  });
});

describe('what the error says', () => {
  const message = (action: () => unknown): string => {
    try {
      action();
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  };

  it('each validation error says what is wrong, then its code and path', () => {
    // Arrange
    const stored = storedUser();

    // Act
    const messages = [
      message(() => updateMetadata(stored, [] as never)),
      message(() => updateMetadata(stored, { foo: {} } as never)),
      message(() => updateMetadata(stored, { publicMetadata: [] } as never)),
      message(() => updateMetadata(stored, {}, { maxDepth: 0 })),
      message(() => replaceMetadata({}, { publicMetadata: { note: 'xé' } }, { maxFieldBytes: 12 })),
      message(() => applyMetadataOperation(stored, { kind: 'merge' } as never)),
      message(() => replaceFields(stored, null as never)),
    ];

    // Assert
    expect(messages).toEqual([
      'Not a plain object (invalid_params at [])',
      'Unknown field (unknown_field at ["foo"])',
      'Must be an object or null (invalid_field_type at ["publicMetadata"])',
      'Must be a number of at least 1 (invalid_params at ["maxDepth"])',
      '14 bytes, over the limit of 12 (too_large at ["publicMetadata"])',
      'Unknown kind (invalid_params at ["kind"])',
      'Not a plain object (invalid_params at [])',
    ]);
  });
});

describe('the result lists the resource\'s fields and shares what did not change', () => {
  it('limits of exactly 1 are valid: one byte admits no changed field ({} is 2 bytes), one level only the field\'s own object', () => {
    // Arrange
    const stored = { publicMetadata: { a: 1 } };

    // Act
    const unchanged = updateMetadata(stored, { publicMetadata: { a: 1 } }, { maxFieldBytes: 1 });
    const shallow = updateMetadata(stored, { publicMetadata: { b: 2 } }, { maxDepth: 1 });

    // Assert
    expect(unchanged.publicMetadata).toBe(stored.publicMetadata);
    expectRejected((s) => updateMetadata(s, { publicMetadata: { a: 2 } }, { maxFieldBytes: 1 }), stored, 'too_large', ['publicMetadata']);
    expect(shallow.publicMetadata).toEqual({ a: 1, b: 2 });
    expectRejected((s) => updateMetadata(s, { publicMetadata: { b: {} } }, { maxDepth: 1 }), stored, 'too_deep', ['publicMetadata', 'b']);
  });

  it('stored keys that are not fields of the resource are left out, even when nothing changes', () => {
    // Arrange
    const stored = { publicMetadata: {}, privateMetadata: {}, unsafeMetadata: {}, id: 'user_1' };

    // Act
    const result = updateMetadata(stored, {});

    // Assert
    expect(result).toEqual({ publicMetadata: {}, privateMetadata: {}, unsafeMetadata: {} });
    expect(result.publicMetadata).toBe(stored.publicMetadata);
  });

  it('a stored value that is not a plain object reads as no fields, never a TypeError', () => {
    for (const stored of [null, undefined, 'x', [], new Map()]) {
      // Act
      const result = updateMetadata(stored as never, { publicMetadata: { a: 1 } });

      // Assert
      expect(result).toEqual({ publicMetadata: { a: 1 }, privateMetadata: {}, unsafeMetadata: {} });
    }
  });

  it('null on a field that is already {} changes nothing: the stored object itself', () => {
    // Arrange
    const stored = { publicMetadata: {}, privateMetadata: { a: 1 }, unsafeMetadata: {} };

    // Act
    const result = updateMetadata(stored, { publicMetadata: null });

    // Assert
    expect(result).toBe(stored);
    expect(updateMetadata(stored, { privateMetadata: null }).privateMetadata).toEqual({});
  });

  it('a stored key holding undefined is absent: an equal value still shares the stored object', () => {
    // Arrange: the stored field has an extra key whose value is undefined
    const publicMetadata = { a: 1, gone: undefined };
    const stored = { publicMetadata, privateMetadata: {}, unsafeMetadata: {} };

    // Act
    const replaced = replaceMetadata(stored, { publicMetadata: { a: 1 } });
    const merged = updateMetadata(stored, { publicMetadata: { gone: null } });

    // Assert
    expect(replaced).toBe(stored);
    expect(merged).toBe(stored);
  });
});
