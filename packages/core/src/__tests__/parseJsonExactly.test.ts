import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetadataError, type MetadataPathSegment } from '../metadataError.js';
import { parseJsonExactly } from '../parseJsonExactly.js';
import { jsonValueArb, keyArb, stringArb } from '@metadata-semantics/test-kit/arbitraries';
import { catchMetadataError, expectMetadataError } from '@metadata-semantics/test-kit/errors';
import { assertEqual } from '@metadata-semantics/test-kit/json';
import { propertyTimeout } from '@metadata-semantics/test-kit/numRuns';

// The oracle: a literal's decimal value as digits × 10^exponent in BigInt, compared by scaling
// both to the smaller exponent; no float, no string normalisation shared with the code under test.
function decimalOf(literal: string): { digits: bigint; exponent: number } {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (match === null) throw new Error(`not a JSON number literal: ${literal}`);
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  return { digits: BigInt(`${sign}${whole}${fraction}`), exponent: Number(exponent) - fraction.length };
}

function sameDecimal(a: string, b: string): boolean {
  const x = decimalOf(a);
  const y = decimalOf(b);
  const base = Math.min(x.exponent, y.exponent);
  return x.digits * 10n ** BigInt(x.exponent - base) === y.digits * 10n ** BigInt(y.exponent - base);
}

/** Whether the rule keeps `literal`: its double is finite and reads back (String) with the same decimal value. */
function oracleKeeps(literal: string): boolean {
  const value = Number(literal);
  return Number.isFinite(value) && sameDecimal(literal, String(value));
}

const digitsArb = (minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength, maxLength }).map((digits) => digits.join(''));

/** Any JSON number literal with a modest exponent: leading and trailing zeros, 1 to 40 digits, every exponent form. */
const randomLiteralArb: fc.Arbitrary<string> = fc
  .record({
    sign: fc.constantFrom('', '-'),
    whole: fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digitsArb(0, 24)).map(([first, rest]) => first + rest)),
    fraction: fc.option(digitsArb(1, 30), { nil: '' }),
    exponent: fc.option(
      fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.constantFrom('', '0', '00'), fc.integer({ min: 0, max: 400 })),
      { nil: undefined },
    ),
  })
  .map(({ sign, whole, fraction, exponent }) =>
    `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}${exponent === undefined ? '' : exponent.join('')}`,
  );

/** A finite double written another way with the same value: zeros added, the point moved, the exponent adjusted. */
const rewrittenDoubleArb: fc.Arbitrary<string> = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.nat({ max: 5 }), fc.nat({ max: 40 }), fc.boolean())
  .map(([value, zeros, point, leading]) => {
    const { digits, exponent } = decimalOf(String(value));
    const sign = digits < 0n || Object.is(value, -0) ? '-' : '';
    if (digits === 0n) return `${sign}0.${'0'.repeat(zeros + 1)}e${point}`;
    const all = (digits < 0n ? -digits : digits).toString() + '0'.repeat(zeros);
    const scale = exponent - zeros;
    if (leading) return `${sign}0.${'0'.repeat(point % 5)}${all}e${scale + (point % 5) + all.length}`;
    const before = 1 + (point % all.length); // digits before the point
    return `${sign}${all.slice(0, before)}${before === all.length ? '' : `.${all.slice(before)}`}e${scale + all.length - before}`;
  });

/** Literals next to where doubles stop being exact: around 2^53 and 2^64, 1e21, the smallest and largest doubles. */
const boundaryLiteralArb: fc.Arbitrary<string> = fc.oneof(
  fc.bigInt({ min: 2n ** 53n - 5000n, max: 2n ** 53n + 5000n }).map(String),
  fc.bigInt({ min: 2n ** 64n - 5000n, max: 2n ** 64n + 5000n }).map(String),
  fc.bigInt({ min: 10n ** 21n - 5000n, max: 10n ** 21n + 5000n }).map(String),
  fc.integer({ min: 1, max: 99 }).map((n) => `${n}e-325`),
  fc.integer({ min: 1, max: 99 }).map((n) => `${n / 10}e-323`),
  fc.integer({ min: 150, max: 189 }).map((n) => `${n / 100}e308`),
  fc.integer({ min: 0, max: 99 }).map((n) => `1.79769313486231${String(n).padStart(2, '0')}e308`),
);

const literalArb: fc.Arbitrary<string> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  rewrittenDoubleArb,
  randomLiteralArb,
  boundaryLiteralArb,
);

/** The MetadataError of parseJsonExactly(text), or undefined when it accepts. */
function refusalOf(text: string, path?: readonly MetadataPathSegment[]): MetadataError | undefined {
  try {
    parseJsonExactly(text, path);
  } catch (error) {
    if (error instanceof MetadataError) return error;
    throw error;
  }
  return undefined;
}

describe('parseJsonExactly: which numbers are kept', () => {
  it('accepts a literal that reads back with its own value, as JSON.parse reads it', () => {
    const kept = ['0.1', '1.0', '1e2', '-0', '0', '-0.0e-7', '100000000000000000000', '1e21', '1E+21', '123.4500e3', '0.000000000000000000001', '5e-324', '1.7976931348623157e308', '9007199254740992', '9007199254740994', '0e999999', '0e-99999999999999999999', '-1.5E+7', '0.1e1', '2.5e-0', '-1.23e-4', '-0.000123', '1E2'];
    for (const literal of kept) expect([literal, parseJsonExactly(literal)]).toEqual([literal, JSON.parse(literal)]);
  });

  it('refuses a literal whose double reads back as another decimal, a zero or an infinity', () => {
    const changed = ['9007199254740993', '-9007199254740993', '0.30000000000000001', '12345678901234567890', '1e-400', '-1e-400', '2e-324', '1e-99999999999', '1e400', '-1e400', '1E-400', '1E400', '1.00000000000000000001', '1.7976931348623158e308', '1e99999999999999999999', '4.9406564584124654e-324', '0.1000000000000000055511151231257827'];
    for (const literal of changed) expect([literal, refusalOf(literal)?.code]).toEqual([literal, 'invalid_json_value']);
  });

  it('says which number and what it would have become, quoting at most 40 characters of it', () => {
    expect(catchMetadataError(() => parseJsonExactly('[-1e-400]')).message).toBe(
      'The number -1e-400 cannot be kept exactly: it reads back as 0 (invalid_json_value at [0])',
    );
    const forty = `1${'0'.repeat(38)}1`;
    expect(catchMetadataError(() => parseJsonExactly(forty)).message).toBe(
      `The number ${forty} cannot be kept exactly: it reads back as 1e+39 (invalid_json_value at [])`,
    );
    const long = `1${'0'.repeat(60)}1`;
    expect(catchMetadataError(() => parseJsonExactly(long)).message).toBe(
      `The number ${long.slice(0, 40)}… cannot be kept exactly: it reads back as 1e+61 (invalid_json_value at [])`,
    );
  });

  it('decides every literal as exact decimal arithmetic does', () => {
    fc.assert(
      fc.property(literalArb, (literal) => {
        expect(JSON.parse(literal)).toBe(Number(literal)); // a JSON literal, read as Number reads it
        expect(refusalOf(literal) === undefined).toBe(oracleKeeps(literal));
      }),
      { numRuns: 2000 },
    );
  }, propertyTimeout);

  it('accepts String(d) for every finite double d, and gives d back (0 for -0)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(parseJsonExactly(String(value))).toBe(value === 0 ? 0 : value);
      }),
      { numRuns: 2000 },
    );
  }, propertyTimeout);

  it('accepts whatever JSON.stringify writes, giving what JSON.parse gives', () => {
    fc.assert(
      fc.property(jsonValueArb, (value) => {
        const text = JSON.stringify(value);
        assertEqual(parseJsonExactly(text), JSON.parse(text), text, { sameValue: true, ordered: true });
      }),
    );
  }, propertyTimeout);

  it('decides huge literals and exponents digit by digit, without running long', () => {
    const zeros = '0'.repeat(1_000_000);
    expect(refusalOf(`1${zeros}1`)?.code).toBe('invalid_json_value');
    expect(refusalOf(`0.${zeros}1`)?.code).toBe('invalid_json_value');
    expect(refusalOf(`1e${'9'.repeat(100_000)}`)?.code).toBe('invalid_json_value');
    expect(refusalOf(`1e-${'9'.repeat(100_000)}`)?.code).toBe('invalid_json_value');
    expect(parseJsonExactly(`0.${zeros}1e1000001`)).toBe(1);
    expect(parseJsonExactly(`1${zeros}e-1000000`)).toBe(1);
    expect(parseJsonExactly(`0e${'9'.repeat(100_000)}`)).toBe(0);
    expect(parseJsonExactly(`0.${zeros}`)).toBe(0);
  });
});

// A JSON text built from a tree whose number leaves are literals, so the text holds them as written.
type Leaf = { literal: string } | { json: string };
type Tree = Leaf | { array: Tree[] } | { object: Array<[string, Tree]> };

const trickyStringArb = fc.oneof(
  stringArb,
  keyArb,
  fc.constantFrom('1e-400', '"9007199254740993"', '\\', '\\"', '"', '\\\\"1e400', '{"a": 1e-400}', '[1e-400]', ',', ':'),
);
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    literalArb.map((literal): Tree => ({ literal })),
    fc.oneof(trickyStringArb.map((text) => JSON.stringify(text)), fc.constantFrom('true', 'false', 'null')).map((json): Tree => ({ json })),
    fc.array(tie('tree'), { maxLength: 4 }).map((array): Tree => ({ array })),
    fc.array(fc.tuple(trickyStringArb, tie('tree')), { maxLength: 4 }).map((object): Tree => ({ object })),
  ),
})).tree;

function textOf(tree: Tree, space: string): string {
  if ('literal' in tree) return tree.literal;
  if ('json' in tree) return tree.json;
  if ('array' in tree) return `[${space}${tree.array.map((item) => textOf(item, space)).join(`,${space}`)}${space}]`;
  return `{${space}${tree.object.map(([key, value]) => `${JSON.stringify(key)}${space}:${space}${textOf(value, space)}`).join(`,${space}`)}${space}}`;
}

/** The path of the first literal, in text order, that the oracle refuses. */
function firstRefused(tree: Tree, path: MetadataPathSegment[] = []): MetadataPathSegment[] | undefined {
  if ('literal' in tree) return oracleKeeps(tree.literal) ? undefined : path;
  if ('json' in tree) return undefined;
  const children: Array<[MetadataPathSegment, Tree]> = 'array' in tree ? tree.array.map((item, index) => [index, item]) : tree.object;
  for (const [segment, child] of children) {
    const found = firstRefused(child, [...path, segment]);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('parseJsonExactly: where the refused number is', () => {
  it('refuses the first changed literal in text order at its path, or gives what JSON.parse gives', () => {
    fc.assert(
      fc.property(treeArb, fc.constantFrom('', ' ', '\n\t '), (tree, space) => {
        const text = textOf(tree, space);
        const expected = firstRefused(tree);
        if (expected === undefined) assertEqual(parseJsonExactly(text), JSON.parse(text), text, { sameValue: true, ordered: true });
        else expectMetadataError(() => parseJsonExactly(text), 'invalid_json_value', expected);
      }),
      { numRuns: 1000 },
    );
  }, propertyTimeout);

  it('reads numbers only outside strings: digits in values and keys, escaped quotes and backslashes are text', () => {
    const text = String.raw`{"1e-400": "1e-400", "a\"": ["\\", "\"1e400", {"k\\\"x": "9007199254740993"}], "n": 1e-400}`;
    expectMetadataError(() => parseJsonExactly(text), 'invalid_json_value', ['n']);
    expect(parseJsonExactly(String.raw`["\\\\", "\"1e-400\\", "1e-400"]`)).toEqual(['\\\\', '"1e-400\\', '1e-400']);
  });

  it('counts array indexes and keys across nested and empty containers', () => {
    expectMetadataError(() => parseJsonExactly('[{}, [], {"a": [[], {}, 0, 1e-400]}]'), 'invalid_json_value', [2, 'a', 3]);
    expectMetadataError(() => parseJsonExactly('{"a": {}, "b": [{"c": {}}, "d"], "e": {"f": 1e400}}'), 'invalid_json_value', ['e', 'f']);
    expectMetadataError(() => parseJsonExactly('[{}, "s", 1e-400]'), 'invalid_json_value', [2]);
    expectMetadataError(() => parseJsonExactly('{"__proto__": {"constructor": 1e400}}'), 'invalid_json_value', ['__proto__', 'constructor']);
  });

  it('checks a number under a key that a later duplicate overrides, and names that key', () => {
    expectMetadataError(() => parseJsonExactly('{"a": 1e-400, "a": 1}'), 'invalid_json_value', ['a']);
  });

  it('puts the given path before the path in the text, without changing the given path', () => {
    const prefix = Object.freeze(['unsafe_metadata']);
    expectMetadataError(() => parseJsonExactly('{"a": [0, 1e-400]}', prefix), 'invalid_json_value', ['unsafe_metadata', 'a', 1]);
    expectMetadataError(() => parseJsonExactly('1e-400', prefix), 'invalid_json_value', ['unsafe_metadata']);
    expect(prefix).toEqual(['unsafe_metadata']);
  });

  it('throws JSON.parse’s SyntaxError for text that is not JSON, and invalid_params for what is not text', () => {
    for (const text of ['', '{', '{"a": 1e-400', '[1e-400,]', "{'a': 1}", '01', '1.', '.5', '"\\"', '\uFEFF{}']) {
      expect(() => parseJsonExactly(text)).toThrow(SyntaxError);
    }
    for (const notText of [undefined, null, 1e-400, {}, ['1']]) {
      const error = expectMetadataError(() => parseJsonExactly(notText as unknown as string, ['field']), 'invalid_params', ['field']);
      expect(error.message).toBe('Expected JSON text, a string (invalid_params at ["field"])');
    }
  });

  it('walks deep nesting and long strings of escapes without recursion', () => {
    const depth = 200_000;
    expectMetadataError(() => parseJsonExactly(`${'['.repeat(depth)}1e-400${']'.repeat(depth)}`), 'invalid_json_value', Array(depth).fill(0));
    const escapes = JSON.stringify('\\"'.repeat(500_000));
    expect(parseJsonExactly(`[${escapes}, 1.5]`)).toEqual([JSON.parse(escapes), 1.5]);
  });
});
