// Which parts of a text query's string the trigram index is asked for. pg_trgm's index scan reads the rows of
// every trigram of a LIKE pattern: one most rows hold (`use` of every `user_…` id, `ber` of every `Number…`) costs
// a walk through a list as long as the table (117 ms of a query's 118 at a million users) and narrows nothing.
// Any part of the string narrows soundly (a row holding the string holds each part), and the rows found are
// tested exactly after: the parts change what is read, never what is found.

/** The share of rows holding each trigram (ASCII letters and digits, lower case), from a sample; none: rare. */
export type TrigramShares = ReadonlyMap<string, number>;

/** A trigram held by at most this share of the rows is kept whatever the others' shares. */
const RARE = 0.01;
/** A trigram held by more than this many times the rarest one's share is left out. */
const SPREAD = 20;

const isTrigram = (text: string): boolean => /^[a-z0-9]{3}$/.test(text);

/**
 * The parts of `lowered` (a string lower-cased as the indexed text is) whose trigrams the index scan reads: runs
 * of its trigrams of ASCII letters and digits, each held by at most 20 times the rarest one's share of the rows
 * (or by 1 % at most), the rarest always among them. Without shares (no sample yet), `lowered` itself.
 */
export function narrowingSubstrings(lowered: string, shares: TrigramShares | undefined): string[] {
  if (shares === undefined) return [lowered];
  const starts: number[] = [];
  for (let start = 0; start + 3 <= lowered.length; start++) if (isTrigram(lowered.slice(start, start + 3))) starts.push(start);
  if (starts.length === 0) return [lowered];
  const share = (start: number): number => shares.get(lowered.slice(start, start + 3)) ?? 0;
  const rarest = Math.min(...starts.map(share));
  const limit = Math.max(rarest * SPREAD, RARE);
  const kept = starts.filter((start) => share(start) <= limit);
  // Consecutive trigrams kept make one part (`e99`, `999`, `991` → `e9991`).
  const parts: string[] = [];
  let first = kept[0]!;
  let last = first;
  for (const start of [...kept.slice(1), Number.POSITIVE_INFINITY]) {
    if (start === last + 1) {
      last = start;
      continue;
    }
    parts.push(lowered.slice(first, last + 3));
    first = start;
    last = start;
  }
  return parts;
}

/** The share of `texts` holding each trigram of ASCII letters and digits (the texts lower-cased already). */
export function trigramSharesOf(texts: readonly string[]): TrigramShares {
  const holders = new Map<string, number>();
  for (const text of texts) {
    const held = new Set<string>();
    for (let start = 0; start + 3 <= text.length; start++) {
      const trigram = text.slice(start, start + 3);
      if (isTrigram(trigram)) held.add(trigram);
    }
    for (const trigram of held) holders.set(trigram, (holders.get(trigram) ?? 0) + 1);
  }
  return new Map([...holders].map(([trigram, count]) => [trigram, count / Math.max(texts.length, 1)]));
}
