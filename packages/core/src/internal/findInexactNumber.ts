import type { MetadataPathSegment } from '../metadataError.js';
import { isExactNumberLiteral } from './isExactNumberLiteral.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const SMALL_E = 0x65;
const CAPITAL_E = 0x45;

// Without an exponent, a literal of at most 15 characters has at most 15 significant digits and lies
// between 1e-13 and 1e15, where every decimal of 15 significant digits reads back as itself (DBL_DIG):
// only longer literals and exponents need the exact check.
const SHORT_LITERAL = 15;

/** The index of the quote that closes the string opening at `start` (JSON text: there is one). */
function stringEnd(text: string, start: number): number {
  let end = start;
  for (;;) {
    end = text.indexOf('"', end + 1);
    let backslash = end - 1;
    while (text.charCodeAt(backslash) === BACKSLASH) backslash--;
    // An even run of backslashes escapes itself, not the quote.
    if ((end - backslash) % 2 === 1) return end;
  }
}

function isNumberPart(code: number): boolean {
  return (code >= ZERO && code <= NINE) || code === 0x2e || code === SMALL_E || code === CAPITAL_E || code === 0x2b || code === MINUS;
}

/**
 * The first number literal (in text order) of a JSON text that does not read
 * back with its own value (`isExactNumberLiteral`), and its path; `undefined`
 * when every literal does. `text` must be JSON (`JSON.parse` accepted it):
 * nothing here checks the grammar. One pass without recursion; digits inside
 * strings are skipped with the strings.
 */
export function findInexactNumber(text: string): { literal: string; path: MetadataPathSegment[] } | undefined {
  // The open containers, outermost first: an array's current index, or -1 for
  // an object, whose current key starts at keyStarts[level].
  const indexes: number[] = [];
  const keyStarts: number[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      if (expectKey) keyStarts[keyStarts.length - 1] = i;
      expectKey = false;
      i = stringEnd(text, i);
    } else if (code === MINUS || (code >= ZERO && code <= NINE)) {
      let end = i + 1;
      let exponent = false;
      for (let part = text.charCodeAt(end); isNumberPart(part); part = text.charCodeAt(++end)) {
        if (part === SMALL_E || part === CAPITAL_E) exponent = true;
      }
      // Stryker disable next-line EqualityOperator: a literal of exactly 15 characters passes the exact check too
      if ((exponent || end - i > SHORT_LITERAL) && !isExactNumberLiteral(text.slice(i, end))) {
        return { literal: text.slice(i, end), path: pathOf(text, indexes, keyStarts) };
      }
      i = end - 1;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      expectKey = code === OPEN_OBJECT;
      indexes.push(expectKey ? -1 : 0);
      keyStarts.push(-1);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      indexes.pop();
      keyStarts.pop();
    } else if (code === COMMA) {
      const level = indexes.length - 1;
      if (indexes[level] === -1) expectKey = true;
      else indexes[level]!++;
    }
  }
  return undefined;
}

function pathOf(text: string, indexes: readonly number[], keyStarts: readonly number[]): MetadataPathSegment[] {
  return indexes.map((index, level) => {
    const start = keyStarts[level]!;
    return index === -1 ? (JSON.parse(text.slice(start, stringEnd(text, start) + 1)) as string) : index;
  });
}
