// The table a Postgres store keeps its webhook outbox in, beside its resources: each column declared once, and
// the SQL that writes and reads it derived from that.
import type { WebhookEventType } from '../../webhooks/webhookEvent.js';
import type { WebhookAttempt, WebhookMessage, WebhookMessageState, WebhookOutboxEntry } from '../../webhooks/webhookOutbox.js';
import type { SqlClient } from './sqlClient.js';

/** Each column: its type in the table, and its type when it comes from a JSON row (`json_to_recordset`). */
const COLUMNS = {
  sequence: { table: 'bigserial PRIMARY KEY', json: 'bigint' },
  id: { table: 'text NOT NULL', json: 'text' },
  endpoint: { table: 'text NOT NULL', json: 'text' },
  order_key: { table: 'text NOT NULL', json: 'text' },
  type: { table: 'text NOT NULL', json: 'text' },
  body: { table: 'text NOT NULL', json: 'text' },
  /**
   * exclusivePostgresStore: the messages of the row's line recorded after it in its batch, each told by the row's
   * body (a JSON array, `toldMessages.ts`); none: the row holds its own message alone.
   */
  told: { table: 'text', json: 'text' },
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

/** The columns a row has when it is read. */
export const OUTBOX_COLUMNS = Object.keys(COLUMNS).join(', ');

/** The outbox table of a resources table. */
export const outboxTableName = (table: string): string => `${table}_webhook_outbox`;

/** `json_to_recordset($n::json) AS m(column type, …)` over some columns. */
export function jsonRows(param: string, columns: readonly Column[]): string {
  return `json_to_recordset(${param}::json) AS m(${columns.map((column) => `${column} ${COLUMNS[column].json}`).join(', ')})`;
}

/** The columns of a message row: exclusivePostgresStore's give the sequence, and the messages the row tells. */
const messageColumns = (exclusive: boolean): Column[] => [
  ...(exclusive ? (['sequence'] as const) : []),
  'id',
  'endpoint',
  'order_key',
  'type',
  'body',
  'recorded_at',
  ...(exclusive ? (['told'] as const) : []),
];

/**
 * Inserts the messages of JSON parameter `param` ({@link messageRow}s, or {@link toldMessageRows} when `exclusive`),
 * pending and due at their recording, the statement's other parts deciding whether any row is read (`where`).
 */
export function insertMessages(outbox: string, param: string, exclusive: boolean, where = 'true'): string {
  const columns = messageColumns(exclusive);
  return `INSERT INTO ${outbox} (${columns.join(', ')}, since, next_attempt_at, state)
    SELECT ${columns.join(', ')}, recorded_at, recorded_at, 'pending' FROM ${jsonRows(param, columns)} WHERE ${where}`;
}

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
 * Deletes the settled rows (by the states table) past the newest {@link KEEP_SETTLED}, from both tables: a row
 * that tells other messages ({@link toldMessageRows}) once they are all settled and past it too, their states with it.
 */
export function trimSettledStates(outbox: string, states: string): string {
  return `WITH cut AS (
    SELECT sequence FROM ${states} WHERE state <> 'pending' ORDER BY sequence DESC OFFSET ${KEEP_SETTLED} LIMIT 1
  ), done AS (
    SELECT o.sequence FROM ${outbox} o JOIN ${states} s ON s.sequence = o.sequence
    WHERE s.state <> 'pending' AND s.sequence <= (SELECT sequence FROM cut) AND (o.told IS NULL OR NOT EXISTS (
      SELECT 1 FROM json_array_elements(o.told::json) t LEFT JOIN ${states} ts ON ts.sequence = (t->>0)::bigint
      WHERE ts.sequence IS NULL OR ts.state = 'pending' OR ts.sequence > (SELECT sequence FROM cut)))
  ), gone AS (
    DELETE FROM ${outbox} WHERE sequence IN (SELECT sequence FROM done) RETURNING sequence, told
  )
  DELETE FROM ${states} WHERE sequence IN (
    SELECT sequence FROM gone UNION ALL SELECT (t->>0)::bigint FROM gone, json_array_elements(gone.told::json) t WHERE gone.told IS NOT NULL)`;
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
  await addToldColumn(client, outbox);
}

/**
 * Adds the `told` column to a table an earlier version made (nullable: nothing is rewritten). Only when missing:
 * even `ADD COLUMN IF NOT EXISTS` locks the table, and every process opening it would wait for its writers.
 */
async function addToldColumn(client: SqlClient, outbox: string): Promise<void> {
  const { rows } = await client.query(`SELECT count(*) AS held FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'told' AND NOT attisdropped`, [outbox]);
  if (Number(rows[0]?.['held']) === 1) return;
  const alter = `ALTER TABLE ${outbox} ADD COLUMN IF NOT EXISTS told ${COLUMNS.told.table}`;
  await client.query(alter).catch(() => client.query(alter));
}
