import { beforeAll, describe, expect, it } from 'vitest';
import {
  exclusivePostgresStore,
  listFields,
  postgresStore,
  type ListFieldTable,
  type ResourceCondition,
  type ResourceField,
  type ResourceKind,
  type ResourceOrder,
  type StoredResource,
} from '../index.js';
import { pgliteForTestFile } from './support/testStores.js';

// docs/server.md promises that postgresStore reads a page of a list in any order the lists offer from an
// index, so that a page costs the same at 100 rows or 100,000, except in updated_at order (an index there
// would be changed by every write) and members_count order (a count per organization). The plan shows it:
// with sorting priced out (enable_sort off), a plan that still sorts has no index to read the order from.
const db = pgliteForTestFile();

/** The orders each list offers (routes/users.ts, organizations.ts, memberships.ts), but for the two above. */
const ordersOf: Record<ResourceKind, readonly ResourceOrder['field'][]> = {
  user: ['created_at', 'email_address', 'web3_wallet', 'first_name', 'last_name', 'phone_number', 'username', 'last_active_at', 'last_sign_in_at'],
  organization: ['name', 'created_at'],
  organization_membership: ['created_at', 'first_name', 'last_name', 'username'],
};

function resource(kind: ResourceKind, key: string, attributes: StoredResource['attributes'], createdAt: number): StoredResource {
  return { kind, key, attributes, metadata: {}, createdAt, updatedAt: createdAt, version: 1 };
}

/** postgresStore over the file's PGlite, with every statement it sends recorded. */
function recordingStore(table: string) {
  const statements: { text: string; params: unknown[] }[] = [];
  const store = postgresStore(
    {
      query: (text: string, params?: unknown[]) => {
        statements.push({ text, params: params ?? [] });
        return db().query(text, params);
      },
    },
    { table },
  );
  return { store, statements };
}

async function planOf(statement: { text: string; params: unknown[] }): Promise<string> {
  await db().query('SET enable_sort = off');
  try {
    const { rows } = await db().query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.text}`, statement.params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await db().query('RESET enable_sort');
  }
}

describe('postgresStore reads a page of a list from an index, in every order but updated_at and members_count', () => {
  it.each(Object.entries(ordersOf).flatMap(([kind, fields]) => fields.flatMap((field) => [false, true].map((descending) => [kind as ResourceKind, field, descending] as const))))(
    '%s by %s, descending: %s',
    async (kind, field, descending) => {
      // Arrange: a few resources of each kind, with values in every attribute an order reads
      const { store, statements } = recordingStore(`plans_${kind}_${field}_${descending ? 'desc' : 'asc'}`);
      for (let n = 0; n < 5; n++) {
        await store.insert(
          resource('user', `user_${n}`, {
            first_name: `F${n}`,
            last_name: `L${n}`,
            username: `u${n}`,
            email_addresses: [{ email_address: `${n}@example.com` }],
            phone_numbers: [{ phone_number: `+1555000${n}` }],
            web3_wallets: [{ web3_wallet: `0x${n}` }],
            last_active_at: n,
            last_sign_in_at: n,
          }, n),
        );
        await store.insert(resource('organization', `org_${n}`, { name: `O${n}` }, n));
        await store.insert(resource('organization_membership', `org_${n}/user_${n}`, { public_user_data: { first_name: `F${n}`, last_name: `L${n}`, username: `u${n}` } }, n));
      }
      statements.length = 0;

      // Act: a page, and the plan of the statement that read it
      const page = await store.list({ kind, orderBy: { field, descending }, limit: 2, offset: 1 });
      const select = statements.find((statement) => statement.text.trimStart().startsWith('SELECT') && statement.text.includes(' ORDER BY '));
      const plan = await planOf(select!);

      // Assert: the page is right, and nothing was sorted
      expect(page).toHaveLength(2);
      expect(plan).not.toMatch(/\bSort\b/);
      expect(plan).toMatch(/Index Scan/);
    },
  );
});

it('a table name near PostgreSQL\'s 63 bytes still gets every index (a name cut short would collide with another and be skipped)', async () => {
  // Arrange: names of 60 characters, where `<table>_user_first_name` and `<table>_user_last_name` cut to one name
  const long = 'l'.repeat(59);
  const short = 'plans_short';
  const indexCount = async (table: string) => {
    await postgresStore(db(), { table }).migrate();
    const { rows } = await db().query<{ count: number }>('SELECT count(*)::int AS count FROM pg_indexes WHERE tablename = $1', [table]);
    return rows[0]!.count;
  };

  // Act + Assert: as many indexes as under a short name
  expect(await indexCount(`${long}x`)).toBe(await indexCount(short));
});

it('a metadata write is a heap-only update: the pages keep room for the next version, and it changes no indexed column', async () => {
  // Arrange: enough users to fill pages, each with attributes every order index reads
  const table = 'plans_hot';
  const { store } = recordingStore(table);
  for (let n = 0; n < 300; n++) {
    await store.insert(resource('user', `user_${n}`, { first_name: `F${n}`, last_name: `L${n}`, username: `u${n}`, email_addresses: [{ email_address: `${n}@example.com` }] }, n));
  }

  // Act: one metadata change per user
  for (let n = 0; n < 300; n++) await store.changeMetadata('user', `user_${n}`, (metadata) => ({ ...metadata, public_metadata: { n } }), 1000 + n);

  // Assert: every update was heap-only
  await db().query('SELECT pg_stat_force_next_flush()');
  const { rows } = await db().query<{ updates: number; heapOnly: number }>(
    'SELECT n_tup_upd::int AS "updates", n_tup_hot_upd::int AS "heapOnly" FROM pg_stat_user_tables WHERE relname = $1',
    [table],
  );
  expect(rows[0]).toEqual({ updates: 300, heapOnly: 300 });
});

it('lists of a table another store filled are planned with statistics of its columns (creating the indexes counts its pages, not its values)', async () => {
  // Arrange: exclusivePostgresStore's table, filled before postgresStore first opens it
  const table = 'plans_filled_elsewhere';
  await exclusivePostgresStore(db(), { table }).get('user', 'user_0');
  await db().query(
    `INSERT INTO ${table} SELECT 'user', 'user_' || g, json_build_object('first_name', 'F' || g)::text, '{}', g, g, 1 FROM generate_series(1, 3000) g`,
  );
  const described = async () =>
    (await db().query<{ count: number }>('SELECT count(*)::int AS count FROM pg_stats WHERE tablename = $1', [table])).rows[0]!.count;
  expect(await described()).toBe(0);

  // Act: the first list, which migrates (creating the order indexes) and checks the statistics
  const { store } = recordingStore(table);
  await store.list({ kind: 'user', limit: 10, offset: 1500 });

  // Assert
  expect(await described()).toBeGreaterThan(0);
});

// docs/server.md promises that a filter and a text query of three letters or more read their index first, so that a
// first page costs the same at 3,000 rows or a million. Under `LIMIT 10` the planner may instead walk the creation
// index and test each row, expecting ten matches early: for a rare value that reads every row of the kind (the
// LIMIT trap). Every filter the field table offers, and the text queries, on a table where that walk looks cheap.
describe('postgresStore reads the rows of a filter or a text query from its index first, even under LIMIT 10', () => {
  const trigramDb = pgliteForTestFile({ trigrams: true });
  const table = 'plans_filters';
  const rows = 3000;
  /** Each filter of the field table, with a value one row holds and the index (by name's end) that must be read. */
  const filters = Object.entries(listFields).flatMap(([field, kinds]) =>
    Object.entries(kinds as ListFieldTable[string]).flatMap(([kind, onKind]) => {
      if (onKind?.filter === undefined) return [];
      const source = onKind.source;
      const index = source.in === 'key' ? '_pkey' : source.in === 'keyPart' ? `_by_${source.part === 'user' ? 'user' : 'org'}` : '_filter';
      return [{ kind: kind as ResourceKind, field: field as ResourceField, index }];
    }),
  );
  const valueOf: Record<string, string> = {
    'user id': 'user_1234', 'user email_address': '1234@example.com', 'user web3_wallet': '0x1234', 'user phone_number': '+15551234',
    'user username': 'u1234', 'user external_id': 'e1234', 'organization id': 'org_123', 'organization_membership user_id': 'user_1234',
    'organization_membership role': 'org:admin',
  };

  async function planOfFirstPage(where: ResourceCondition[], kind: ResourceKind): Promise<string> {
    const statements: { text: string; params: unknown[] }[] = [];
    const store = postgresStore({ query: (text: string, params?: unknown[]) => (statements.push({ text, params: params ?? [] }), trigramDb().query(text, params)) }, { table });
    const page = await store.list({ kind, where, limit: 10, offset: 0 });
    expect(page.length).toBeGreaterThan(0);
    const select = statements.find((statement) => statement.text.includes(' ORDER BY '))!;
    const { rows: plan } = await trigramDb().query<{ 'QUERY PLAN': string }>(`EXPLAIN ${select.text}`, select.params);
    return plan.map((row) => row['QUERY PLAN']).join('\n');
  }

  beforeAll(async () => {
    await postgresStore(trigramDb(), { table }).migrate();
    const user = `json_build_object('first_name', 'F' || g, 'last_name', 'L' || g, 'username', 'u' || g, 'external_id', 'e' || g,
      'email_addresses', json_build_array(json_build_object('email_address', g || '@example.com')),
      'phone_numbers', json_build_array(json_build_object('phone_number', '+1555' || g)), 'web3_wallets', json_build_array(json_build_object('web3_wallet', '0x' || g)))`;
    await trigramDb().query(`INSERT INTO ${table} SELECT 'user', 'user_' || g, ${user}::text, '{}', g, g, 1 FROM generate_series(1, ${rows}) g`);
    await trigramDb().query(`INSERT INTO ${table} SELECT 'organization', 'org_' || g, json_build_object('name', 'O' || g, 'slug', 's' || g)::text, '{}', g, g, 1 FROM generate_series(1, ${rows / 10}) g`);
    await trigramDb().query(
      `INSERT INTO ${table} SELECT 'organization_membership', 'org_' || (g % ${rows / 10}) || '/user_' || g,
         json_build_object('role', CASE WHEN g = 1234 THEN 'org:admin' ELSE 'org:member' END)::text, '{}', g, g, 1 FROM generate_series(1, ${rows}) g`,
    );
  });

  it.each(filters.map(({ kind, field, index }) => [kind, field, index] as const))('%s filtered by %s reads %s first', async (kind, field, index) => {
    // Act
    const plan = await planOfFirstPage([{ field, anyOf: [valueOf[`${kind} ${field}`]!] }], kind);

    // Assert: the filter's index is read, the creation index is not walked
    expect(plan).toMatch(new RegExp(`(Index Scan using|Bitmap Index Scan on) ${table}\\S*${index}\\b`));
    expect(plan).not.toMatch(/by_creation/);
  });

  it.each([
    ['user', ['id', 'email_address', 'phone_number', 'username', 'first_name', 'last_name', 'web3_wallet'], 'u1234'],
    ['user', ['email_address'], '1234@EXAMPLE'],
    ['organization', ['id', 'name', 'slug'], 'O123'],
  ] as const)('a %s text query over %j for %j reads the trigram index first', async (kind, fields, contains) => {
    // Act
    const plan = await planOfFirstPage([{ fields, contains }], kind);

    // Assert
    expect(plan).toMatch(new RegExp(`Bitmap Index Scan on ${table}\\S*_trgm\\b`));
    expect(plan).not.toMatch(/by_creation/);
  });

  // docs/server.md: the index is read for the parts of the string whose trigrams few rows hold (by a sample of the
  // kind's rows): a trigram every row holds (`use`, `ser` of every `user_…` id) would read a list as long as the table.
  it('a text query leaves out of the index scan the trigrams (nearly) every row holds, and finds the same rows', async () => {
    // Arrange
    const statements: { text: string; params: unknown[] }[] = [];
    const store = postgresStore({ query: (text: string, params?: unknown[]) => (statements.push({ text, params: params ?? [] }), trigramDb().query(text, params)) }, { table });

    // Act
    const found = await store.list({ kind: 'user', where: [{ fields: ['id', 'username'], contains: 'USER_1234' }], limit: 10, offset: 0 });

    // Assert: the LIKE patterns read hold `1234`, not `user`; the row is found all the same
    const select = statements.find((statement) => statement.text.includes(' ORDER BY '))!;
    const patterns = select.params.filter((param): param is string => typeof param === 'string' && param.startsWith('%'));
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.every((pattern) => !pattern.includes('use') && !pattern.includes('ser'))).toBe(true);
    expect(patterns.some((pattern) => pattern.includes('234'))).toBe(true);
    expect(found.map((each) => each.key)).toEqual(['user_1234']);
  });

  // docs/server.md: the sample is of about 2,000 rows of the kind, all of them when it holds few: sized by the kind's
  // count, not the table's (6,300 rows here, whose share of pages would hold ~950 users, clustered, and noisy shares).
  it('samples the trigram shares from every row of a kind of 3,000 rows, though the table holds 6,300', async () => {
    // Arrange
    const statements: string[] = [];
    const store = postgresStore({ query: (text: string, params?: unknown[]) => (statements.push(text), trigramDb().query(text, params)) }, { table });

    // Act
    await store.list({ kind: 'user', where: [{ fields: ['id', 'username'], contains: 'user_1234' }], limit: 10, offset: 0 });

    // Assert
    const sample = statements.filter((text) => text.includes('AS searched FROM'));
    expect(sample).toHaveLength(1);
    expect(sample[0]).not.toMatch(/TABLESAMPLE/);
  });

  // docs/server.md: the planner estimates a text query's matches from statistics of the searched values. Without
  // them (the trigram index is partial, and PostgreSQL reads no statistics of a partial index's expression) it guesses
  // 4 % of the rows for three characters, and on PostgreSQL a plan it believes that costly is compiled by the JIT.
  it('a text query for a string no row holds is estimated to find few rows, from statistics of the searched values', async () => {
    // Arrange
    const statements: { text: string; params: unknown[] }[] = [];
    const store = postgresStore({ query: (text: string, params?: unknown[]) => (statements.push({ text, params: params ?? [] }), trigramDb().query(text, params)) }, { table });
    await store.list({ kind: 'user', where: [{ fields: ['username', 'email_address'], contains: 'zzz' }], limit: 10, offset: 0 });
    const select = statements.find((statement) => statement.text.includes(' ORDER BY '))!;

    // Act
    const { rows: plan } = await trigramDb().query<{ 'QUERY PLAN': string }>(`EXPLAIN ${select.text}`, select.params);

    // Assert: the index scan's estimate, under 1 % of the users
    const scan = plan.map((row) => row['QUERY PLAN']).find((line) => /Bitmap Index Scan on \S*_trgm/.test(line))!;
    expect(Number(/rows=(\d+)/.exec(scan)![1])).toBeLessThan(rows / 100);
  });

  // docs/server.md: `listIndexes: false` leaves out the filter and trigram indexes and the count table (their write
  // cost), and the lists then test the rows: the same answers.
  it('listIndexes: false creates none of the filter, trigram and count indexes the default creates, and lists and counts answer the same', async () => {
    // Arrange: the filled table above (the default), and a copy of its rows under a store without list indexes
    const bare = 'plans_bare';
    const without = postgresStore(trigramDb(), { table: bare, listIndexes: false });
    await without.migrate();
    await trigramDb().query(`INSERT INTO ${bare} SELECT * FROM ${table}`);
    const schemaOf = async (name: string) => {
      const { rows } = await trigramDb().query<{ name: string }>(
        `SELECT substr(indexname, length($1) + 1) AS name FROM pg_indexes WHERE tablename = $1
         UNION ALL SELECT 'trigger' || substr(tgname, length($1) + 1) FROM pg_trigger WHERE tgrelid = $1::regclass
         UNION ALL SELECT 'table' || substr(tablename, length($1) + 1) FROM pg_tables WHERE tablename LIKE $1 || '\_%'`,
        [name],
      );
      return rows.map((row) => row.name).sort();
    };

    // Act
    const [indexed, bareSchema] = [await schemaOf(table), await schemaOf(bare)];

    // Assert: the default's filter and trigram indexes, count table and triggers are missing, nothing else
    const listOnly = indexed.filter((name) => /_filter$|_trgm$|^trigger_counted|^table_counts$/.test(name));
    expect(listOnly.filter((name) => name.endsWith('_filter')).length).toBe(filters.filter((each) => each.index === '_filter').length);
    expect(listOnly.some((name) => name.endsWith('_trgm'))).toBe(true);
    expect(listOnly).toEqual(expect.arrayContaining(['table_counts', 'trigger_counted_inserts']));
    expect(bareSchema).toEqual(indexed.filter((name) => !listOnly.includes(name)));
    const withIndexes = postgresStore(trigramDb(), { table });
    for (const [kind, where] of [
      ['user', [{ field: 'email_address', anyOf: ['1234@example.com'] }]],
      ['user', [{ fields: ['username', 'email_address'], contains: 'u123' }]],
      ['organization', []],
    ] as const) {
      const query = { kind, where: where as readonly ResourceCondition[] };
      expect(await without.list({ ...query, limit: 20, offset: 0 })).toEqual(await withIndexes.list({ ...query, limit: 20, offset: 0 }));
      expect(await without.count(query)).toBe(await withIndexes.count(query));
    }
  });
});

describe('postgresStore counts a whole kind from its count table, kept exact by triggers', () => {
  const exact = async (table: string, kind: ResourceKind) =>
    (await db().query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table} WHERE kind = $1`, [kind])).rows[0]!.count;

  it('reads no row of the kind', async () => {
    // Arrange
    const { store, statements } = recordingStore('plans_counted');
    await store.insert(resource('user', 'user_1', {}, 1));
    statements.length = 0;

    // Act
    expect(await store.count({ kind: 'user' })).toBe(1);
    const [statement] = statements.filter((each) => each.text.includes('count'));
    const { rows } = await db().query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement!.text}`, statement!.params);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');

    // Assert: the count table's few rows, never the resources
    expect(plan).toMatch(/plans_counted_counts/);
    expect(plan).not.toMatch(/on plans_counted\b|using plans_counted_(?!counts)/);
  });

  it('equals a count of the rows: a table filled before, inserts and deletions (memberships with their owner) by two stores and by SQL, truncation', async () => {
    // Arrange: a table exclusivePostgresStore filled before postgresStore first opened it
    const table = 'plans_counted_exact';
    const early = exclusivePostgresStore(db(), { table });
    for (let n = 0; n < 20; n++) await early.insert(resource('user', `user_${n}`, {}, n));
    const [first, second] = [postgresStore(db(), { table }), postgresStore(db(), { table })];
    const counts = async () => Promise.all((['user', 'organization', 'organization_membership'] as const).map((kind) => first.count({ kind })));
    const exactCounts = async () => Promise.all((['user', 'organization', 'organization_membership'] as const).map((kind) => exact(table, kind)));
    expect(await counts()).toEqual([20, 0, 0]);

    // Act + Assert, step by step
    await Promise.all([
      ...Array.from({ length: 10 }, (_, n) => first.insert(resource('organization', `org_${n}`, {}, n))),
      ...Array.from({ length: 10 }, (_, n) => second.insert(resource('organization_membership', `org_${n}/user_${n}`, {}, n))),
      first.insert(resource('user', 'user_0', {}, 0)), // taken: not counted
    ]);
    expect(await counts()).toEqual(await exactCounts());
    await second.delete('organization', 'org_1'); // with its membership
    await first.delete('user', 'user_2');
    await db().query(`DELETE FROM ${table} WHERE kind = 'user' AND key LIKE 'user_1%'`);
    await db().query(`INSERT INTO ${table} SELECT 'user', 'sql_' || g, '{}', '{}', g, g, 1 FROM generate_series(1, 5) g`);
    expect(await counts()).toEqual(await exactCounts());
    await db().query(`TRUNCATE ${table}`);
    expect(await counts()).toEqual([0, 0, 0]);
  });
});
