// A substring index of the texts text queries search, in the memory stores: each three UTF-16 units of a text
// lead to the rows holding them, so a query of three units or more reads the rows holding all of its trigrams
// instead of testing every resource.

/** The units of a trigram as one number: three UTF-16 units, 16 bits each (exact in a double). */
const gramAt = (text: string, index: number): number =>
  text.charCodeAt(index) * 0x1_0000_0000 + text.charCodeAt(index + 1) * 0x1_0000 + text.charCodeAt(index + 2);

/** The shortest text a trigram index can narrow a search by. */
export const TRIGRAM_LENGTH = 3;

/** A trigram's rows, ascending: a growable Int32Array (4 bytes a row, none per object). */
class Postings {
  rows = new Int32Array(4);
  length = 0;

  /** Appends a row, once: rows come in ascending order, so a repeat is the last one. */
  add(row: number): void {
    if (this.length > 0 && this.rows[this.length - 1] === row) return;
    if (this.length === this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[this.length++] = row;
  }

  /** The first position from `from` on whose row is not below `row` (rows are ascending). */
  lowerBound(row: number, from: number): number {
    let low = from;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.rows[middle]! < row) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * The keys of one kind by the trigrams of their texts (the values text queries search, ASCII letters
 * lower-cased). Each key has a row number; a changed or removed key's row is left dead in the postings (a new one
 * takes the next number, so postings stay ascending and are only ever appended to), and the owner builds the index
 * again once most rows are dead ({@link TrigramIndex.mostlyDead}).
 */
export class TrigramIndex {
  private readonly keys: (string | undefined)[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly grams = new Map<number, Postings>();

  /** Indexes `key`'s texts (lower-cased as the queries are), replacing what it held. */
  add(key: string, texts: readonly string[]): void {
    this.remove(key);
    const row = this.keys.length;
    this.keys.push(key);
    this.rowOf.set(key, row);
    for (const text of texts) {
      for (let index = 0; index + TRIGRAM_LENGTH <= text.length; index++) {
        const gram = gramAt(text, index);
        let postings = this.grams.get(gram);
        if (postings === undefined) this.grams.set(gram, (postings = new Postings()));
        postings.add(row);
      }
    }
  }

  /** Forgets `key` (its row stays in the postings, dead). */
  remove(key: string): void {
    const row = this.rowOf.get(key);
    if (row === undefined) return;
    this.keys[row] = undefined;
    this.rowOf.delete(key);
  }

  /** Whether dead rows outnumber live ones (past a few thousand): time to build it again. */
  get mostlyDead(): boolean {
    const dead = this.keys.length - this.rowOf.size;
    return dead > 4096 && dead > this.rowOf.size;
  }

  /**
   * The keys whose texts hold every trigram of `needle` (lower-cased as the texts are): a superset of those
   * holding `needle`, to be tested. `undefined` for a needle shorter than a trigram, which narrows nothing.
   */
  candidates(needle: string): string[] | undefined {
    if (needle.length < TRIGRAM_LENGTH) return undefined;
    const lists: Postings[] = [];
    for (let index = 0; index + TRIGRAM_LENGTH <= needle.length; index++) {
      const postings = this.grams.get(gramAt(needle, index));
      if (postings === undefined) return [];
      lists.push(postings);
    }
    // The shortest list, each of its rows looked up in the next shortest few (more cost more than they remove).
    lists.sort((a, b) => a.length - b.length);
    const [shortest, ...others] = lists.slice(0, 4);
    const from = others.map(() => 0);
    const found: string[] = [];
    next: for (let position = 0; position < shortest!.length; position++) {
      const row = shortest!.rows[position]!;
      for (let other = 0; other < others.length; other++) {
        const list = others[other]!;
        const at = list.lowerBound(row, from[other]!);
        from[other] = at;
        if (at >= list.length || list.rows[at] !== row) continue next;
      }
      const key = this.keys[row];
      if (key !== undefined) found.push(key);
    }
    return found;
  }
}
