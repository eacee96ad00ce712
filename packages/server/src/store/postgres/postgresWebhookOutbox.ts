import type { WebhookOutbox } from '../../webhooks/webhookOutbox.js';
import { nextTurn } from '../../shared/nextTurn.js';
import type { SqlClient } from './sqlClient.js';
import { insertMessages, KEEP_SETTLED, messageRow, OUTBOX_COLUMNS, toOutboxEntry, trimSettled } from './webhookOutboxTable.js';

/** One attempt's outcome as a row of the statement that writes them. */
interface MarkRow {
  readonly sequence: number;
  readonly state: 'pending' | 'delivered' | 'failed';
  /** The attempt, as JSON. */
  readonly attempt: string;
  /** When a failed attempt's message is due again; `null`: delivered, or given up. */
  readonly retry_at: number | null;
}

/**
 * The outbox of {@link postgresStore}: its table, shared by every process on the database. Each statement is one
 * query (any pooled client works), and a claim is a lease written to the row, committed before the attempt.
 *
 * @remarks
 * Order per resource across processes: only the first pending row of a line (endpoint and resource) is ever
 * claimable, and the claim locks it `FOR UPDATE SKIP LOCKED` and re-checks its conditions on the row's newest
 * version, so two processes never hold rows of one line at once, and a later row waits until the head settles.
 * A process killed during an attempt leaves its claim to end, then any process takes the row over.
 */
export function postgresWebhookOutbox(client: SqlClient, outbox: string, migrate: () => Promise<void>): WebhookOutbox {
  let settledSinceTrim = 0;

  /** Deletes the oldest settled rows now and then: a table that keeps every delivery would grow without bound. */
  async function settled(count: number): Promise<void> {
    settledSinceTrim += count;
    if (settledSinceTrim < KEEP_SETTLED) return;
    settledSinceTrim = 0;
    await client.query(trimSettled(outbox));
  }

  /** The marks waiting for the next statement, each with what its caller awaits. */
  let waiting: { readonly row: MarkRow; readonly done: (error?: unknown) => void }[] = [];

  /** Writes every waiting mark in one statement: the attempts that end in one turn of the event loop. */
  async function writeMarks(): Promise<void> {
    const marks = waiting;
    waiting = [];
    try {
      await client.query(
        `UPDATE ${outbox} o SET state = m.state, next_attempt_at = coalesce(m.retry_at, o.next_attempt_at),
           attempts = (o.attempts::jsonb || jsonb_build_array(m.attempt::jsonb))::text, claimed_until = 0
         FROM json_to_recordset($1::json) AS m(sequence bigint, state text, attempt text, retry_at bigint)
         WHERE o.sequence = m.sequence AND o.state = 'pending'`,
        [JSON.stringify(marks.map((mark) => mark.row))],
      );
      await settled(marks.filter((mark) => mark.row.state !== 'pending').length);
    } catch (error) {
      for (const mark of marks) mark.done(error);
      return;
    }
    for (const mark of marks) mark.done();
  }

  /** Ends a claim with an attempt's outcome, written with the others that end in the same turn. */
  function mark(row: MarkRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (waiting.length === 0) nextTurn(() => void writeMarks());
      waiting.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  }

  return {
    async record(messages) {
      await migrate();
      if (messages.length > 0) await client.query(insertMessages(outbox, '$1', false), [JSON.stringify(messages.map((message) => messageRow(message)))]);
    },
    async claimDue(now, limit, leaseUntil) {
      await migrate();
      const { rows } = await client.query(
        // The heads by a skip scan of the lines index: one probe per line, where DISTINCT ON read every pending
        // row (EXPLAIN ANALYZE on PostgreSQL 15, 50,000 pending rows in 1 line: 0.1 ms against 36 ms; in 1,000
        // lines: 21 ms against 62 ms).
        `WITH RECURSIVE heads AS (
           (SELECT endpoint, order_key, sequence FROM ${outbox} WHERE state = 'pending' ORDER BY endpoint, order_key, sequence LIMIT 1)
           UNION ALL
           SELECT n.endpoint, n.order_key, n.sequence FROM heads h CROSS JOIN LATERAL (
             SELECT endpoint, order_key, sequence FROM ${outbox}
             WHERE state = 'pending' AND (endpoint, order_key) > (h.endpoint, h.order_key)
             ORDER BY endpoint, order_key, sequence LIMIT 1) n
         ), due AS (
           SELECT o.sequence FROM ${outbox} o JOIN heads h ON h.sequence = o.sequence
           WHERE o.state = 'pending' AND o.next_attempt_at <= $1 AND o.claimed_until <= $1
           ORDER BY o.sequence LIMIT $2
           FOR UPDATE OF o SKIP LOCKED
         )
         UPDATE ${outbox} o SET claimed_until = $3 FROM due WHERE o.sequence = due.sequence
         RETURNING ${OUTBOX_COLUMNS.split(', ').map((column) => `o.${column}`).join(', ')}`,
        [now, limit, leaseUntil],
      );
      return rows.map(toOutboxEntry).sort((a, b) => a.sequence - b.sequence);
    },
    markDelivered: (sequence, attempt) => mark({ sequence, state: 'delivered', attempt: JSON.stringify(attempt), retry_at: null }),
    markAttemptFailed: (sequence, attempt, retryAt) =>
      mark({ sequence, state: retryAt === null ? 'failed' : 'pending', attempt: JSON.stringify(attempt), retry_at: retryAt }),
    async requeue(id, now) {
      await migrate();
      const { rows } = await client.query(
        `UPDATE ${outbox} SET state = 'pending', next_attempt_at = $2, since = $2 WHERE id = $1 RETURNING sequence`,
        [id, now],
      );
      return rows.length;
    },
    async list(limit) {
      await migrate();
      if (limit <= 0) return [];
      const { rows } = await client.query(`SELECT ${OUTBOX_COLUMNS} FROM ${outbox} ORDER BY sequence DESC LIMIT $1`, [limit]);
      return rows.map(toOutboxEntry);
    },
  };
}
