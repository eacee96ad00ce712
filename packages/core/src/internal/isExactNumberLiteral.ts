/**
 * The magnitude of a decimal number, written canonically: its significant
 * digits (no leading or trailing zero), `e` and the power of ten of the last
 * digit. Every zero is `0`, whatever its exponent. Two JSON number literals of
 * the same sign have the same value exactly when these are equal.
 */
export function canonicalDecimal(literal: string): string {
  const unsigned = literal.replace(/^-/, '');
  const e = unsigned.search(/[eE]/);
  const mantissa = e === -1 ? unsigned : unsigned.slice(0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let exponent = (e === -1 ? 0 : Number(unsigned.slice(e + 1))) - (dot === -1 ? 0 : mantissa.length - dot - 1);
  // Loops, not /0+$/: that regex is quadratic on long runs of zeros.
  let first = 0;
  while (digits.charCodeAt(first) === 48) first++;
  let last = digits.length;
  while (last > first && digits.charCodeAt(last - 1) === 48) {
    last--;
    exponent++;
  }
  // Stryker disable next-line StringLiteral: any text without digits names zero as well
  if (first === last) return '0';
  return `${digits.slice(first, last)}e${exponent}`;
}

/**
 * Whether a JSON number literal reads back with its own value: the double it
 * parses to, written back as JavaScript writes numbers (`String(n)`, the
 * shortest form that parses to the same double), has the same decimal value.
 * `0.1`, `1.0`, `1e2` and `-0` do; `9007199254740993` (read back as
 * `9007199254740992`), `1e-400` (0) and `1e400` (Infinity) do not.
 *
 * The double has the literal's sign, so magnitudes are compared. `Infinity`
 * has no digits, so it never matches. An exponent can be as long as the text,
 * but when the value is a finite non-zero double the exponent is within the
 * literal's length of ±400, so `Number` reads it exactly; otherwise the double
 * is 0 or infinite, and the digits alone decide.
 */
export function isExactNumberLiteral(literal: string): boolean {
  const readBack = String(Number(literal));
  // Stryker disable next-line ConditionalExpression: a shortcut for what JavaScript wrote; the comparison agrees
  return readBack === literal || canonicalDecimal(literal) === canonicalDecimal(readBack);
}
