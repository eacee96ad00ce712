// How exclusivePostgresStore stores the messages of a batch: consecutive events of one resource differ in a few
// fields (`updated_at`, `timestamp`, the metadata that changed), and PGlite takes each row and each byte of a
// statement at a cost (about 20 µs a row, 20 ns a byte). So the first message of each line (endpoint and resource)
// in a batch is a row, whole, and the line's later messages of the batch are told by it: in its `told` column, each
// as the part of its body that differs from the row's. Their delivery states are rows of the states table, as any
// message's.
import type { WebhookEventType } from '../../webhooks/webhookEvent.js';
import type { WebhookOutboxEntry } from '../../webhooks/webhookOutbox.js';
import { applyBodyDelta, bodyDelta } from './bodyDelta.js';
import type { SqlClient } from './sqlClient.js';
import { insertMessages, jsonRows, messageRow, OUTBOX_COLUMNS, toOutboxEntry } from './webhookOutboxTable.js';

/** A message told by its row: `[sequence, id, recordedAt, prefix, suffix, middle, type]`, the type `null` when the row's. */
export type ToldMessage = readonly [number, string, number, number, number, string, WebhookEventType | null];

/** A message is told by its line's row only when that keeps less than half of its body. */
const worthTelling = (middle: string, body: string): boolean => middle.length * 2 < body.length;

/**
 * The rows of the messages a batch recorded (in sequence order): a row for the first of each line, whole, telling
 * the line's later ones that are much like it; a message unlike its row's becomes a row of its own, and the row of
 * the messages after it.
 */
export function toldMessageRows(entries: readonly WebhookOutboxEntry[]): object[] {
  const rows: { row: Record<string, unknown>; entry: WebhookOutboxEntry; told: ToldMessage[] }[] = [];
  const rowOfLine = new Map<string, (typeof rows)[number]>();
  for (const entry of entries) {
    const line = `${entry.endpoint}\u0000${entry.orderKey}`;
    const held = rowOfLine.get(line);
    const delta = held === undefined ? undefined : bodyDelta(held.entry.body, entry.body);
    if (held !== undefined && delta !== undefined && worthTelling(delta.middle, entry.body)) {
      held.told.push([entry.sequence, entry.id, entry.recordedAt, delta.prefix, delta.suffix, delta.middle, entry.type === held.entry.type ? null : entry.type]);
      continue;
    }
    const fresh = { row: messageRow(entry, entry.sequence) as Record<string, unknown>, entry, told: [] };
    rows.push(fresh);
    rowOfLine.set(line, fresh);
  }
  return rows.map(({ row, told }) => (told.length === 0 ? row : { ...row, told: JSON.stringify(told) }));
}

/** The messages a row tells, as entries (pending unless `states` has them), from its own entry. */
function toldEntries(row: Record<string, unknown>, own: WebhookOutboxEntry, states: ReadonlyMap<number, Record<string, unknown>>): WebhookOutboxEntry[] {
  if (row['told'] === null || row['told'] === undefined) return [];
  return (JSON.parse(String(row['told'])) as ToldMessage[]).map(([sequence, id, recordedAt, prefix, suffix, middle, type]) => {
    const state = states.get(sequence);
    return {
      sequence,
      id,
      endpoint: own.endpoint,
      orderKey: own.orderKey,
      type: type ?? own.type,
      body: applyBodyDelta(own.body, { prefix, suffix, middle }),
      recordedAt,
      since: state === undefined ? recordedAt : Number(state['since']),
      nextAttemptAt: state === undefined ? recordedAt : Number(state['next_attempt_at']),
      state: state === undefined ? 'pending' : (String(state['state']) as WebhookOutboxEntry['state']),
      attempts: state === undefined ? [] : (JSON.parse(String(state['attempts'])) as WebhookOutboxEntry['attempts']),
    };
  });
}

/**
 * Every message of some outbox rows (each with its own state where the read joined it), and those they tell
 * (with their states from `states`, rows of the states table), in sequence order.
 */
export function outboxEntriesOf(rows: readonly Record<string, unknown>[], states: readonly Record<string, unknown>[]): WebhookOutboxEntry[] {
  const stateOf = new Map(states.map((state) => [Number(state['sequence']), state]));
  return rows
    .flatMap((row) => {
      const own = toOutboxEntry(row);
      return [own, ...toldEntries(row, own, stateOf)];
    })
    .sort((a, b) => a.sequence - b.sequence);
}

/**
 * Writes as rows of their own, whole and pending, the messages exclusivePostgresStore's rows tell: postgresStore,
 * opening a table that store wrote, reads and claims rows one by one. Run by its migration; a table without such rows
 * is left as it is, so running it again, or twice at once, changes nothing more (the second finds them told no more).
 */
export async function writeToldAsRows(client: SqlClient, outbox: string): Promise<void> {
  const { rows } = await client.query(`SELECT ${OUTBOX_COLUMNS} FROM ${outbox} WHERE told IS NOT NULL`);
  if (rows.length === 0) return;
  const rowSequences = new Set(rows.map((row) => Number(row['sequence'])));
  const told = outboxEntriesOf(rows, []).filter((entry) => !rowSequences.has(entry.sequence));
  await client.query(
    `WITH cleared AS (UPDATE ${outbox} SET told = NULL WHERE sequence IN (SELECT sequence FROM ${jsonRows('$2', ['sequence'])}) AND told IS NOT NULL RETURNING 1)
     ${insertMessages(outbox, '$1', true, 'EXISTS (SELECT 1 FROM cleared)')}`,
    [JSON.stringify(told.map((entry) => messageRow(entry, entry.sequence))), JSON.stringify(rows.map((row) => ({ sequence: row['sequence'] })))],
  );
}
