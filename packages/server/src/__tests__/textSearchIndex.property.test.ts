import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { listFields, postgresStore, type ResourceCondition, type ResourceField, type StoredResource } from '../index.js';
import { fieldValues } from '../store/fieldValues.js';
import { compareCodePoints, conditionTest } from '../store/memory/listQueries.js';
import { ResourceIndex } from '../store/memory/resourceIndex.js';
import { pgliteForTestFile } from './support/testStores.js';

// The memory structures answer a text query (`query=`, `name_query=`, …) from a trigram index: the users found
// must be exactly those a test of every user finds (the scan every store ran before), for strings of every length
// (one and two units narrow nothing), in any ASCII case, with accents, astral characters, letters whose Unicode
// lower case differs (İ, the Kelvin sign) and halves of surrogate pairs, through inserts, changes and deletions
// the index must follow. postgresStore over PGlite with pg_trgm, reading its trigram indexes, likewise.
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 150);
const unit = fc.constantFrom('a', 'A', 'b', 'B', 'c', 'é', 'É', 'ß', 'İ', '\u212a', 'k', '😀', '-', '"', '.', '@');
const value = fc.string({ unit, minLength: 0, maxLength: 7 });
const searched: readonly ResourceField[] = ['id', 'first_name', 'last_name', 'username', 'email_address', 'phone_number', 'web3_wallet'];

const attributesArbitrary = fc.record({
  first_name: fc.option(value),
  last_name: fc.option(value),
  username: fc.option(value),
  external_id: fc.option(value),
  email_addresses: fc.array(value.map((email_address) => ({ email_address })), { maxLength: 2 }),
  phone_numbers: fc.array(value.map((phone_number) => ({ phone_number })), { maxLength: 1 }),
  web3_wallets: fc.array(value.map((web3_wallet) => ({ web3_wallet })), { maxLength: 1 }),
});

const user = (id: string, attributes: StoredResource['attributes'], createdAt: number): StoredResource => ({
  kind: 'user',
  key: id,
  attributes,
  metadata: { public_metadata: {} },
  createdAt,
  updatedAt: createdAt,
  version: 1,
});

/** A string to search for: a random one, or a part of a stored value (cut by UTF-16 unit) in some case. */
const needleArbitrary = (stored: readonly string[]): fc.Arbitrary<string> => {
  const random = fc.string({ unit: fc.oneof(unit, fc.constant('\ud83d')), minLength: 1, maxLength: 5 });
  if (stored.length === 0) return random;
  const part = fc
    .constantFrom(...stored)
    .chain((text) => fc.tuple(fc.nat(text.length), fc.integer({ min: 1, max: 6 })).map(([start, length]) => text.slice(start, start + length)))
    .chain((text) => fc.constantFrom(text, text.toUpperCase(), text.toLowerCase()));
  return fc.oneof(random, part);
};

const conditionArbitrary = (stored: readonly string[]): fc.Arbitrary<ResourceCondition> =>
  fc.record({
    // Now and then a field no text query searches (external_id): the index does not hold it, the scan answers.
    fields: fc.uniqueArray(fc.constantFrom(...searched, ...(['external_id'] as const)), { minLength: 1, maxLength: 4 }),
    contains: needleArbitrary(stored),
  });

type Step =
  | { readonly op: 'search'; readonly where: readonly ResourceCondition[] }
  | { readonly op: 'put'; readonly user: number; readonly attributes: StoredResource['attributes'] }
  | { readonly op: 'touch' | 'remove'; readonly user: number };

const scenarioArbitrary = fc.array(attributesArbitrary, { minLength: 1, maxLength: 30 }).chain((attributes) => {
  const users = attributes.map((each, index) => user(`user_${index}${'aB'[index % 2]}`, each, 1 + (index % 5)));
  // Parts of the values searched, the keys among them (ASCII runs, which the trigram indexes narrow by).
  const stored = users.flatMap((each) => [...searched, 'external_id' as const].flatMap((field) => fieldValues(each, field, listFields))).filter((text) => text.length > 0);
  const step: fc.Arbitrary<Step> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('search' as const), where: fc.array(conditionArbitrary(stored), { minLength: 1, maxLength: 2 }) }), weight: 4 },
    fc.record({ op: fc.constant('put' as const), user: fc.nat(users.length + 3), attributes: attributesArbitrary }),
    fc.record({ op: fc.constantFrom('touch' as const, 'remove' as const), user: fc.nat(users.length - 1) }),
  );
  return fc.tuple(fc.constant(users), fc.array(step, { minLength: 1, maxLength: 12 }));
});

/** The keys of users that meet every condition, testing each user: the scan. */
function scanned(users: Iterable<StoredResource>, where: readonly ResourceCondition[]): string[] {
  const tests = where.map((condition) => conditionTest(condition, listFields));
  return [...users].filter((each) => tests.every((test) => test(each))).map((each) => each.key).sort(compareCodePoints);
}

describe('text queries by trigram index in the memory structures', () => {
  it.prop([scenarioArbitrary, fc.constantFrom('object' as const, 'text' as const)], { numRuns })(
    'find exactly the users a scan finds, through inserts, changes and deletions',
    ([users, steps], form) => {
      // Arrange: an index of the users (as a store opens), and the users as a scan sees them
      const index = new ResourceIndex(form);
      index.putAll(users);
      const current = new Map(users.map((each) => [each.key, each]));

      for (const step of steps) {
        if (step.op === 'search') {
          // Act
          const query = { kind: 'user' as const, where: step.where };
          const page = index.list({ ...query, limit: 1000, offset: 0 }).map((each) => each.key).sort(compareCodePoints);

          // Assert
          const expected = scanned(current.values(), step.where);
          expect(page).toEqual(expected);
          expect(index.count(query)).toBe(expected.length);
          continue;
        }
        const key = step.user < users.length ? users[step.user]!.key : `user_new${step.user}`;
        const previous = current.get(key);
        if (step.op === 'remove') {
          index.remove('user', key);
          current.delete(key);
        } else if (step.op === 'touch' && previous !== undefined) {
          // A metadata change keeps the attributes (the same object): the index is not touched.
          const touched = { ...previous, metadata: { public_metadata: { touched: true } }, version: previous.version + 1 };
          index.put(touched);
          current.set(key, touched);
        } else if (step.op === 'put') {
          const next = user(key, step.attributes, previous?.createdAt ?? 9);
          index.put(next);
          current.set(key, next);
        }
      }
    },
  );
});

const db = pgliteForTestFile({ trigrams: true });
let tables = 0;

describe('text queries by trigram index in postgresStore (pg_trgm)', () => {
  it.prop([scenarioArbitrary], { numRuns: Math.ceil(numRuns / 5) })('find exactly the users a scan finds, through inserts, changes and deletions', async ([users, steps]) => {
    // Arrange: a table of the users (its trigram indexes created with it), and the users as a scan sees them
    const store = postgresStore(db(), { table: `searched_${++tables}` });
    for (const each of users) await store.insert(each);
    const current = new Map(users.map((each) => [each.key, each]));

    for (const step of steps) {
      if (step.op === 'search') {
        // Act
        const query = { kind: 'user' as const, where: step.where };
        const page = (await store.list({ ...query, limit: 1000, offset: 0 })).map((each) => each.key).sort(compareCodePoints);

        // Assert
        const expected = scanned(current.values(), step.where);
        expect(page).toEqual(expected);
        expect(await store.count(query)).toBe(expected.length);
        continue;
      }
      const key = step.user < users.length ? users[step.user]!.key : `user_new${step.user}`;
      if (step.op === 'remove') {
        await store.delete('user', key);
        current.delete(key);
      } else if (step.op === 'put') {
        const attributes = step.attributes;
        const changed = await store.changeAttributes('user', key, (resource) => ({ attributes, createdAt: resource.createdAt }), 50);
        if (changed === undefined) await store.insert(user(key, attributes, 9));
        current.set(key, changed ?? user(key, attributes, 9));
      }
    }
  });
});
