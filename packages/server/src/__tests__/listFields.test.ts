import { describe, expect, it } from 'vitest';
import { listFields, type ListFieldTable, type MetadataStore, type ResourceField, type ResourceOrder, type StoredResource } from '../index.js';
import { memoryStoreOf } from '../store/memory/memoryStore.js';
import { watchedExclusivePostgresStore } from '../store/postgres/exclusivePostgresStore.js';
import { postgresStoreOf } from '../store/postgres/postgresStore.js';
import { pgliteForTestFile } from './support/testStores.js';

// The field table is the one place a list field is declared: a field added to it (here in a fixture, a user's
// `nickname` attribute) filters and sorts on every store, with nothing else to change.

const fields = {
  ...listFields,
  nickname: { user: { source: { in: 'attribute', path: ['nickname'] }, orderBy: 'nickname', filter: { param: 'nickname' } } },
} as const satisfies ListFieldTable;
const nickname = 'nickname' as ResourceField;
const byNickname = (descending: boolean): ResourceOrder => ({ field: 'nickname' as ResourceOrder['field'], descending });

const db = pgliteForTestFile();
let tables = 0;
const stores: { name: string; make: () => MetadataStore }[] = [
  { name: 'memoryStore', make: () => memoryStoreOf(fields) },
  { name: 'postgresStore (PGlite)', make: () => postgresStoreOf(db(), { table: `fixture_field_${++tables}` }, fields) },
  { name: 'exclusivePostgresStore (PGlite)', make: () => watchedExclusivePostgresStore(db(), { table: `fixture_field_${++tables}` }, {}, fields) },
];

function user(key: string, createdAt: number, name?: unknown): StoredResource {
  return { kind: 'user', key, attributes: name === undefined ? {} : { nickname: name as string }, metadata: {}, createdAt, updatedAt: createdAt, version: 1 };
}

// Code point order: 'Charlie' < 'alpha' < 'delta'; null is no string, so no value, as a missing one.
const users = [user('user_d', 1, 'delta'), user('user_a', 2, 'alpha'), user('user_c', 3, 'Charlie'), user('user_none', 4), user('user_null', 5, null)];

const keysOf = (resources: readonly StoredResource[]): string[] => resources.map((resource) => resource.key);

describe.each(stores)('a list field added to the field table ($name)', ({ make }) => {
  it('filters by it: anyOf, noneOf and contains (ASCII case ignored), in lists and counts', async () => {
    // Arrange
    const store = make();
    for (const resource of users) await store.insert(resource);
    const page = { limit: 10, offset: 0, orderBy: { field: 'created_at', descending: false } } as const;

    // Act
    const anyOf = await store.list({ kind: 'user', where: [{ field: nickname, anyOf: ['alpha', 'delta', 'zulu'] }], ...page });
    const noneOf = await store.list({ kind: 'user', where: [{ field: nickname, noneOf: ['alpha'] }], ...page });
    const contains = await store.list({ kind: 'user', where: [{ fields: [nickname], contains: 'LIE' }], ...page });
    const counted = await store.count({ kind: 'user', where: [{ field: nickname, anyOf: ['charlie', 'Charlie'] }] });

    // Assert
    expect(keysOf(anyOf)).toEqual(['user_d', 'user_a']);
    expect(keysOf(noneOf)).toEqual(['user_d', 'user_c', 'user_none', 'user_null']);
    expect(keysOf(contains)).toEqual(['user_c']);
    expect(counted).toBe(1);
  });

  it('sorts by it, by code point, a resource without a value after every value (first when descending)', async () => {
    // Arrange
    const store = make();
    for (const resource of users) await store.insert(resource);

    // Act
    const ascending = await store.list({ kind: 'user', orderBy: byNickname(false), limit: 10, offset: 0 });
    const descending = await store.list({ kind: 'user', orderBy: byNickname(true), limit: 10, offset: 0 });
    const secondPage = await store.list({ kind: 'user', orderBy: byNickname(false), limit: 2, offset: 2 });

    // Assert: ties (no value) by key, in the same direction
    expect(keysOf(ascending)).toEqual(['user_c', 'user_a', 'user_d', 'user_none', 'user_null']);
    expect(keysOf(descending)).toEqual(['user_null', 'user_none', 'user_d', 'user_a', 'user_c']);
    expect(keysOf(secondPage)).toEqual(['user_d', 'user_none']);
  });

  it('keeps filtering and sorting by it after a change of its value', async () => {
    // Arrange
    const store = make();
    for (const resource of users) await store.insert(resource);
    await store.list({ kind: 'user', where: [{ field: nickname, anyOf: ['alpha'] }], limit: 10, offset: 0 });

    // Act
    await store.changeAttributes('user', 'user_a', (current) => ({ attributes: { ...current.attributes, nickname: 'echo' }, createdAt: current.createdAt }), 9);
    const found = await store.list({ kind: 'user', where: [{ field: nickname, anyOf: ['alpha', 'echo'] }], limit: 10, offset: 0 });
    const ascending = await store.list({ kind: 'user', orderBy: byNickname(false), limit: 3, offset: 0 });

    // Assert
    expect(keysOf(found)).toEqual(['user_a']);
    expect(keysOf(ascending)).toEqual(['user_c', 'user_d', 'user_a']);
  });
});

describe('postgresStore over a table with an added field', () => {
  it('indexes its order, as it indexes every attribute a list sorts by', async () => {
    // Arrange
    const table = `fixture_field_${++tables}`;
    const store = postgresStoreOf(db(), { table }, fields);

    // Act
    await store.migrate();
    const { rows } = await db().query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1', [table]);

    // Assert
    expect(rows.map((row) => row.indexname)).toContain(`${table}_user_nickname`);
  });
});
