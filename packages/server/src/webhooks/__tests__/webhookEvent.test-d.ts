// The events this server builds, checked by Clerk's own types: what `verifyWebhook` promises an app.
import type { OrganizationJSON, OrganizationMembershipJSON, UserJSON } from '@clerk/backend';
import type {
  OrganizationMembershipWebhookEvent,
  OrganizationWebhookEvent,
  UserWebhookEvent,
  WebhookEvent,
  WebhookEventType as ClerkWebhookEventType,
} from '@clerk/backend/webhooks';
import { describe, expectTypeOf, it } from 'vitest';
import { webhookEvent, type ClerkWebhookEvent, type WebhookEventContext, type WebhookEventType } from '../webhookEvent.js';

declare const context: WebhookEventContext;
declare const user: UserJSON;
declare const organization: OrganizationJSON;
declare const membership: OrganizationMembershipJSON;

describe('webhookEvent, against @clerk/backend', () => {
  it('has every event type Clerk sends for users, organizations and memberships, and no other', () => {
    type ClerkTypes = Extract<ClerkWebhookEventType, `user.${string}` | `organization.${string}` | `organizationMembership.${string}`>;
    expectTypeOf<WebhookEventType>().toEqualTypeOf<ClerkTypes>();
  });

  it('has the fields of Clerk’s event, no more', () => {
    expectTypeOf<keyof ClerkWebhookEvent>().toEqualTypeOf<keyof UserWebhookEvent>();
    expectTypeOf<keyof ClerkWebhookEvent>().toEqualTypeOf<keyof OrganizationMembershipWebhookEvent>();
  });

  it('builds user events Clerk’s types accept, a deleted-object for user.deleted', () => {
    expectTypeOf(webhookEvent('user', 'created', user, context)).toExtend<UserWebhookEvent>();
    expectTypeOf(webhookEvent('user', 'updated', user, context)).toExtend<UserWebhookEvent>();
    expectTypeOf(webhookEvent('user', 'deleted', user, context)).toExtend<UserWebhookEvent>();
    expectTypeOf(webhookEvent('user', 'deleted', user, context).type).toEqualTypeOf<'user.deleted'>();
  });

  it('builds organization events Clerk’s types accept, a deleted-object for organization.deleted', () => {
    expectTypeOf(webhookEvent('organization', 'created', organization, context)).toExtend<OrganizationWebhookEvent>();
    expectTypeOf(webhookEvent('organization', 'updated', organization, context)).toExtend<OrganizationWebhookEvent>();
    expectTypeOf(webhookEvent('organization', 'deleted', organization, context)).toExtend<OrganizationWebhookEvent>();
  });

  it('builds membership events Clerk’s types accept, the whole membership for organizationMembership.deleted', () => {
    expectTypeOf(webhookEvent('organization_membership', 'created', membership, context)).toExtend<OrganizationMembershipWebhookEvent>();
    expectTypeOf(webhookEvent('organization_membership', 'updated', membership, context)).toExtend<OrganizationMembershipWebhookEvent>();
    const deleted = webhookEvent('organization_membership', 'deleted', membership, context);
    expectTypeOf(deleted).toExtend<OrganizationMembershipWebhookEvent>();
    expectTypeOf(deleted.type).toEqualTypeOf<'organizationMembership.deleted'>();
  });

  it('pairs each type with its own data: a resource of another kind is not what Clerk sends', () => {
    expectTypeOf(webhookEvent('organization', 'updated', user, context)).not.toExtend<WebhookEvent>();
    expectTypeOf(webhookEvent('user', 'created', membership, context)).not.toExtend<WebhookEvent>();
  });
});
