import type { JsonObject } from '@metadata-semantics/core';
import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ResourceKind } from '../../store/resourceKind.js';
import { eventText, webhookEvent, type WebhookAction, type WebhookEventContext } from '../webhookEvent.js';

const kinds: readonly ResourceKind[] = ['user', 'organization', 'organization_membership'];
const actions: readonly WebhookAction[] = ['created', 'updated', 'deleted'];
/** Each kind's name in Clerk's event types (`WebhookEventType` of `@clerk/backend`). */
const clerkNames = { user: 'user', organization: 'organization', organization_membership: 'organizationMembership' } as const;

const context = fc.record({
  timestamp: fc.nat(),
  instanceId: fc.string(),
  clientIp: fc.string(),
  userAgent: fc.string(),
}) satisfies fc.Arbitrary<WebhookEventContext>;

/** A resource's JSON: any JSON object with an id (as every Clerk resource has). */
const resource = fc
  .tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.option(fc.string(), { nil: undefined }))
  .map(([fields, id, externalId]): JsonObject => ({ ...fields, id, ...(externalId === undefined ? {} : { external_id: externalId }) }));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

describe('webhookEvent', () => {
  it.prop([fc.constantFrom(...kinds), fc.constantFrom(...actions), resource, context])(
    'reports the change’s context as Clerk’s event does, and leaves its inputs as they were',
    (kind, action, json, changeContext) => {
      const before = structuredClone(json);
      const event = webhookEvent(kind, action, deepFreeze(json), changeContext);
      expect(json).toEqual(before);
      expect(event.object).toBe('event');
      expect(event.timestamp).toBe(changeContext.timestamp);
      expect(event.instance_id).toBe(changeContext.instanceId);
      expect(event.event_attributes).toEqual({ http_request: { client_ip: changeContext.clientIp, user_agent: changeContext.userAgent } });
      expect(event.type).toBe(`${clerkNames[kind]}.${action}`);
    },
  );

  it.prop([fc.constantFrom(...kinds), fc.constantFrom<WebhookAction>('created', 'updated'), resource, context])(
    'sends a created or updated resource as its answer gave it',
    (kind, action, json, changeContext) => {
      expect(webhookEvent(kind, action, json, changeContext).data).toBe(json);
    },
  );

  it.prop([resource, context])('sends a deleted membership whole', (json, changeContext) => {
    expect(webhookEvent('organization_membership', 'deleted', json, changeContext).data).toBe(json);
  });

  it.prop([resource, context])('sends a deleted user as a deleted-object with its external id, when a string', (json, changeContext) => {
    const { data } = webhookEvent('user', 'deleted', json, changeContext);
    const externalId = json['external_id'];
    expect(data).toStrictEqual({ object: 'user', id: json['id'], deleted: true, ...(typeof externalId === 'string' ? { external_id: externalId } : {}) });
  });

  it.prop([resource, context])('sends a deleted organization as a deleted-object', (json, changeContext) => {
    expect(webhookEvent('organization', 'deleted', json, changeContext).data).toStrictEqual({ object: 'organization', id: json['id'], deleted: true });
  });

  it.prop([context])('takes a deleted-object answer as it is, and no external id a user’s JSON only inherits', (changeContext) => {
    const answer = Object.create({ external_id: 'inherited' }) as JsonObject;
    Object.assign(answer, { object: 'user', id: 'user_1', deleted: true });
    expect(webhookEvent('user', 'deleted', answer, changeContext).data).toStrictEqual({ object: 'user', id: 'user_1', deleted: true });
  });

  it.prop([fc.constantFrom<ResourceKind>('user', 'organization'), fc.dictionary(fc.string(), fc.jsonValue()), context])(
    'refuses a deleted user or organization without a string id, with a TypeError',
    (kind, fields, changeContext) => {
      fc.pre(typeof fields['id'] !== 'string');
      expect(() => webhookEvent(kind, 'deleted', fields, changeContext)).toThrow(TypeError);
    },
  );

  // The handler sends an event's body made around its data's text, made once for the answer too: it must be
  // the text JSON.stringify gives the event, byte for byte (what the signature covers).
  it.prop([fc.constantFrom(...kinds), fc.constantFrom(...actions), resource, context])(
    'eventText is JSON.stringify of the event, given the text of its data',
    (kind, action, json, changeContext) => {
      // Arrange
      const event = webhookEvent(kind, action, json, changeContext);

      // Act
      const text = eventText(event, JSON.stringify(event.data));

      // Assert
      expect(text).toBe(JSON.stringify(event));
    },
  );
});
