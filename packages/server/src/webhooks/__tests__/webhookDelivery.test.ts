import { fc, it } from '@fast-check/vitest';
import { afterEach, describe, expect } from 'vitest';
import { memoryWebhookOutbox, type MemoryWebhookOutbox } from '../memoryWebhookOutbox.js';
import { webhookDelivery, type WebhookDelivery, type WebhookDeliveryOptions } from '../webhookDelivery.js';
import { webhookEvent } from '../webhookEvent.js';
import { webhookMessages } from '../webhookMessages.js';
import type { WebhookOutboxEntry } from '../webhookOutbox.js';
import { generateWebhookSecret } from '../webhookSecret.js';
import type { WebhookEvent } from '@clerk/backend/webhooks';
import { ManualClock } from './support/manualClock.js';
import { verifyingEndpoint, type EndpointAnswer, type Received } from './support/verifyingEndpoint.js';

const retryDelays = [1000, 2000, 4000];
const maxAge = 20_000;

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((endpoint) => endpoint.close()));
});

/**
 * An outbox delivered to a real endpoint that verifies with Clerk's `verifyWebhook`; `answers` decides each
 * verified request's answer in arrival order (200 once they run out), or decides from the event itself.
 */
async function setUp(answers: EndpointAnswer[] | ((event: WebhookEvent) => EndpointAnswer) = [], options: Partial<WebhookDeliveryOptions> = {}) {
  const secret = generateWebhookSecret();
  const script = typeof answers === 'function' ? [] : [...answers];
  const endpoint = await verifyingEndpoint(secret, typeof answers === 'function' ? answers : () => script.shift() ?? 200);
  open.push(endpoint);
  const clock = new ManualClock();
  const outbox = memoryWebhookOutbox();
  const delivery = webhookDelivery({ outbox, endpoints: [{ url: endpoint.url, secret }], clock, retryDelays, maxAge, ...options });
  /** Records a user's change as the store will: the event's messages, in the same step. */
  const record = (userId: string, version: number, recordedAt = clock.now()): string => {
    const user = { object: 'user', id: userId, public_metadata: { version } };
    const event = webhookEvent('user', 'updated', user, { timestamp: recordedAt, instanceId: 'ins_test', clientIp: '127.0.0.1', userAgent: 'test' });
    const messages = webhookMessages(event, [{ url: endpoint.url, secret }], recordedAt);
    outbox.recordNow(messages);
    return messages[0]!.id;
  };
  return { secret, endpoint, clock, outbox, delivery, record };
}

/** Delivers until nothing is pending, moving the clock to each next retry: no real waiting. */
async function settle(delivery: WebhookDelivery, outbox: MemoryWebhookOutbox, clock: ManualClock): Promise<void> {
  for (let pass = 0; pass < 10_000; pass++) {
    if ((await delivery.deliverDue()) > 0) continue;
    const pending = (await outbox.list(Number.MAX_SAFE_INTEGER)).filter((entry) => entry.state === 'pending');
    if (pending.length === 0) return;
    const later = pending.map((entry) => entry.nextAttemptAt).filter((at) => at > clock.now());
    if (later.length === 0) throw new Error('pending entries are due, yet none was claimed');
    clock.advance(Math.min(...later) - clock.now());
  }
  throw new Error('delivery did not settle');
}

/** Waits (event-loop turns, not time) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 100_000 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('condition never held');
}

/** The svix-ids an endpoint verified, in arrival order, for one user. */
const idsFor = (received: readonly Received[], userId: string): string[] =>
  received.filter((request) => (request.event?.data as { id?: string } | undefined)?.id === userId).map((request) => request.svixId);

/** A list without immediate repeats: at-least-once delivery may repeat a message until it is acknowledged. */
const withoutRepeats = (ids: readonly string[]): string[] => ids.filter((id, index) => id !== ids[index - 1]);

/** The offsets from a round's start at which attempts are made, under `retryDelays` and `maxAge`. */
function scheduleOffsets(): number[] {
  const offsets = [0];
  for (;;) {
    const next = offsets.at(-1)! + retryDelays[Math.min(offsets.length, retryDelays.length) - 1]!;
    if (next > maxAge) return offsets;
    offsets.push(next);
  }
}

describe('webhookDelivery', () => {
  it.prop(
    [
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 12, size: 'max' }),
      fc.array(fc.constantFrom<EndpointAnswer>(200, 200, 500, 503, 404, 'drop'), { maxLength: 30, size: 'max' }),
    ],
    { numRuns: 25 },
  )('delivers every recorded event, verified, once acknowledged, in order per resource, whatever fails', async (users, answers) => {
    // Never given up here: the failures (at most 30, 4 s apart) stay well within the verifiers' five minutes.
    const { endpoint, clock, outbox, delivery, record } = await setUp(answers, { maxAge: 60 * 60 * 1000 });
    const recorded = users.map((user, version) => ({ userId: `user_${user}`, id: record(`user_${user}`, version) }));
    await settle(delivery, outbox, clock);

    expect(endpoint.received.every((request) => request.event !== undefined)).toBe(true);
    for (const userId of new Set(recorded.map((event) => event.userId))) {
      // Repeats only of the message not yet acknowledged, and the resource's messages in recording order.
      const expected = recorded.filter((event) => event.userId === userId).map((event) => event.id);
      expect(withoutRepeats(idsFor(endpoint.received, userId))).toEqual(expected);
    }
    const entries = await outbox.list(Number.MAX_SAFE_INTEGER);
    expect(entries.every((entry) => entry.state === 'delivered')).toBe(true);
    for (const entry of entries) {
      const arrivals = endpoint.received.filter((request) => request.svixId === entry.id);
      // Every attempt reached the endpoint, carrying the recorded body, signed when it was sent.
      expect(arrivals.map((request) => request.body)).toEqual(entry.attempts.map(() => entry.body));
      // Tried again after each answer but a 2xx, and never after one.
      expect(arrivals.map((request) => request.answer === 200)).toEqual(arrivals.map((_request, index) => index === arrivals.length - 1));
      expect(arrivals.map((request) => request.svixTimestamp)).toEqual(entry.attempts.map((attempt) => Math.floor(attempt.at / 1000)));
    }
  });

  it('holds a resource’s later event while an earlier one fails, and delivers other resources meanwhile', async () => {
    // user_a's first attempt fails, whichever of the two parallel requests arrives first.
    let failed = false;
    const { endpoint, clock, outbox, delivery, record } = await setUp((event) => {
      if (failed || (event.data as { id?: string }).id !== 'user_a') return 200;
      failed = true;
      return 500;
    });
    const first = record('user_a', 1);
    const second = record('user_a', 2);
    const other = record('user_b', 1);
    expect(await delivery.deliverDue()).toBe(2);
    expect(endpoint.received.map((request) => request.svixId).sort()).toEqual([first, other].sort());
    await settle(delivery, outbox, clock);
    expect(idsFor(endpoint.received, 'user_a')).toEqual([first, first, second]);
  });

  it('tries again after each delay, not before, then gives up past the bounded age and keeps the event', async () => {
    const { endpoint, clock, outbox, delivery, record } = await setUp(Array(100).fill(500));
    const start = clock.now();
    const id = record('user_a', 1);
    const offsets = scheduleOffsets();
    for (const [index, offset] of offsets.entries()) {
      const wait = start + offset - clock.now();
      if (wait > 0) {
        clock.advance(wait - 1);
        expect(await delivery.deliverDue()).toBe(0);
        clock.advance(1);
      }
      expect(await delivery.deliverDue()).toBe(1);
      expect(endpoint.received).toHaveLength(index + 1);
    }
    clock.advance(maxAge);
    expect(await delivery.deliverDue()).toBe(0);
    const [entry] = await outbox.list(1);
    expect(entry).toMatchObject({ id, state: 'failed' });
    expect(entry!.attempts.map((attempt) => attempt.at - start)).toEqual(offsets);
    expect(entry!.attempts.every((attempt) => attempt.status === 500 && attempt.error === 'HTTP 500')).toBe(true);
    expect(endpoint.received.every((request) => request.svixId === id)).toBe(true);
  });

  it('lets a resource’s later events go once an earlier one has failed for good', async () => {
    const { endpoint, clock, outbox, delivery, record } = await setUp(Array(scheduleOffsets().length).fill(500));
    const failed = record('user_a', 1);
    const later = record('user_a', 2);
    await settle(delivery, outbox, clock);
    expect(withoutRepeats(idsFor(endpoint.received, 'user_a'))).toEqual([failed, later]);
    expect((await outbox.list(2)).map((entry) => entry.state)).toEqual(['delivered', 'failed']);
  });

  it('re-sends an event on demand, failed or delivered: the same id and body, signed anew', async () => {
    const { endpoint, clock, outbox, delivery, record } = await setUp(Array(scheduleOffsets().length).fill(500));
    const id = record('user_a', 1);
    await settle(delivery, outbox, clock);
    expect((await outbox.list(1))[0]!.state).toBe('failed');
    const failures = endpoint.received.length;

    clock.advance(10_000);
    expect(await delivery.resend(id)).toBe(1);
    await settle(delivery, outbox, clock);
    expect((await outbox.list(1))[0]!.state).toBe('delivered');
    clock.advance(10_000);
    expect(await delivery.resend(id)).toBe(1);
    await settle(delivery, outbox, clock);

    const resent = endpoint.received.slice(failures);
    expect(resent.map((request) => [request.svixId, request.body, request.answer])).toEqual(resent.map(() => [id, endpoint.received[0]!.body, 200]));
    const timestamps = endpoint.received.map((request) => request.svixTimestamp);
    expect(new Set(timestamps.slice(failures - 1)).size).toBe(3);
    expect(await delivery.resend('msg_unknown')).toBe(0);
  });

  it('signs each attempt when it is sent: an event recorded an hour ago still verifies', async () => {
    const { endpoint, clock, outbox, delivery, record } = await setUp();
    const id = record('user_a', 1, clock.now() - 60 * 60 * 1000);
    await settle(delivery, outbox, clock);
    expect(endpoint.received.map((request) => [request.svixId, request.answer])).toEqual([[id, 200]]);
  });

  it('gives up at once on a message whose endpoint is no longer configured', async () => {
    const { endpoint, clock, outbox, delivery } = await setUp();
    outbox.recordNow([{ id: 'msg_1', endpoint: 'http://127.0.0.1:9/gone', orderKey: 'user:user_a', type: 'user.updated', body: '{}', recordedAt: clock.now() }]);
    expect(await delivery.deliverDue()).toBe(1);
    const [entry] = await outbox.list(1);
    expect(entry!.state).toBe('failed');
    expect(entry!.attempts[0]!.error).toMatch(/no endpoint/);
    expect(endpoint.received).toHaveLength(0);
  });

  it('delivers in the background once started, retrying when its timer falls due', async () => {
    const attempts: string[] = [];
    // Polling too seldom to matter: the retry comes from its own timer.
    const { endpoint, clock, delivery, record } = await setUp([503], {
      pollInterval: 60 * 60 * 1000,
      onAttempt: (_entry, _attempt, outcome) => attempts.push(outcome),
    });
    delivery.start();
    const id = record('user_a', 1);
    delivery.wake();
    clock.advance(0);
    await until(() => attempts.length === 1);
    expect(attempts).toEqual(['retry']);
    clock.advance(retryDelays[0]!);
    await until(() => attempts.length === 2);
    expect(attempts).toEqual(['retry', 'delivered']);
    expect(endpoint.received.map((request) => request.svixId)).toEqual([id, id]);
    await delivery.stop();
  });

  it('never holds up recording: events are recorded while an attempt hangs, which times out and is retried', async () => {
    const outcomes: (string | null)[] = [];
    const { endpoint, clock, outbox, delivery, record } = await setUp(['hang'], {
      attemptTimeout: 5000,
      pollInterval: 60 * 60 * 1000,
      onAttempt: (_entry, attempt) => outcomes.push(attempt.error),
    });
    delivery.start();
    const first = record('user_a', 1);
    delivery.wake();
    clock.advance(0);
    await until(() => endpoint.received.length === 1);
    // The attempt is under way and unanswered: recording goes on.
    const later = [record('user_a', 2), record('user_b', 1)];
    await outbox.record([]);
    delivery.wake();
    expect((await outbox.list(3)).map((entry: WebhookOutboxEntry) => entry.id)).toEqual([later[1], later[0], first]);
    clock.advance(5000);
    await until(() => outcomes.length >= 2);
    expect(outcomes.some((error) => error !== null && /no answer within 5000 ms|abort/i.test(error))).toBe(true);
    clock.advance(retryDelays[0]!);
    await until(() => endpoint.received.filter((request) => request.answer === 200).length === 3);
    expect(withoutRepeats(idsFor(endpoint.received, 'user_a'))).toEqual([first, later[0]]);
    await delivery.stop();
  });

  it.each<[string, Partial<WebhookDeliveryOptions>]>([
    ['no retry delay', { retryDelays: [] }],
    ['a negative delay', { retryDelays: [1000, -1] }],
    ['a maxAge of 0', { maxAge: 0 }],
    ['an infinite attemptTimeout', { attemptTimeout: Number.POSITIVE_INFINITY }],
    ['a fractional concurrency', { concurrency: 1.5 }],
    ['a pollInterval that is not a number', { pollInterval: Number.NaN }],
    ['an endpoint secret that is not whsec_', { endpoints: [{ url: 'http://127.0.0.1:9/', secret: 'sk_test_1' }] }],
  ])('refuses %s with a TypeError', (_what, options) => {
    expect(() => webhookDelivery({ outbox: memoryWebhookOutbox(), endpoints: [], ...options })).toThrow(TypeError);
  });
});
