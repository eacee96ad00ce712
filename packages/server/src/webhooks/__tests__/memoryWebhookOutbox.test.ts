import { describe, expect, it } from 'vitest';
import { memoryWebhookOutbox } from '../memoryWebhookOutbox.js';
import type { WebhookMessage } from '../webhookOutbox.js';
import { describeWebhookOutbox } from './support/webhookOutboxContract.js';

describeWebhookOutbox('memoryWebhookOutbox', async () => memoryWebhookOutbox());

const message = (id: string, orderKey = `user:${id}`): WebhookMessage => ({ id, endpoint: 'http://e', orderKey, type: 'user.updated', body: '{}', recordedAt: 0 });

describe('memoryWebhookOutbox', () => {
  it('keeps every pending entry and the most recently settled ones up to its bound', async () => {
    const outbox = memoryWebhookOutbox({ keepSettled: 2 });
    outbox.recordNow(['msg_1', 'msg_2', 'msg_3', 'msg_4', 'msg_5'].map((id) => message(id)));
    const claimed = await outbox.claimDue(0, 10, 100);
    // Settled in the order 3, 1, 4: the two settled last stay, with the two never settled.
    for (const index of [2, 0, 3]) await outbox.markDelivered(claimed[index]!.sequence, { at: 0, status: 200, error: null });
    expect((await outbox.list(10)).map((entry) => entry.id)).toEqual(['msg_5', 'msg_4', 'msg_2', 'msg_1']);
    // Re-queued, an entry is pending again and no longer counts as settled.
    expect(await outbox.requeue('msg_1', 1)).toBe(1);
    await outbox.markDelivered(claimed[4]!.sequence, { at: 0, status: 200, error: null });
    expect((await outbox.list(10)).map((entry) => [entry.id, entry.state])).toEqual([
      ['msg_5', 'delivered'],
      ['msg_4', 'delivered'],
      ['msg_2', 'pending'],
      ['msg_1', 'pending'],
    ]);
  });

  it('records in the caller’s step: recordNow is done when it returns', () => {
    const outbox = memoryWebhookOutbox();
    outbox.recordNow([message('msg_1')]);
    let claimed = -1;
    void outbox.claimDue(0, 10, 1).then((entries) => (claimed = entries.length));
    return Promise.resolve().then(() => expect(claimed).toBe(1));
  });

  it('refuses a bound that is not a whole number of at least 0, and marks only pending entries', async () => {
    expect(() => memoryWebhookOutbox({ keepSettled: -1 })).toThrow(TypeError);
    expect(() => memoryWebhookOutbox({ keepSettled: 1.5 })).toThrow(TypeError);
    const outbox = memoryWebhookOutbox();
    await expect(outbox.markDelivered(1, { at: 0, status: 200, error: null })).rejects.toThrow(RangeError);
  });
});
