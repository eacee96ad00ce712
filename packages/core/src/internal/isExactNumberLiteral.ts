/**
 * A decimal number written canonically: `-` for a negative one, its significant
 * digits (no leading or trailing zero) and `e` with the power of ten of the last
 * digit; every zero is `0`, whatever its sign or exponent. Two JSON number
 * literals have the same value exactly when these are equal.
 */
export function canonicalDecimal(literal: string): string {
  const [mantissa = '', exponentText = '0'] = literal.split(/[eE]/);
  const negative = mantissa.startsWith('-');
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf('.');
  const digits = dot === -1 ? unsigned : unsigned.slice(0, dot) + unsigned.slice(dot + 1);
  let exponent = Number(exponentText) - (dot === -1 ? 0 : unsigned.length - dot - 1);
  // Loops, not /0+$/: that regex is quadratic on long runs of zeros.
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 48) first++;
  let last = digits.length;
  while (last > first && digits.charCodeAt(last - 1) === 48) {
    last--;
    exponent++;
  }
  if (first === last) return '0';
  return `${negative ? '-' : ''}${digits.slice(first, last)}e${exponent}`;
}

/**
 * Whether a JSON number literal reads back with its own value: the double it
 * parses to, written back as JavaScript writes numbers (`String(n)`, the
 * shortest form that parses to the same double), has the same decimal value.
 * `0.1`, `1.0`, `1e2` and `-0` do; `9007199254740993` (read back as
 * `9007199254740992`), `1e-400` (0) and `1e400` (Infinity) do not.
 *
 * An exponent can be as long as the text, but when the value is a finite
 * non-zero double, the exponent is within the literal's length of ±400, so
 * `Number` reads it exactly; otherwise the double is 0 or infinite, and the
 * digits alone decide.
 */
export function isExactNumberLiteral(literal: string): boolean {
  const value = Number(literal);
  if (!isFinite(value)) return false;
  const readBack = String(value);
  // Stryker disable next-line ConditionalExpression: a shortcut for what JavaScript wrote; the comparison agrees
  return readBack === literal || canonicalDecimal(literal) === canonicalDecimal(readBack);
}
