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
  for (let end = start; ; ) {
    end = text.indexOf('"', end + 1);
    // An odd run of backslashes before the quote escapes it.
    let escaped = false;
    for (let at = end - 1; text.charCodeAt(at) === BACKSLASH; at--) escaped = !escaped;
    if (!escaped) return end;
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
  // The open containers, outermost first: an array's current index, or -1 for an object.
  const indexes: number[] = [];
  // Where the last string at each depth starts: inside an object, the last string before a value is its key.
  // Stryker disable next-line ArrayDeclaration: every slot is written before it is read
  const lastStrings: number[] = [];
  // Stryker disable next-line EqualityOperator: past the end, charCodeAt is NaN, which no branch takes
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      lastStrings[indexes.length] = i;
      i = stringEnd(text, i);
    } else if (code === MINUS || (code >= ZERO && code <= NINE)) {
      let end = i + 1;
      // Stryker disable next-line BooleanLiteral: a fast path: `true` sends every literal to the exact check, which accepts the short ones too
      let exponent = false;
      for (let part = text.charCodeAt(end); isNumberPart(part); part = text.charCodeAt(++end)) {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path: `true`, and `!==` for either letter, only send more literals to the exact check
        exponent ||= part === SMALL_E || part === CAPITAL_E;
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: a fast path: `true`, `>=` and `end + i` only send more literals to the exact check
      if (exponent || end - i > SHORT_LITERAL) {
        const literal = text.slice(i, end);
        if (!isExactNumberLiteral(literal)) return { literal, path: pathOf(text, indexes, lastStrings) };
      }
      i = end - 1;
    } else if (code === OPEN_OBJECT) {
      indexes.push(-1);
    } else if (code === OPEN_ARRAY) {
      indexes.push(0);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      indexes.pop();
    } else if (code === COMMA && indexes[indexes.length - 1] !== -1) {
      indexes[indexes.length - 1]!++;
    }
  }
  return undefined;
}

function pathOf(text: string, indexes: readonly number[], lastStrings: readonly number[]): MetadataPathSegment[] {
  return indexes.map((index, level) => {
    if (index !== -1) return index;
    const start = lastStrings[level + 1]!;
    return JSON.parse(text.slice(start, stringEnd(text, start) + 1)) as string;
  });
}
