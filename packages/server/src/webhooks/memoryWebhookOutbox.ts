import type { WebhookAttempt, WebhookMessage, WebhookOutbox, WebhookOutboxEntry } from './webhookOutbox.js';

/**
 * Options of {@link memoryWebhookOutbox}.
 *
 * @public
 */
export interface MemoryWebhookOutboxOptions {
  /** How many delivered or failed entries it keeps for inspection (the oldest go first). Default 1,000. */
  readonly keepSettled?: number;
}

/**
 * A {@link WebhookOutbox} in this process's memory, with a synchronous `recordNow` for a store that records a
 * change's messages in the same synchronous step as the change.
 *
 * @public
 */
export interface MemoryWebhookOutbox extends WebhookOutbox {
  /** {@link WebhookOutbox.record}, done before it returns. */
  recordNow(messages: readonly WebhookMessage[]): void;
  /**
   * Holds an entry as it is, with its own sequence (later recordings get larger ones): for a store that keeps the
   * entries in a table too, and fills this outbox from it.
   */
  restore(entry: WebhookOutboxEntry): void;
  /** The entry of a sequence, while it is held. */
  entry(sequence: number): WebhookOutboxEntry | undefined;
}

/** The line an entry waits in: its endpoint and order key. */
const lineOf = (message: WebhookMessage): string => `${message.endpoint}\u0000${message.orderKey}`;

/** Inserts `sequence` into an ascending line. Re-queued entries are the only ones not recorded last. */
function insertSorted(line: number[], sequence: number): void {
  let index = line.length;
  while (index > 0 && line[index - 1]! > sequence) index--;
  if (line[index - 1] !== sequence) line.splice(index, 0, sequence);
}

/**
 * A {@link WebhookOutbox} in this process's memory: for the memory store, tests and single-process embedding.
 * Pending entries are kept until they settle; settled ones, up to `keepSettled` of them.
 *
 * @example
 * ```ts
 * const outbox = memoryWebhookOutbox();
 * await outbox.list(10); // => []
 * ```
 *
 * @public
 */
export function memoryWebhookOutbox(options: MemoryWebhookOutboxOptions = {}): MemoryWebhookOutbox {
  const keepSettled = options.keepSettled ?? 1000;
  if (!Number.isSafeInteger(keepSettled) || keepSettled < 0) throw new TypeError('memoryWebhookOutbox: keepSettled must be a whole number of at least 0');
  /** Every entry held, in sequence order. */
  const entries = new Map<number, WebhookOutboxEntry>();
  /** Each line's pending sequences, ascending: its first is the only one that may be claimed. */
  const lines = new Map<string, number[]>();
  /** Claimed sequences and when their claims end. */
  const leases = new Map<number, number>();
  /** Settled sequences, in the order they settled: the first go past `keepSettled`. */
  const settled = new Set<number>();
  let nextSequence = 1;

  /** Puts an entry in its line, in sequence order. */
  function enqueue(entry: WebhookOutboxEntry): void {
    const line = lines.get(lineOf(entry));
    if (line === undefined) lines.set(lineOf(entry), [entry.sequence]);
    else insertSorted(line, entry.sequence);
  }

  function recordNow(messages: readonly WebhookMessage[]): void {
    for (const message of messages) {
      const entry: WebhookOutboxEntry = {
        ...message,
        sequence: nextSequence++,
        state: 'pending',
        attempts: [],
        nextAttemptAt: message.recordedAt,
        since: message.recordedAt,
      };
      entries.set(entry.sequence, entry);
      enqueue(entry);
    }
  }

  function restore(entry: WebhookOutboxEntry): void {
    if (entries.has(entry.sequence)) throw new RangeError(`memoryWebhookOutbox: entry ${entry.sequence} is held already`);
    // Map order is insertion order, which list() reads as sequence order: an entry restored out of order goes
    // before the later ones (restoring in order, as a store does, moves nothing).
    const later = entry.sequence < nextSequence ? [...entries.values()].filter((held) => held.sequence > entry.sequence) : [];
    for (const held of later) entries.delete(held.sequence);
    entries.set(entry.sequence, entry);
    for (const held of later) entries.set(held.sequence, held);
    nextSequence = Math.max(nextSequence, entry.sequence + 1);
    if (entry.state === 'pending') return enqueue(entry);
    settled.add(entry.sequence);
    dropOldestSettled();
  }

  function pending(sequence: number): WebhookOutboxEntry {
    const entry = entries.get(sequence);
    if (entry?.state !== 'pending') throw new RangeError(`memoryWebhookOutbox: no pending entry ${sequence}`);
    return entry;
  }

  /** Ends an entry's round: it leaves its line, and the oldest settled entries past the bound are dropped. */
  function settle(entry: WebhookOutboxEntry): void {
    entries.set(entry.sequence, entry);
    leases.delete(entry.sequence);
    const line = lines.get(lineOf(entry))!;
    line.splice(line.indexOf(entry.sequence), 1);
    if (line.length === 0) lines.delete(lineOf(entry));
    settled.add(entry.sequence);
    dropOldestSettled();
  }

  /** Drops the settled entries that settled first, past `keepSettled`. */
  function dropOldestSettled(): void {
    for (const oldest of settled) {
      if (settled.size <= keepSettled) break;
      settled.delete(oldest);
      entries.delete(oldest);
    }
  }

  return {
    recordNow,
    restore,
    entry: (sequence) => entries.get(sequence),
    async record(messages) {
      recordNow(messages);
    },
    async claimDue(now, limit, leaseUntil) {
      const claimed: WebhookOutboxEntry[] = [];
      for (const line of lines.values()) {
        if (claimed.length >= limit) break;
        const entry = entries.get(line[0]!)!;
        if (entry.nextAttemptAt > now || (leases.get(entry.sequence) ?? Number.NEGATIVE_INFINITY) > now) continue;
        leases.set(entry.sequence, leaseUntil);
        claimed.push(entry);
      }
      return claimed;
    },
    async markDelivered(sequence, attempt) {
      const entry = pending(sequence);
      settle({ ...entry, state: 'delivered', attempts: [...entry.attempts, attempt] });
    },
    async markAttemptFailed(sequence: number, attempt: WebhookAttempt, retryAt: number | null) {
      const entry = pending(sequence);
      const attempts = [...entry.attempts, attempt];
      if (retryAt === null) return settle({ ...entry, state: 'failed', attempts });
      entries.set(sequence, { ...entry, attempts, nextAttemptAt: retryAt });
      leases.delete(sequence);
    },
    async requeue(id, now) {
      let requeued = 0;
      for (const entry of entries.values()) {
        if (entry.id !== id) continue;
        entries.set(entry.sequence, { ...entry, state: 'pending', nextAttemptAt: now, since: now });
        settled.delete(entry.sequence);
        enqueue(entry);
        requeued++;
      }
      return requeued;
    },
    async list(limit) {
      return limit > 0 ? [...entries.values()].slice(-limit).reverse() : [];
    },
  };
}
