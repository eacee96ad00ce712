import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { MetadataError, createMergePatch, formatMetadataPath, parseJsonExactly, replaceMetadata, updateMetadata } from '@metadata-semantics/core';
import { describe, expect, test } from 'vitest';
import { conformanceCasesDirectory, loadConformanceCases, type MetadataConformanceCase } from '../index.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const casesFolder = join(packageRoot, 'cases');
const schema = JSON.parse(readFileSync(join(packageRoot, 'schema', 'case-file.schema.json'), 'utf8')) as {
  $defs: { common: { properties: { law: { enum: string[] } } } };
};
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
const validate = ajv.compile(schema);
const fileNames = readdirSync(casesFolder).filter((name) => name.endsWith('.json')).sort();
const cases = loadConformanceCases();
const metadataCases = cases.filter((c): c is MetadataConformanceCase => !('operation' in c));
const utf8Bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
const depth = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depth)) : 0;

describe('case files', () => {
  test.each(fileNames)('%s validates against the JSON Schema', (name) => {
    // Arrange
    const file: unknown = JSON.parse(readFileSync(join(casesFolder, name), 'utf8'));

    // Act
    const valid = validate(file);

    // Assert
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('the schema rejects malformed cases', () => {
    // Arrange
    const good = {
      id: 'update/example',
      description: 'an example',
      source: 'clerk:backend-api',
      law: 'update.merge',
      resource: 'user',
      stored: {},
      request: { api: 'backend', method: 'PATCH', body: {} },
      expect: { status: 200, stored: { public_metadata: {}, private_metadata: {}, unsafe_metadata: {} } },
    };
    const fileWith = (testCase: object) => ({ topic: 'update', description: 'd', cases: [testCase] });
    const broken: Record<string, object> = {
      'a choice without a link': { ...good, source: 'choice' },
      'an id without a topic': { ...good, id: 'example' },
      'an id with capitals': { ...good, id: 'update/Example' },
      'a frontend PUT': { ...good, request: { api: 'frontend', method: 'PUT', body: {} } },
      'a frontend request on an organization': {
        ...good,
        resource: 'organization',
        request: { api: 'frontend', method: 'PATCH', body: {} },
        expect: { status: 200, stored: { public_metadata: {}, private_metadata: {} } },
      },
      'a membership PUT': {
        ...good,
        resource: 'membership',
        request: { api: 'backend', method: 'PUT', body: {} },
        expect: { status: 200, stored: { public_metadata: {}, private_metadata: {} } },
      },
      'a 422 without a code': { ...good, expect: { status: 422, error: {} } },
      'a 422 with a code the core does not have': { ...good, expect: { status: 422, error: { code: 'nope' } } },
      'an unknown property': { ...good, extra: true },
      'unsafe_metadata stored on an organization': {
        ...good,
        resource: 'organization',
        stored: { unsafe_metadata: {} },
        expect: { status: 200, stored: { public_metadata: {}, private_metadata: {} } },
      },
      'an expected state missing a field': { ...good, expect: { status: 200, stored: { public_metadata: {} } } },
      'a stored field that is an array': { ...good, stored: { public_metadata: [] } },
      'both body and rawBody': { ...good, request: { api: 'backend', method: 'PATCH', body: {}, rawBody: '' } },
      'an unknown law': { ...good, law: 'update.everything' },
      'a schema for a field that does not exist': { ...good, schemas: { roles: {} } },
      'no schema at all': { ...good, schemas: {} },
      'a keyword outside the subset': { ...good, schemas: { public_metadata: { type: 'string', pattern: 'x' } } },
      'properties without type object': { ...good, schemas: { public_metadata: { properties: {} } } },
      'items without type array': { ...good, schemas: { public_metadata: { type: 'object', items: {} } } },
      'a type outside the subset': { ...good, schemas: { public_metadata: { type: 'date' } } },
      'an enum of objects': { ...good, schemas: { public_metadata: { enum: [{}] } } },
      'a nested schema outside the subset': { ...good, schemas: { public_metadata: { type: 'object', properties: { a: { minimum: 1 } } } } },
      'a merge case without a patch': {
        id: 'merge/x', description: 'd', source: 'rfc7396:section-2', law: 'merge.merge', operation: 'merge', target: {}, expect: { result: {} },
      },
    };

    // Act
    const accepted = Object.entries(broken).filter(([, testCase]) => validate(fileWith(testCase))).map(([name]) => name);

    // Assert
    expect(validate(fileWith(good))).toBe(true);
    expect(accepted).toEqual([]);
  });

  test('every file is named after its topic and every id is <topic>/<kebab-case>, unique', () => {
    // Arrange
    const idPattern = /^([a-z0-9]+(?:-[a-z0-9]+)*)\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

    // Act
    const problems = fileNames.flatMap((name) => {
      const file = JSON.parse(readFileSync(join(casesFolder, name), 'utf8')) as { topic: string; cases: { id: string }[] };
      return [
        ...(file.topic === name.replace(/\.json$/, '') ? [] : [`${name}: topic ${file.topic}`]),
        ...file.cases.filter((c) => idPattern.exec(c.id)?.[1] !== file.topic).map((c) => `${name}: ${c.id}`),
      ];
    });
    const ids = cases.map((c) => c.id);

    // Assert
    expect(problems).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('there are at least 150 cases and every law of the schema has one', () => {
    // Arrange
    const laws = schema.$defs.common.properties.law.enum;

    // Act
    const uncovered = laws.filter((law) => !cases.some((c) => c.law === law));

    // Assert
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(uncovered).toEqual([]);
  });

  test('all 15 examples of RFC 7396 Appendix A are there, verbatim', () => {
    // Arrange: the appendix's table, target / patch / result.
    const appendix = [
      ['{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
      ['{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
      ['{"a":"b"}', '{"a":null}', '{}'],
      ['{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
      ['{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
      ['{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
      ['{"a":{"b":"c"}}', '{"a":{"b":"d","c":null}}', '{"a":{"b":"d"}}'],
      ['{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
      ['["a","b"]', '["c","d"]', '["c","d"]'],
      ['{"a":"b"}', '["c"]', '["c"]'],
      ['{"a":"foo"}', 'null', 'null'],
      ['{"a":"foo"}', '"bar"', '"bar"'],
      ['{"e":null}', '{"a":1}', '{"e":null,"a":1}'],
      ['[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
      ['{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
    ].map(([target, patch, result]) => [JSON.parse(target!), JSON.parse(patch!), JSON.parse(result!)]);

    // Act
    const vectors = cases
      .filter((c) => c.source === 'rfc7396:appendix-a')
      .map((c) => ('operation' in c && c.operation === 'merge' ? [c.target, c.patch, 'result' in c.expect ? c.expect.result : c.expect] : c.id));

    // Assert
    expect(vectors).toEqual(appendix);
  });

  test('the examples of the two Clerk pages are there', () => {
    // Arrange
    const find = (id: string) => cases.find((c) => c.id === id) as MetadataConformanceCase | undefined;

    // Act
    const birthday = find('update/clerk-birthday');
    const roleAdmin = find('replace-metadata/clerk-role-admin');
    const clears = find('replace-metadata/empty-object-clears-field');
    const storesNull = find('replace-metadata/null-stores-null');
    const omitted = find('replace-metadata/omitted-fields-preserved');

    // Assert
    expect(birthday?.request).toEqual({ api: 'backend', method: 'PATCH', body: { public_metadata: { birthday: '1990-01-01' } } });
    expect(roleAdmin?.request).toEqual({ api: 'backend', method: 'PUT', body: { public_metadata: { role: 'admin' } } });
    expect(roleAdmin?.expect).toMatchObject({ status: 200, stored: { public_metadata: { role: 'admin' } } });
    expect(clears?.request.body).toEqual({ private_metadata: {} });
    expect(storesNull?.expect).toMatchObject({ stored: { public_metadata: null } });
    expect(omitted?.expect).toMatchObject({ stored: { private_metadata: { b: 2 }, unsafe_metadata: { c: 3 } } });
    for (const c of [birthday, roleAdmin, clears, storesNull, omitted]) expect(c?.source).toMatch(/^clerk:(update|replace)-user-metadata$/);
  });

  test('every link names a heading of docs/semantics.md', () => {
    // Arrange: GitHub's anchors: lower case, punctuation dropped, spaces to hyphens.
    const semantics = readFileSync(join(packageRoot, '..', '..', 'docs', 'semantics.md'), 'utf8');
    const anchors = new Set(
      [...semantics.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
        m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'),
      ),
    );

    // Act
    const broken = cases.filter((c) => c.link !== undefined && !anchors.has(c.link.replace(/^docs\/semantics\.md#/, '')));

    // Assert
    expect(broken.map((c) => `${c.id} -> ${c.link}`)).toEqual([]);
    expect(cases.filter((c) => c.source === 'choice' && c.link === undefined)).toEqual([]);
  });

  test('every stored state can be written: valid for PUT, and reachable with PATCH for memberships', () => {
    // Arrange
    const problems: string[] = [];

    // Act
    // A field-sets case may store keys that are not fields, to check they are left out: nothing writes those.
    for (const c of metadataCases.filter((c) => !c.law.endsWith('.field-sets'))) {
      const fields = c.resource === 'user' ? undefined : (['publicMetadata', 'privateMetadata'] as const);
      try {
        replaceMetadata({}, c.stored, { naming: 'wire', ...(fields ? { fields } : {}) });
        if (c.resource === 'membership') {
          updateMetadata({}, createMergePatch({}, c.stored) as object, { naming: 'wire', fields: fields! });
        }
      } catch (error) {
        problems.push(`${c.id}: ${(error as Error).message}`);
      }
    }

    // Assert
    expect(problems).toEqual([]);
  });

  test('the size cases weigh what their ids say, in UTF-8 bytes of JSON', () => {
    // Arrange
    const sized = metadataCases.filter((c) => /-(8192|8193)-(accepted|rejected)$/.test(c.id));

    // Act
    const weights = sized.map((c) => {
      const body = c.request.body as Record<string, unknown>;
      const field = Object.keys(body)[0]!;
      return [c.id, utf8Bytes(body[field])];
    });

    // Assert
    expect(sized.length).toBeGreaterThanOrEqual(12);
    for (const [id, bytes] of weights) expect(bytes, String(id)).toBe(String(id).includes('8192') ? 8192 : 8193);
    // The multi-byte cases are not the same length in UTF-16 code units.
    const twoByte = sized.find((c) => c.id === 'limits/size-two-byte-8192-accepted')!;
    expect(JSON.stringify((twoByte.request.body as Record<string, unknown>)['public_metadata']).length).toBe(4100);
  });

  test('the number cases are JSON whose numbers the reference reads as they expect: refused at their path, or kept', () => {
    // Arrange: a frontend body is form-encoded, each field holding JSON text.
    const numberCases = metadataCases.filter((c) => c.law === 'http.exact-numbers');
    const verdict = (c: MetadataConformanceCase): string => {
      const texts: Array<[string[], string]> =
        c.request.api === 'backend' ? [[[], c.request.rawBody!]] : [...new URLSearchParams(c.request.rawBody)].map(([name, text]) => [[name], text]);
      try {
        for (const [path, text] of texts) parseJsonExactly(text, path);
      } catch (error) {
        return error instanceof MetadataError ? `${error.code} ${formatMetadataPath(error.path)}` : String(error);
      }
      return 'kept';
    };

    // Act
    const verdicts = numberCases.map((c) => [c.id, verdict(c)]);

    // Assert
    expect(numberCases.length).toBeGreaterThanOrEqual(10);
    expect(verdicts).toEqual(
      numberCases.map((c) => [c.id, 'error' in c.expect ? `${c.expect.error.code} ${c.expect.error.path}` : 'kept']),
    );
  });

  test('the depth cases are 64 and 65 levels deep', () => {
    // Arrange
    const deep = metadataCases.filter((c) => c.id.startsWith('limits/depth-'));

    // Act
    const depths = deep.map((c) => [c.id, Math.max(...Object.values(c.request.body as object).map(depth))] as const);

    // Assert
    expect(depths.length).toBeGreaterThanOrEqual(6);
    for (const [id, levels] of depths) expect(levels, id).toBe(id.includes('64') ? 64 : 65);
  });
});

describe('loadConformanceCases', () => {
  test('keeps __proto__ as an ordinary own key, never as a prototype', () => {
    // Arrange
    const [testCase] = loadConformanceCases({ filter: 'keys/merge-proto-key-added' });

    // Act
    const patch = (testCase as { patch: object }).patch;

    // Assert
    expect(Object.keys(patch)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(patch)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  test('filters by topic and by id, and refuses a filter that matches nothing', () => {
    // Act
    const byTopic = loadConformanceCases({ filter: 'frontend' });
    const mixed = loadConformanceCases({ filter: ['merge/rfc7396-a01', 'http'] });

    // Assert
    expect(byTopic.length).toBeGreaterThan(0);
    expect(byTopic.every((c) => c.id.startsWith('frontend/'))).toBe(true);
    expect(mixed.map((c) => c.id)).toEqual([...cases.filter((c) => c.id.startsWith('http/')).map((c) => c.id), 'merge/rfc7396-a01']);
    expect(() => loadConformanceCases({ filter: 'merge/no-such-case' })).toThrow(/merge\/no-such-case/);
  });

  test('returns fresh objects on every call', () => {
    // Arrange
    const first = loadConformanceCases({ filter: 'merge/rfc7396-a01' })[0] as unknown as { target: { a: string } };

    // Act
    first.target.a = 'changed';
    const second = loadConformanceCases({ filter: 'merge/rfc7396-a01' })[0] as unknown as { target: { a: string } };

    // Assert
    expect(second.target.a).toBe('b');
  });

  test('refuses a file whose topic or ids do not match its name, and repeated ids', () => {
    // Arrange
    const folder = mkdtempSync(join(tmpdir(), 'conformance-cases-'));
    const write = (name: string, content: object) => writeFileSync(join(folder, name), JSON.stringify(content));
    const attempt = () => loadConformanceCases({ directory: folder });
    try {
      // Act + Assert
      write('a.json', { topic: 'b', description: 'd', cases: [] });
      expect(attempt).toThrow(/a\.json/);
      write('a.json', { topic: 'a', description: 'd', cases: [{ id: 'b/x' }] });
      expect(attempt).toThrow(/b\/x/);
      write('a.json', { topic: 'a', description: 'd', cases: [{ id: 'a/x' }, { id: 'a/x' }] });
      expect(attempt).toThrow(/twice/);
      write('a.json', { topic: 'a', description: 'd', cases: [{ id: 'a/x' }] });
      expect(attempt().map((c) => c.id)).toEqual(['a/x']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('reads the cases/ folder shipped with the package by default', () => {
    // Act
    const folder = fileURLToPath(conformanceCasesDirectory());

    // Assert
    expect(readdirSync(folder).sort()).toEqual(fileNames);
  });
});
