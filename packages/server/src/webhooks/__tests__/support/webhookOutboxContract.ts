import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { WebhookMessage, WebhookOutbox, WebhookOutboxEntry } from '../../webhookOutbox.js';

/** One step on an outbox. Claimed entries and recorded messages are named by how far back they are in the run so far. */
type Step =
  | { readonly op: 'record'; readonly line: number; readonly endpoints: number }
  | { readonly op: 'claim'; readonly limit: number; readonly lease: number }
  | { readonly op: 'deliver'; readonly claim: number }
  | { readonly op: 'fail'; readonly claim: number; readonly retryIn: number | null }
  | { readonly op: 'requeue'; readonly message: number }
  | { readonly op: 'advance'; readonly ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('record' as const), line: fc.nat(1), endpoints: fc.integer({ min: 1, max: 2 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('claim' as const), limit: fc.integer({ min: 1, max: 5 }), lease: fc.integer({ min: 1, max: 50 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('deliver' as const), claim: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('fail' as const), claim: fc.nat(3), retryIn: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('requeue' as const), message: fc.nat(7) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60 }) }), weight: 2 },
);

/** What the outbox should hold: each entry's state and when its claim ends. */
interface Modelled {
  message: WebhookMessage;
  sequence: number;
  state: WebhookOutboxEntry['state'];
  nextAttemptAt: number;
  since: number;
  attempts: number;
  leaseUntil: number;
}

const lineOf = (message: WebhookMessage): string => `${message.endpoint} ${message.orderKey}`;

/**
 * The contract every {@link WebhookOutbox} keeps, run against a fresh one from `make` per case: the memory outbox
 * now, the Postgres outbox once it exists.
 */
export function describeWebhookOutbox(name: string, make: () => Promise<WebhookOutbox>, { numRuns = 150 } = {}): void {
  describe(`${name}: the WebhookOutbox contract`, () => {
    it.prop([fc.array(step, { maxLength: 80, size: 'max' })], { numRuns })(
      'hands out only the first pending entry of each line, due and unclaimed, and keeps what it handed out as it was',
      async (steps) => {
        const outbox = await make();
        const model: Modelled[] = [];
        const ids: string[] = [];
        const claims: WebhookOutboxEntry[] = [];
        const handedOut: [WebhookOutboxEntry, string][] = [];
        let now = 1_000;
        for (const current of steps) {
          switch (current.op) {
            case 'record': {
              const id = `msg_${ids.length}`;
              ids.push(id);
              const messages = Array.from({ length: current.endpoints }, (_, endpoint) => ({
                id,
                endpoint: `http://endpoint-${endpoint}`,
                orderKey: `user:user_${current.line}`,
                type: 'user.updated' as const,
                body: JSON.stringify({ id, line: current.line }),
                recordedAt: now,
              }));
              await outbox.record(messages);
              for (const message of messages) {
                model.push({ message, sequence: 0, state: 'pending', nextAttemptAt: now, since: now, attempts: 0, leaseUntil: -Infinity });
              }
              break;
            }
            case 'claim': {
              const claimed = await outbox.claimDue(now, current.limit, now + current.lease);
              const heads = new Map<string, Modelled>();
              for (const entry of model) if (entry.state === 'pending' && !heads.has(lineOf(entry.message))) heads.set(lineOf(entry.message), entry);
              const eligible = [...heads.values()].filter((entry) => entry.nextAttemptAt <= now && entry.leaseUntil <= now);
              expect(claimed.length).toBe(Math.min(current.limit, eligible.length));
              for (const entry of claimed) {
                const modelled = eligible.find((candidate) => lineOf(candidate.message) === lineOf(entry) && candidate.message.id === entry.id);
                expect(modelled, `claimed ${entry.id} at ${entry.endpoint}, not the due head of its line`).toBeDefined();
                expect(entry).toMatchObject({ ...modelled!.message, state: 'pending', nextAttemptAt: modelled!.nextAttemptAt, since: modelled!.since });
                expect(entry.attempts).toHaveLength(modelled!.attempts);
                modelled!.sequence = entry.sequence;
                modelled!.leaseUntil = now + current.lease;
                claims.push(entry);
                handedOut.push([entry, JSON.stringify(entry)]);
              }
              break;
            }
            case 'deliver':
            case 'fail': {
              const claim = claims[claims.length - 1 - current.claim];
              const modelled = model.find((entry) => entry.sequence === claim?.sequence);
              // Only an entry still held by its claim is marked, as a deliverer does.
              if (claim === undefined || modelled === undefined || modelled.state !== 'pending' || modelled.leaseUntil <= now) break;
              const attempt = { at: now, status: current.op === 'deliver' ? 200 : 500, error: current.op === 'deliver' ? null : 'HTTP 500' };
              modelled.attempts++;
              modelled.leaseUntil = -Infinity;
              if (current.op === 'deliver') {
                await outbox.markDelivered(claim.sequence, attempt);
                modelled.state = 'delivered';
              } else {
                await outbox.markAttemptFailed(claim.sequence, attempt, current.retryIn === null ? null : now + current.retryIn);
                if (current.retryIn === null) modelled.state = 'failed';
                else modelled.nextAttemptAt = now + current.retryIn;
              }
              break;
            }
            case 'requeue': {
              // Past the first message: one the outbox never held.
              const id = ids[ids.length - 1 - current.message] ?? 'msg_none';
              const entries = model.filter((entry) => entry.message.id === id);
              expect(await outbox.requeue(id, now)).toBe(entries.length);
              for (const entry of entries) Object.assign(entry, { state: 'pending', nextAttemptAt: now, since: now });
              break;
            }
            case 'advance':
              now += current.ms;
              break;
          }
        }
        const listed = await outbox.list(model.length + 1);
        expect(listed.map((entry) => [entry.id, entry.endpoint, entry.state])).toEqual(
          model.map((entry) => [entry.message.id, entry.message.endpoint, entry.state]).reverse(),
        );
        expect(listed.map((entry) => entry.attempts.length)).toEqual(model.map((entry) => entry.attempts).reverse());
        for (const [entry, text] of handedOut) expect(JSON.stringify(entry)).toBe(text);
      },
    );

    it('numbers entries in recording order and lists the newest first, as many as asked', async () => {
      const outbox = await make();
      const message = (id: string): WebhookMessage => ({ id, endpoint: 'http://e', orderKey: `user:${id}`, type: 'user.created', body: '{}', recordedAt: 5 });
      await outbox.record([message('msg_a'), message('msg_b')]);
      await outbox.record([message('msg_c')]);
      const listed = await outbox.list(2);
      expect(listed.map((entry) => entry.id)).toEqual(['msg_c', 'msg_b']);
      expect(listed[0]!.sequence).toBeGreaterThan(listed[1]!.sequence);
      expect(await outbox.list(0)).toEqual([]);
    });
  });
}
