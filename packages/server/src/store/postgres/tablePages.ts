import type { SqlClient } from './sqlClient.js';

/** The size of a table's resources: rows, and bytes of JSON text (attributes and metadata, as stored). */
export interface TableSize {
  readonly rows: number;
  readonly bytes: number;
}

/** The size of `table`'s resources, read from the stored lengths (PostgreSQL does not decompress a value to give its length). */
export async function tableSize(client: SqlClient, table: string): Promise<TableSize> {
  const { rows } = await client.query(
    `SELECT count(*) AS rows, coalesce(sum(octet_length(attributes) + octet_length(metadata)), 0) AS bytes FROM ${table}`,
  );
  return { rows: Number(rows[0]!['rows']), bytes: Number(rows[0]!['bytes']) };
}

/** About this much column text per page: a query's overhead stays small, a page a blip in memory. */
const PAGE_CHARACTERS = 16 * 2 ** 20;
/** The first page's blocks (8 KiB each), before the table's bytes per block are known. */
const FIRST_PAGE_BLOCKS = 64;

/**
 * Reads every row of `table`, a range of its blocks at a time, and gives each range's rows to `onPage`. From
 * PostgreSQL 14, a TID range scan reads just those blocks, in their order on disk: no index, no sort, and no
 * plan that depends on the table's statistics (a keyset page over an index can be planned as a scan and sort of
 * every later row: quadratic). Ranges are sized from the characters per block read so far, so that a page
 * holds about PAGE_CHARACTERS. Before PostgreSQL 14 a range would scan the whole table: it is read in one
 * query there.
 *
 * @param size - the characters a row holds, for sizing the next range
 */
export async function readTablePages(
  client: SqlClient,
  table: string,
  columns: string,
  size: (row: Record<string, unknown>) => number,
  onPage: (rows: readonly Record<string, unknown>[], characters: number) => void,
): Promise<void> {
  const { rows } = await client.query(
    `SELECT pg_relation_size('${table}') / current_setting('block_size')::bigint AS blocks,
      current_setting('server_version_num')::int >= 140000 AS ranges`,
  );
  const blocks = Number(rows[0]!['blocks']);
  if (rows[0]!['ranges'] !== true) {
    const all = (await client.query(`SELECT ${columns} FROM ${table}`)).rows;
    onPage(all, all.reduce((sum, row) => sum + size(row), 0));
    return;
  }
  const statement = `SELECT ${columns} FROM ${table} WHERE ctid >= $1::tid AND ctid < $2::tid`;
  let characters = 0;
  let step = FIRST_PAGE_BLOCKS;
  for (let first = 0; first < blocks; ) {
    const page = (await client.query(statement, [`(${first},0)`, `(${first + step},0)`])).rows;
    let pageCharacters = 0;
    for (const row of page) pageCharacters += size(row);
    characters += pageCharacters;
    onPage(page, pageCharacters);
    first += step;
    const perBlock = characters / first;
    step = perBlock === 0 ? step * 2 : Math.max(1, Math.min(2 ** 20, Math.floor(PAGE_CHARACTERS / perBlock)));
  }
}
