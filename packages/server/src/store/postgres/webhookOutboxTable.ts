// The table a Postgres store keeps its webhook outbox in, beside its resources: each column declared once, and
// the SQL that writes and reads it derived from that.
import type { WebhookEventType } from '../../webhooks/webhookEvent.js';
import type { WebhookAttempt, WebhookMessage, WebhookMessageState, WebhookOutboxEntry } from '../../webhooks/webhookOutbox.js';
import type { SqlClient } from './sqlClient.js';
import { applyBodyDelta, bodyDelta, type BodyDelta } from './bodyDelta.js';

/** Each column: its type in the table, and its type when it comes from a JSON row (`json_to_recordset`). */
const COLUMNS = {
  sequence: { table: 'bigserial PRIMARY KEY', json: 'bigint' },
  id: { table: 'text NOT NULL', json: 'text' },
  endpoint: { table: 'text NOT NULL', json: 'text' },
  order_key: { table: 'text NOT NULL', json: 'text' },
  type: { table: 'text NOT NULL', json: 'text' },
  body: { table: 'text NOT NULL', json: 'text' },
  /**
   * exclusivePostgresStore: the sequence of the row whose body this row's is told by ({@link BodyDelta}: `body`
   * then holds the middle); none: `body` is whole.
   */
  base: { table: 'bigint', json: 'bigint' },
  base_prefix: { table: 'integer', json: 'integer' },
  base_suffix: { table: 'integer', json: 'integer' },
  recorded_at: { table: 'bigint NOT NULL', json: 'bigint' },
  since: { table: 'bigint NOT NULL', json: 'bigint' },
  next_attempt_at: { table: 'bigint NOT NULL', json: 'bigint' },
  state: { table: 'text NOT NULL', json: 'text' },
  /** Every attempt, as a JSON array of {@link WebhookAttempt}. */
  attempts: { table: "text NOT NULL DEFAULT '[]'", json: 'text' },
  /** Unix milliseconds: until when a deliverer holds the row (postgresStore's claims). */
  claimed_until: { table: 'bigint NOT NULL DEFAULT 0', json: 'bigint' },
} as const;

type Column = keyof typeof COLUMNS;

/** The columns that tell a body by a base, added after the others. */
const DELTA_COLUMNS = ['base', 'base_prefix', 'base_suffix'] as const satisfies readonly Column[];

/** The columns a row has when it is read. */
export const OUTBOX_COLUMNS = Object.keys(COLUMNS).join(', ');

/** The outbox table of a resources table. */
export const outboxTableName = (table: string): string => `${table}_webhook_outbox`;

/** `json_to_recordset($n::json) AS m(column type, …)` over some columns. */
export function jsonRows(param: string, columns: readonly Column[], alias = 'm'): string {
  return `json_to_recordset(${param}::json) AS ${alias}(${columns.map((column) => `${column} ${COLUMNS[column].json}`).join(', ')})`;
}

/**
 * The columns of a message row: exclusivePostgresStore's give the sequence, and may tell the body by a base
 * ({@link deltaMessageRows}).
 */
const messageColumns = (exclusive: boolean): Column[] => [
  ...(exclusive ? (['sequence'] as const) : []),
  'id',
  'endpoint',
  'order_key',
  'type',
  'body',
  'recorded_at',
  ...(exclusive ? DELTA_COLUMNS : []),
];

/**
 * Inserts the messages of JSON parameter `param` ({@link messageRow}s, or {@link deltaMessageRows} when
 * `exclusive`), pending and due at their recording, the statement's other parts deciding whether any row is read
 * (`where`).
 */
export function insertMessages(outbox: string, param: string, exclusive: boolean, where = 'true'): string {
  const columns = messageColumns(exclusive);
  if (!exclusive) {
    return `INSERT INTO ${outbox} (${columns.join(', ')}, since, next_attempt_at, state)
    SELECT ${columns.join(', ')}, recorded_at, recorded_at, 'pending' FROM ${jsonRows(param, columns)} WHERE ${where}`;
  }
  // A row told by a base leaves out what it shares with it ({@link deltaMessageRows}): taken from the base's row.
  const values = columns.map((column) => (LINE_COLUMNS.includes(column) ? `coalesce(m.${column}, b.${column})` : `m.${column}`));
  return `INSERT INTO ${outbox} (${columns.join(', ')}, since, next_attempt_at, state)
    SELECT ${values.join(', ')}, m.recorded_at, m.recorded_at, 'pending' FROM ${jsonRows(param, columns)}
    LEFT JOIN ${jsonRows(param, ['sequence', ...LINE_COLUMNS], 'b')} ON b.sequence = m.base WHERE ${where}`;
}

/** What a message shares with the others of its line: its row told by a base leaves them out. */
const LINE_COLUMNS: readonly Column[] = ['endpoint', 'order_key', 'type'];

/** A message as a row of {@link insertMessages}'s parameter. */
export function messageRow(message: WebhookMessage, sequence?: number): object {
  // One literal (JSON leaves out an undefined sequence): spreading a conditional object in cost ~6 µs a row.
  return {
    sequence,
    id: message.id,
    endpoint: message.endpoint,
    order_key: message.orderKey,
    type: message.type,
    body: message.body,
    recorded_at: message.recordedAt,
  };
}

/** A body is told by its base only when that keeps less than half of it: a delta must pay for its reading. */
const worthTelling = (delta: BodyDelta, body: string): boolean => delta.middle.length * 2 < body.length;

/**
 * The rows of messages recorded together (one batch, in sequence order), each body much like the last whole one
 * of its line (endpoint and resource) in the batch told by that one: consecutive events of one resource differ in
 * a few fields, and PGlite takes each byte of a statement at a cost. A base is whole and in the same rows, so in
 * the same transaction; {@link restoreBodies} gives the bodies back.
 */
export function deltaMessageRows(entries: readonly WebhookOutboxEntry[]): object[] {
  const wholeOfLine = new Map<string, WebhookOutboxEntry>();
  return entries.map((entry) => {
    const line = `${entry.endpoint}\u0000${entry.orderKey}`;
    const base = wholeOfLine.get(line);
    const delta = base === undefined ? undefined : bodyDelta(base.body, entry.body);
    if (base === undefined || delta === undefined || !worthTelling(delta, entry.body)) {
      wholeOfLine.set(line, entry);
      return messageRow(entry, entry.sequence);
    }
    // Endpoint and order key are the base's (its line's), and so is the type unless given (`created`, then `updated`).
    const row: Record<string, unknown> = { sequence: entry.sequence, id: entry.id, body: delta.middle, recorded_at: entry.recordedAt, base: base.sequence, base_prefix: delta.prefix, base_suffix: delta.suffix };
    if (entry.type !== base.type) row['type'] = entry.type;
    return row;
  });
}

/**
 * The outbox entries of rows read in sequence order, each body told by a base given back whole. A row whose base is
 * gone (the trim keeps every base a kept row needs, so only a table changed by hand) is restored failed, saying so.
 */
export function restoreBodies(rows: readonly Record<string, unknown>[]): WebhookOutboxEntry[] {
  const wholeBodies = new Map<number, string>();
  return rows.map((row) => {
    const entry = toOutboxEntry(row);
    if (row['base'] === null || row['base'] === undefined) {
      wholeBodies.set(entry.sequence, entry.body);
      return entry;
    }
    const base = wholeBodies.get(Number(row['base']));
    if (base === undefined) {
      const lost = { at: entry.recordedAt, status: null, error: `its body cannot be restored: outbox row ${String(row['base'])}, which it is told by, is gone` };
      return { ...entry, body: '', state: 'failed', attempts: [...entry.attempts, lost] };
    }
    return { ...entry, body: applyBodyDelta(base, { prefix: Number(row['base_prefix']), suffix: Number(row['base_suffix']), middle: entry.body }) };
  });
}

/**
 * Writes whole, in their rows, the bodies exclusivePostgresStore stored told by a base ({@link deltaMessageRows}):
 * postgresStore, opening a table that store wrote, reads and sends rows one by one. Run by its migration; rows
 * written whole (every row postgresStore writes) are left alone, so running it again, or twice at once, changes
 * nothing more.
 */
export async function writeBodiesWhole(client: SqlClient, outbox: string): Promise<void> {
  const { rows } = await client.query(`SELECT ${OUTBOX_COLUMNS} FROM ${outbox}
    WHERE sequence IN (SELECT base FROM ${outbox} WHERE base IS NOT NULL) OR base IS NOT NULL ORDER BY sequence`);
  const told = restoreBodies(rows).filter((_, index) => rows[index]!['base'] !== null && rows[index]!['base'] !== undefined);
  if (told.length === 0) return;
  const whole = told.map((entry) => ({ sequence: entry.sequence, body: entry.body, state: entry.state, attempts: JSON.stringify(entry.attempts) }));
  await client.query(
    `UPDATE ${outbox} o SET body = m.body, state = m.state, attempts = m.attempts, base = NULL, base_prefix = NULL, base_suffix = NULL
     FROM ${jsonRows('$1', ['sequence', 'body', 'state', 'attempts'])} WHERE o.sequence = m.sequence AND o.base IS NOT NULL`,
    [JSON.stringify(whole)],
  );
}

/** The columns of a mark: what delivery changes in a row. */
const MARK_COLUMNS: readonly Column[] = ['sequence', 'state', 'attempts', 'next_attempt_at', 'since'];

/**
 * The table of an outbox's delivery states (exclusivePostgresStore): a narrow row per marked message, so that
 * marking one never writes its message's wide row (its body) again; where it has a row, that row's state wins.
 */
export const statesTableName = (outbox: string): string => `${outbox}_states`;

/** Writes the marks of JSON parameter `param` ({@link markRow}s) to the states table: each row's delivery state, as given. */
export function upsertMarks(states: string, param: string): string {
  const columns = MARK_COLUMNS.join(', ');
  const set = MARK_COLUMNS.filter((column) => column !== 'sequence').map((column) => `${column} = excluded.${column}`);
  return `INSERT INTO ${states} (${columns}) SELECT ${columns} FROM ${jsonRows(param, MARK_COLUMNS)}
    ON CONFLICT (sequence) DO UPDATE SET ${set.join(', ')}`;
}

/** An entry's delivery state as a row of {@link upsertMarks}'s parameter. */
export function markRow(entry: WebhookOutboxEntry): object {
  return { sequence: entry.sequence, state: entry.state, attempts: JSON.stringify(entry.attempts), next_attempt_at: entry.nextAttemptAt, since: entry.since };
}

/** Every row of an outbox in sequence order, each with its state from the states table where it has one there. */
export function selectWithStates(outbox: string, states: string): string {
  const columns = (Object.keys(COLUMNS) as Column[]).map((column) =>
    column !== 'sequence' && MARK_COLUMNS.includes(column) ? `coalesce(s.${column}, o.${column}) AS ${column}` : `o.${column}`,
  );
  return `SELECT ${columns.join(', ')} FROM ${outbox} o LEFT JOIN ${states} s ON s.sequence = o.sequence ORDER BY o.sequence`;
}

/**
 * Deletes the settled rows (by the states table) past the newest {@link KEEP_SETTLED}, from both tables, but the
 * bases of the rows kept ({@link deltaMessageRows}): those go with a later trim, once nothing needs them.
 */
export function trimSettledStates(outbox: string, states: string): string {
  return `WITH cut AS (
    SELECT sequence FROM ${states} WHERE state <> 'pending' ORDER BY sequence DESC OFFSET ${KEEP_SETTLED} LIMIT 1
  ), needed AS (
    SELECT o.base FROM ${outbox} o LEFT JOIN ${states} s ON s.sequence = o.sequence
    WHERE o.base <= (SELECT sequence FROM cut) AND (o.sequence > (SELECT sequence FROM cut) OR coalesce(s.state, 'pending') = 'pending')
  ), gone AS (
    DELETE FROM ${states} WHERE state <> 'pending' AND sequence <= (SELECT sequence FROM cut)
      AND sequence NOT IN (SELECT base FROM needed) RETURNING sequence)
  DELETE FROM ${outbox} WHERE sequence IN (SELECT sequence FROM gone)`;
}

/**
 * Creates the states table of an outbox when missing, and moves into it the states an earlier version wrote to
 * the outbox's own rows (so the states table alone says which rows are settled).
 */
export async function createStatesTable(client: SqlClient, outbox: string, states: string): Promise<void> {
  const columns = MARK_COLUMNS.map((column) => `${column} ${column === 'sequence' ? 'bigint PRIMARY KEY' : COLUMNS[column].table}`);
  const create = `CREATE TABLE IF NOT EXISTS ${states} (${columns.join(', ')})`;
  await client.query(create).catch(() => client.query(create));
  await client.query(`INSERT INTO ${states} (${MARK_COLUMNS.join(', ')}) SELECT ${MARK_COLUMNS.join(', ')} FROM ${outbox}
    WHERE state <> 'pending' OR attempts <> '[]' ON CONFLICT (sequence) DO NOTHING`);
}

/** A row of the table as an outbox entry. */
export function toOutboxEntry(row: Record<string, unknown>): WebhookOutboxEntry {
  return {
    sequence: Number(row['sequence']),
    id: String(row['id']),
    endpoint: String(row['endpoint']),
    orderKey: String(row['order_key']),
    type: String(row['type']) as WebhookEventType,
    body: String(row['body']),
    recordedAt: Number(row['recorded_at']),
    since: Number(row['since']),
    nextAttemptAt: Number(row['next_attempt_at']),
    state: String(row['state']) as WebhookMessageState,
    attempts: JSON.parse(String(row['attempts'])) as WebhookAttempt[],
  };
}

/** How many delivered or failed rows the table keeps for inspection; older ones are deleted. */
export const KEEP_SETTLED = 1000;

/** Deletes the settled rows past the newest {@link KEEP_SETTLED}. */
export function trimSettled(outbox: string): string {
  return `DELETE FROM ${outbox} WHERE state <> 'pending' AND sequence <= (
    SELECT sequence FROM ${outbox} WHERE state <> 'pending' ORDER BY sequence DESC OFFSET ${KEEP_SETTLED} LIMIT 1)`;
}

/**
 * Creates the outbox table when missing, with the indexes claiming reads when `claimIndexes` (postgresStore; a
 * store that claims in memory would only pay for them on every write). Two processes at once: the loser tries
 * once more.
 */
export async function createOutboxTable(client: SqlClient, outbox: string, claimIndexes: boolean): Promise<void> {
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${outbox} (${Object.entries(COLUMNS).map(([name, column]) => `${name} ${column.table}`).join(', ')})`,
    // The first pending row of each line, and the due ones: what claiming reads.
    ...(claimIndexes
      ? [
          `CREATE INDEX IF NOT EXISTS ${outbox}_lines ON ${outbox} (endpoint, order_key, sequence) WHERE state = 'pending'`,
          `CREATE INDEX IF NOT EXISTS ${outbox}_due ON ${outbox} (next_attempt_at) WHERE state = 'pending'`,
        ]
      : []),
  ];
  for (const statement of statements) {
    await client.query(statement).catch(() => client.query(statement));
  }
  await addDeltaColumns(client, outbox);
}

/**
 * Adds the base columns to a table an earlier version made (nullable: nothing is rewritten). Only when missing:
 * even `ADD COLUMN IF NOT EXISTS` locks the table, and every process opening it would wait for its writers.
 */
async function addDeltaColumns(client: SqlClient, outbox: string): Promise<void> {
  const { rows } = await client.query(
    `SELECT count(*) AS held FROM pg_attribute WHERE attrelid = $1::regclass AND attname IN (${DELTA_COLUMNS.map((column) => `'${column}'`).join(', ')}) AND NOT attisdropped`,
    [outbox],
  );
  if (Number(rows[0]?.['held']) === DELTA_COLUMNS.length) return;
  const alter = `ALTER TABLE ${outbox} ${DELTA_COLUMNS.map((column) => `ADD COLUMN IF NOT EXISTS ${column} ${COLUMNS[column].table}`).join(', ')}`;
  await client.query(alter).catch(() => client.query(alter));
}
