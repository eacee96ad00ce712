/** A deterministic pseudo-random source: the same seed gives the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A lowercase word of `length` letters. */
  word(length: number): string;
  /** A hex identifier of `length` characters. */
  hex(length: number): string;
}

/**
 * A seeded PRNG (mulberry32): small, fast and good enough to shape workloads.
 *
 * @param seed - any 32-bit integer
 * @returns a {@link Random} whose sequence depends only on `seed`
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const fromAlphabet = (alphabet: string, length: number): string => {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[int(0, alphabet.length - 1)];
    return text;
  };
  return {
    next,
    int,
    pick,
    word: (length) => fromAlphabet('abcdefghijklmnopqrstuvwxyz', length),
    hex: (length) => fromAlphabet('0123456789abcdef', length),
  };
}
