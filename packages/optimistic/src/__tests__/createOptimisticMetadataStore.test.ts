import {
  MetadataError,
  applyMetadataOperation,
  frontendReadableMetadataFields,
  frontendWritableMetadataFields,
  organizationMetadataFields,
} from '@metadata-semantics/core';
import { describe, expect, it, vi } from 'vitest';
import { createOptimisticMetadataStore, type OptimisticMetadataStore } from '../index.js';
// The test kit's grammar of random schemas, built with each real validator.
import { buildSchema, validatorNames } from '@metadata-semantics/test-kit/schemaGrammar';

/** Counts notifications, and checks that a listener sees the new snapshot already. */
function watch(store: Pick<OptimisticMetadataStore, 'subscribe' | 'getSnapshot'>): { count: () => number; seen: unknown[] } {
  const seen: unknown[] = [];
  store.subscribe(() => seen.push(store.getSnapshot()));
  return { count: () => seen.length, seen };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

const user = (publicMetadata: object, updatedAt?: number) => ({
  object: 'user',
  id: 'user_1',
  firstName: 'Ada',
  publicMetadata,
  privateMetadata: {},
  unsafeMetadata: {},
  ...(updatedAt === undefined ? {} : { updatedAt }),
});

describe('createOptimisticMetadataStore', () => {
  it('reads the metadata fields of a resource, a missing field as {}, and ignores other keys', () => {
    // Arrange / Act
    const store = createOptimisticMetadataStore({ id: 'user_1', publicMetadata: { a: 1 }, privateMetadata: null });

    // Assert
    expect(store.getSnapshot()).toStrictEqual({ publicMetadata: { a: 1 }, privateMetadata: null, unsafeMetadata: {} });
  });

  it('holds organization fields in wire names when asked', () => {
    // Arrange
    const store = createOptimisticMetadataStore(
      { public_metadata: { a: 1 } },
      { fields: organizationMetadataFields, naming: 'wire' },
    );

    // Act
    store.apply({ kind: 'update', params: { private_metadata: { b: 2 } } });

    // Assert
    expect(store.getSnapshot()).toStrictEqual({ public_metadata: { a: 1 }, private_metadata: { b: 2 } });
    expect(() => store.apply({ kind: 'update', params: { unsafe_metadata: {} } })).toThrow(MetadataError);
  });

  it('holds only the fields a frontend reads, from a user the frontend SDK returns', () => {
    // Arrange: a frontend user has no privateMetadata at all
    const store = createOptimisticMetadataStore(
      { id: 'user_1', publicMetadata: { plan: 'pro' }, unsafeMetadata: {}, updatedAt: new Date(1000) },
      { fields: frontendReadableMetadataFields },
    );

    // Act
    store.apply({ kind: 'update', params: { unsafeMetadata: { onboarded: true } } });

    // Assert
    expect(store.getSnapshot()).toStrictEqual({ publicMetadata: { plan: 'pro' }, unsafeMetadata: { onboarded: true } });
    expect(() => store.apply({ kind: 'update', params: { privateMetadata: {} } })).toThrow(
      expect.objectContaining({ code: 'unknown_field' }),
    );
  });

  it('with writableFields, refuses an operation on any other field at once, before showing it', () => {
    // Arrange: a frontend store, which reads public and unsafe metadata and may write only unsafe metadata
    for (const naming of ['sdk', 'wire'] as const) {
      const [publicName, unsafeName] = naming === 'sdk' ? ['publicMetadata', 'unsafeMetadata'] : ['public_metadata', 'unsafe_metadata'];
      const store = createOptimisticMetadataStore(
        { [publicName]: { plan: 'pro' }, [unsafeName]: { theme: 'dark' } },
        { fields: frontendReadableMetadataFields, writableFields: frontendWritableMetadataFields, naming },
      );
      const listener = vi.fn();
      store.subscribe(listener);
      const before = store.getSnapshot();

      // Act
      const refused = () => store.apply({ kind: 'update', params: { [publicName]: { plan: 'free' }, [unsafeName]: { theme: 'light' } } });
      const id = store.apply({ kind: 'update', params: { [unsafeName]: { theme: 'light' } } });

      // Assert: the refusal is typed, changes nothing and tells no one; the writable field still works
      expect(refused).toThrow(expect.objectContaining({ code: 'unknown_field', path: [publicName] }));
      expect(listener).toHaveBeenCalledTimes(1);
      expect(store.getSnapshot()).toStrictEqual({ ...before, [unsafeName]: { theme: 'light' } });
      expect(store.getSnapshot()[publicName]).toBe(before[publicName]);
      expect(store.fail(id)).toBe(true);
      expect(store.getSnapshot()).toStrictEqual(before);
    }
  });

  it('rejects a resource whose metadata is not JSON objects or null, with a typed error', () => {
    // Act / Assert
    expect(() => createOptimisticMetadataStore({ publicMetadata: 'text' })).toThrow(
      expect.objectContaining({ code: 'invalid_field_type', path: ['publicMetadata'] }),
    );
    expect(() => createOptimisticMetadataStore(null as never)).toThrow(
      expect.objectContaining({ code: 'invalid_params', path: [], message: 'The server resource must be an object (invalid_params at [])' }),
    );
  });

  it('refuses an invalid operation with the error core\'s applyMetadataOperation gives for the store\'s options', () => {
    // Arrange: an organization store; the params name a user-only field first, then a malformed field
    const options = { fields: organizationMetadataFields };
    const store = createOptimisticMetadataStore({ publicMetadata: {} }, options);
    const operation = { kind: 'update', params: { unsafeMetadata: {}, publicMetadata: 'text' } } as const;

    // Act
    const expected = (() => {
      try {
        applyMetadataOperation(store.getSnapshot(), operation as never, options);
      } catch (error) {
        return error;
      }
    })();

    // Assert: unknown_field for the first field, not invalid_field_type for the second
    expect(expected).toMatchObject({ code: 'unknown_field', path: ['unsafeMetadata'] });
    expect(() => store.apply(operation as never)).toThrow(expect.objectContaining({ code: 'unknown_field', path: ['unsafeMetadata'] }));
  });
});

describe('apply', () => {
  it('shows the operation at once and normalises params as JSON would (Date to ISO string, undefined dropped)', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ plan: 'free', keep: true }));
    const listener = watch(store);

    // Act
    const id = store.apply({
      kind: 'update',
      params: { publicMetadata: { plan: 'pro', since: new Date(Date.UTC(2030, 0, 1)), skipped: undefined, keep: null } },
    });

    // Assert
    expect(typeof id).toBe('number');
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ plan: 'pro', since: '2030-01-01T00:00:00.000Z' });
    expect(listener.count()).toBe(1);
    expect(listener.seen[0]).toBe(store.getSnapshot());
  });

  it('replays replace and update in order', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1, b: { c: 2 } }));

    // Act
    store.apply({ kind: 'replace', params: { publicMetadata: { b: { d: 3 } } } });
    store.apply({ kind: 'update', params: { publicMetadata: { b: { e: 4 } }, unsafeMetadata: { seen: true } } });

    // Assert
    expect(store.getSnapshot()).toStrictEqual({
      publicMetadata: { b: { d: 3, e: 4 } },
      privateMetadata: {},
      unsafeMetadata: { seen: true },
    });
  });

  it.each([
    ['an unknown field', { kind: 'update', params: { secretMetadata: {} } }, 'unknown_field'],
    ['a field that is not an object', { kind: 'replace', params: { publicMetadata: 'x' } }, 'invalid_field_type'],
    ['an unknown kind', { kind: 'merge', params: {} }, 'invalid_params'],
    ['params that are not an object', { kind: 'update', params: undefined }, 'invalid_params'],
    ['a bigint', { kind: 'update', params: { publicMetadata: { n: 1n } } }, 'invalid_json_value'],
    ['a field over the size limit', { kind: 'update', params: { publicMetadata: { s: 'x'.repeat(9000) } } }, 'too_large'],
  ])('throws core MetadataError for %s and changes nothing', (_name, operation, code) => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }));
    const before = store.getSnapshot();
    const listener = watch(store);

    // Act / Assert
    expect(() => store.apply(operation as never)).toThrow(expect.objectContaining({ name: 'MetadataError', code }));
    expect(store.getSnapshot()).toBe(before);
    expect(listener.count()).toBe(0);
    // nothing was queued: the next id settles alone and the view is back to the answer
    const next = store.apply({ kind: 'update', params: { publicMetadata: { b: 2 } } });
    expect(store.settle(next, user({ a: 1, b: 2 }))).toBe(true);
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ a: 1, b: 2 });
  });

  it('validates against the view: a merge that only fits after a pending delete is accepted', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ big: 'x'.repeat(5000) }), { maxFieldBytes: 8192 });
    store.apply({ kind: 'update', params: { publicMetadata: { big: null } } });

    // Act
    store.apply({ kind: 'update', params: { publicMetadata: { other: 'y'.repeat(5000) } } });

    // Assert
    expect(Object.keys(store.getSnapshot().publicMetadata as object)).toStrictEqual(['other']);
  });

  it('does not mutate the operation or the resources, and works on frozen ones', () => {
    // Arrange
    const initial = deepFreeze(user({ a: { b: 1 } }));
    const operation = deepFreeze({ kind: 'update' as const, params: { publicMetadata: { a: { c: 2 } } } });
    const store = createOptimisticMetadataStore(initial);

    // Act
    const id = store.apply(operation);
    store.settle(id, deepFreeze(user({ a: { b: 1, c: 2 } }, 1)));

    // Assert
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ a: { b: 1, c: 2 } });
    expect(operation.params.publicMetadata).toStrictEqual({ a: { c: 2 } });
    expect(initial.publicMetadata).toStrictEqual({ a: { b: 1 } });
  });

  it('does not notify for an operation that changes nothing, and keeps the snapshot', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }));
    const before = store.getSnapshot();
    const listener = watch(store);

    // Act
    store.apply({ kind: 'update', params: { publicMetadata: { a: 1 } } });

    // Assert
    expect(store.getSnapshot()).toBe(before);
    expect(listener.count()).toBe(0);
  });
});

describe('receive', () => {
  it('a field missing from a later resource reads as {}, not as the field it had', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }));

    // Act
    store.receive({ privateMetadata: { p: 1 } });

    // Assert
    expect(store.getSnapshot()).toStrictEqual({ publicMetadata: {}, privateMetadata: { p: 1 }, unsafeMetadata: {} });
  });

  it('a resource with the same version is not older: it is adopted', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }, 5));

    // Act
    store.receive(user({ a: 2 }, 5));

    // Assert
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ a: 2 });
  });

  it('a resource whose updatedAt is null has no version: it is taken as the newest', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }, 10));

    // Act
    store.receive({ ...user({ a: 2 }), updatedAt: null });

    // Assert
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ a: 2 });
  });
});

describe('settle', () => {
  it('confirms the answer and keeps later pending operations on top of it', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ n: 0 }, 1));
    const first = store.apply({ kind: 'update', params: { publicMetadata: { a: 1 } } });
    store.apply({ kind: 'update', params: { publicMetadata: { b: 2 } } });

    // Act: the answer also carries a change made elsewhere (n: 9)
    const settled = store.settle(first, user({ n: 9, a: 1 }, 2));

    // Assert
    expect(settled).toBe(true);
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ n: 9, a: 1, b: 2 });
  });

  it('ignores a stale answer (older version) but removes its operation', () => {
    // Arrange: two operations; the server applied the second after the first
    const store = createOptimisticMetadataStore(user({ x: 0 }, 1));
    const first = store.apply({ kind: 'update', params: { publicMetadata: { x: 1 } } });
    const second = store.apply({ kind: 'update', params: { publicMetadata: { x: 2 } } });
    store.settle(second, user({ x: 2 }, 3));
    // the first is still pending, so it is shown on top of the confirmed state
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ x: 1 });

    // Act: the first answer (version 2) arrives last
    const settled = store.settle(first, user({ x: 1 }, 2));

    // Assert: the operation is gone and the newer confirmed state stays
    expect(settled).toBe(true);
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ x: 2 });
    expect(store.fail(first)).toBe(false);
  });

  it('orders answers by a Date updatedAt or a custom versionOf', () => {
    // Arrange
    const dated = createOptimisticMetadataStore({ publicMetadata: { x: 0 }, updatedAt: new Date(2000) });
    const custom = createOptimisticMetadataStore(
      { publicMetadata: { x: 0 }, etag: 5 },
      { versionOf: (resource) => (resource as { etag: number }).etag },
    );

    // Act: answers older than the initial state
    dated.settle(dated.apply({ kind: 'update', params: { publicMetadata: { x: 1 } } }), { publicMetadata: { x: 1 }, updatedAt: new Date(1000) });
    custom.settle(custom.apply({ kind: 'update', params: { publicMetadata: { x: 1 } } }), { publicMetadata: { x: 1 }, etag: 4 });

    // Assert
    expect(dated.getSnapshot().publicMetadata).toStrictEqual({ x: 0 });
    expect(custom.getSnapshot().publicMetadata).toStrictEqual({ x: 0 });
  });

  it('without versions, the answer that arrives last wins', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ x: 0 }));
    const first = store.apply({ kind: 'update', params: { publicMetadata: { x: 1 } } });
    const second = store.apply({ kind: 'update', params: { publicMetadata: { x: 2 } } });

    // Act
    store.settle(second, user({ x: 2 }));
    store.settle(first, user({ x: 1 }));

    // Assert
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ x: 1 });
  });

  it('keeps a pending operation visible when it no longer fits the size limit on the new confirmed state', () => {
    // Arrange: a pending merge that fitted when it was applied
    const store = createOptimisticMetadataStore(user({}, 1), { maxFieldBytes: 64 });
    const grow = store.apply({ kind: 'update', params: { publicMetadata: { mine: 'm'.repeat(30) } } });

    // Act: another client's change is confirmed; replaying the merge on it exceeds 64 bytes
    expect(() => store.receive(user({ theirs: 't'.repeat(30) }, 2))).not.toThrow();

    // Assert: still pending and shown; the server's answer decides
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ theirs: 't'.repeat(30), mine: 'm'.repeat(30) });
    expect(() => store.apply({ kind: 'update', params: { publicMetadata: { more: 1 } } })).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
    expect(store.fail(grow)).toBe(true);
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ theirs: 't'.repeat(30) });
  });

  it('accepts server state deeper than the depth limit it validates operations with', () => {
    // Arrange: 70 levels, past the default maxDepth of 64
    let deep: object = { leaf: true };
    for (let level = 0; level < 69; level++) deep = { next: deep };
    const store = createOptimisticMetadataStore(user({}, 1));
    const id = store.apply({ kind: 'update', params: { unsafeMetadata: { a: 1 } } });

    // Act
    const settled = store.settle(id, { ...user(deep, 2), unsafeMetadata: { a: 1 } });

    // Assert
    expect(settled).toBe(true);
    expect(store.getSnapshot().publicMetadata).toStrictEqual(deep);
    expect(() => store.apply({ kind: 'update', params: { publicMetadata: deep } })).toThrow(
      expect.objectContaining({ code: 'too_deep' }),
    );
  });

  it('returns false and changes nothing for an id that is not pending', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }));
    const id = store.apply({ kind: 'update', params: { publicMetadata: { b: 2 } } });
    store.settle(id, user({ a: 1, b: 2 }));
    // One operation stays pending: an unknown id is still not it.
    const pendingId = store.apply({ kind: 'update', params: { publicMetadata: { c: 3 } } });
    const before = store.getSnapshot();
    const listener = watch(store);

    // Act / Assert: settled already, never issued, not a number
    expect(store.settle(id, user({ stale: true }))).toBe(false);
    expect(store.settle(999, user({ stale: true }))).toBe(false);
    expect(store.fail(999)).toBe(false);
    expect(store.fail('1' as never)).toBe(false);
    expect(store.getSnapshot()).toBe(before);
    expect(listener.count()).toBe(0);
    expect(store.settle(pendingId, user({ a: 1, b: 2, c: 3 }))).toBe(true);
  });

  it('throws a typed error for a malformed answer and leaves the operation pending', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }));
    const id = store.apply({ kind: 'update', params: { publicMetadata: { b: 2 } } });
    const before = store.getSnapshot();

    // Act / Assert
    expect(() => store.settle(id, { publicMetadata: [1, 2] })).toThrow(
      expect.objectContaining({ code: 'invalid_field_type', path: ['publicMetadata'] }),
    );
    expect(() => store.settle(id, 'user' as never)).toThrow(expect.objectContaining({ code: 'invalid_params' }));
    expect(store.getSnapshot()).toBe(before);
    expect(store.settle(id, user({ a: 1, b: 2 }))).toBe(true);
  });

  it('reuses the references of unchanged fields and of an unchanged view', () => {
    // Arrange
    const store = createOptimisticMetadataStore({ publicMetadata: { a: { deep: 1 } }, unsafeMetadata: { u: 1 } });
    const id = store.apply({ kind: 'update', params: { unsafeMetadata: { u: 2 } } });
    const before = store.getSnapshot();
    const listener = watch(store);

    // Act: the server's answer is exactly the optimistic view, as a fresh object
    store.settle(id, JSON.parse(JSON.stringify(before)) as object);

    // Assert
    expect(store.getSnapshot()).toBe(before);
    expect(listener.count()).toBe(0);

    // Act: a change to one field only
    store.receive({ publicMetadata: { a: { deep: 1 } }, unsafeMetadata: { u: 3 } });

    // Assert
    expect(store.getSnapshot()).not.toBe(before);
    expect(store.getSnapshot().publicMetadata).toBe(before.publicMetadata);
    expect(store.getSnapshot().privateMetadata).toBe(before.privateMetadata);
    expect(listener.count()).toBe(1);
  });
});

describe('fail', () => {
  it('gives the view the store would have without the operation', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ a: 1 }));
    const first = store.apply({ kind: 'replace', params: { publicMetadata: { only: true } } });
    store.apply({ kind: 'update', params: { publicMetadata: { b: 2 } } });

    // Act
    const failed = store.fail(first);

    // Assert
    expect(failed).toBe(true);
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ a: 1, b: 2 });
  });
});

describe('subscribe', () => {
  it('calls each registration once per change, and not after it is removed', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({}));
    let calls = 0;
    const listener = (): void => {
      calls++;
    };
    const removeFirst = store.subscribe(listener);
    const removeSecond = store.subscribe(listener);

    // Act
    store.apply({ kind: 'update', params: { publicMetadata: { a: 1 } } });
    removeFirst();
    store.apply({ kind: 'update', params: { publicMetadata: { a: 2 } } });
    removeSecond();
    removeSecond();
    store.apply({ kind: 'update', params: { publicMetadata: { a: 3 } } });

    // Assert
    expect(calls).toBe(3);
  });

  it('works with detached methods, as useSyncExternalStore calls them', () => {
    // Arrange
    const { subscribe, getSnapshot, apply } = createOptimisticMetadataStore(user({}));
    let seen: unknown;
    subscribe(() => {
      seen = getSnapshot();
    });

    // Act
    apply({ kind: 'update', params: { unsafeMetadata: { a: 1 } } });

    // Assert
    expect(seen).toStrictEqual({ publicMetadata: {}, privateMetadata: {}, unsafeMetadata: { a: 1 } });
  });
});

describe.each(validatorNames)('createOptimisticMetadataStore with a %s schema', (validator) => {
  // role is one of two strings and required; step an integer
  const schemas = {
    publicMetadata: buildSchema(validator, {
      type: 'object',
      properties: { role: { type: 'string', enum: ['admin', 'member'] }, step: { type: 'integer' } },
      required: ['role'],
    }),
  };

  it('shows an operation whose result satisfies the schema, though its patch alone would not', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ role: 'member' }), { schemas });

    // Act
    store.apply({ kind: 'update', params: { publicMetadata: { step: 2 } } });

    // Assert
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ role: 'member', step: 2 });
  });

  it('refuses an operation whose result does not satisfy the schema: it throws schema_mismatch, shows and queues nothing', () => {
    // Arrange
    const store = createOptimisticMetadataStore(user({ role: 'member' }, 1), { schemas });
    const watcher = watch(store);
    const before = store.getSnapshot();

    // Act
    let thrown: unknown;
    try {
      store.apply({ kind: 'update', params: { publicMetadata: { role: null } } });
    } catch (error) {
      thrown = error;
    }

    // Assert: the same error core gives, nothing shown, nothing pending (settling id 1 finds nothing)
    expect(thrown).toBeInstanceOf(MetadataError);
    expect([(thrown as MetadataError).code, (thrown as MetadataError).path]).toStrictEqual(['schema_mismatch', ['publicMetadata', 'role']]);
    expect(store.getSnapshot()).toBe(before);
    expect(watcher.count()).toBe(0);
    expect(store.settle(1, user({ role: 'admin' }, 2))).toBe(false);
  });

  it('never refuses a server state, nor a replay on one: the server decides', () => {
    // Arrange: the server holds a value the schema refuses; a pending operation is valid on the view
    const store = createOptimisticMetadataStore(user({ role: 'owner' }, 1), { schemas });
    const id = store.apply({ kind: 'replace', params: { publicMetadata: { role: 'admin' } } });
    const step = store.apply({ kind: 'update', params: { publicMetadata: { step: 1 } } });

    // Act: a refetch brings a state on which the pending update alone would be refused
    store.receive(user({ role: 'guest' }, 2));
    const settled = store.settle(id, user({ role: 'owner' }, 3));

    // Assert: both adopted, the replay shown, no error
    expect(settled).toBe(true);
    expect(store.getSnapshot().publicMetadata).toStrictEqual({ role: 'owner', step: 1 });
    expect(store.fail(step)).toBe(true);
  });
});

