import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ResourceKind } from '../../store/resourceKind.js';
import { webhookEvent, type WebhookEventType } from '../webhookEvent.js';
import { newMessageId, webhookMessages, type WebhookEndpoint } from '../webhookMessages.js';

const kinds: readonly ResourceKind[] = ['user', 'organization', 'organization_membership'];
const context = { timestamp: 1, instanceId: 'ins_1', clientIp: '', userAgent: '' };
const objectOf = { user: 'user', organization: 'organization', organization_membership: 'organization_membership' } as const;
/** A resource's JSON as its answers give it. */
const resourceOf = (kind: ResourceKind, id: string) => ({ object: objectOf[kind], id, name: 'x' });

const eventTypes: readonly WebhookEventType[] = kinds.flatMap((kind) =>
  (['created', 'updated', 'deleted'] as const).map((action) => webhookEvent(kind, action, resourceOf(kind, 'id_1'), context).type),
);

const endpoint: fc.Arbitrary<WebhookEndpoint> = fc.record(
  { url: fc.webUrl(), secret: fc.constant('whsec_YWJj'), eventTypes: fc.subarray([...eventTypes]) },
  { requiredKeys: ['url', 'secret'] },
);

describe('webhookMessages', () => {
  it.prop([fc.constantFrom(...kinds), fc.string(), fc.array(endpoint, { maxLength: 4 }), fc.nat()])(
    'makes one message per endpoint that takes the event’s type, all with one id and the event’s text',
    (kind, id, endpoints, recordedAt) => {
      const event = webhookEvent(kind, 'updated', resourceOf(kind, id), context);
      const messages = webhookMessages(event, endpoints, recordedAt);
      const takers = endpoints.filter((candidate) => candidate.eventTypes === undefined || candidate.eventTypes.includes(event.type));
      expect(messages.map((message) => message.endpoint)).toEqual(takers.map((taker) => taker.url));
      expect(new Set(messages.map((message) => message.id)).size).toBeLessThanOrEqual(1);
      for (const message of messages) {
        expect(JSON.parse(message.body)).toEqual(event);
        expect(message).toMatchObject({ type: event.type, recordedAt });
      }
    },
  );

  it.prop([fc.constantFrom(...kinds), fc.string(), fc.string()])(
    'orders a resource’s created, updated and deleted events in one line, apart from any other resource’s',
    (kind, id, otherId) => {
      const all = [{ url: 'http://e', secret: 'whsec_YWJj' }];
      const keyOf = (action: 'created' | 'updated' | 'deleted', resourceId: string) =>
        webhookMessages(webhookEvent(kind, action, resourceOf(kind, resourceId), context), all, 0)[0]!.orderKey;
      expect(new Set([keyOf('created', id), keyOf('updated', id), keyOf('deleted', id)]).size).toBe(1);
      if (otherId !== id) expect(keyOf('updated', otherId)).not.toBe(keyOf('updated', id));
      for (const other of kinds.filter((candidate) => candidate !== kind)) {
        const otherKey = webhookMessages(webhookEvent(other, 'updated', resourceOf(other, id), context), all, 0)[0]!.orderKey;
        expect(otherKey).not.toBe(keyOf('updated', id));
      }
    },
  );

  it('gives each message a new msg_ id of 27 base-62 characters', () => {
    const ids = Array.from({ length: 1000 }, newMessageId);
    for (const id of ids) expect(id).toMatch(/^msg_[0-9A-Za-z]{27}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
