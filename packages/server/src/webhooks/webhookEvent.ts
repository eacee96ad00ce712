import type { ResourceKind } from '../store/resourceKind.js';

/**
 * What happened to a resource.
 *
 * @public
 */
export type WebhookAction = 'created' | 'updated' | 'deleted';

/**
 * Clerk's name of each resource kind in an event type.
 *
 * @public
 */
export interface EventTypePrefixes {
  user: 'user';
  organization: 'organization';
  organization_membership: 'organizationMembership';
}

/**
 * The event type Clerk sends for an action on a resource of kind `Kind`: `user.updated`,
 * `organizationMembership.deleted`, …
 *
 * @public
 */
export type WebhookEventTypeOf<Kind extends ResourceKind, Action extends WebhookAction> = `${EventTypePrefixes[Kind]}.${Action}`;

/**
 * Every event type this server sends.
 *
 * @public
 */
export type WebhookEventType = WebhookEventTypeOf<ResourceKind, WebhookAction>;

const prefixes: EventTypePrefixes = { user: 'user', organization: 'organization', organization_membership: 'organizationMembership' };

/** Every event type this server sends, by kind then action. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = Object.values(prefixes).flatMap((prefix) =>
  (['created', 'updated', 'deleted'] as const).map((action) => `${prefix}.${action}` as WebhookEventType),
);

/**
 * The event type of an action on a resource of a kind.
 *
 * @public
 */
export function webhookEventType<Kind extends ResourceKind, Action extends WebhookAction>(kind: Kind, action: Action): WebhookEventTypeOf<Kind, Action> {
  return `${prefixes[kind]}.${action}` as WebhookEventTypeOf<Kind, Action>;
}

/**
 * The `data` of a `user.deleted` event: the deleted-object, with the user's `external_id` when it had one.
 *
 * @public
 */
export interface DeletedUserData {
  readonly object: 'user';
  readonly id: string;
  readonly deleted: true;
  readonly external_id?: string;
}

/**
 * The `data` of an `organization.deleted` event: Clerk's deleted-object.
 *
 * @public
 */
export interface DeletedOrganizationData {
  readonly object: 'organization';
  readonly id: string;
  readonly deleted: true;
}

/**
 * What an event of type `Type` carries as `data`, given the resource's JSON `Resource`: the resource itself,
 * except for the deletion of a user or an organization (a deleted-object); a deleted membership is sent whole.
 *
 * @public
 */
export type WebhookEventData<Type extends WebhookEventType, Resource> = Type extends 'user.deleted'
  ? DeletedUserData
  : Type extends 'organization.deleted'
    ? DeletedOrganizationData
    : Resource;

/**
 * The request that made a change, as an event reports it: where it came from and what sent it (empty when
 * unknown).
 *
 * @public
 */
export interface WebhookHttpRequest {
  readonly client_ip: string;
  readonly user_agent: string;
}

/**
 * A webhook event as Clerk sends it: the body of the `POST` to an endpoint.
 *
 * @public
 */
export interface ClerkWebhookEvent<Type extends WebhookEventType = WebhookEventType, Data = object> {
  readonly type: Type;
  readonly object: 'event';
  readonly data: Data;
  /** Unix milliseconds: when the change happened. */
  readonly timestamp: number;
  /** The Clerk instance (`ins_…`) the change happened in. */
  readonly instance_id: string;
  readonly event_attributes: { readonly http_request: WebhookHttpRequest };
}

/**
 * When, where and through which request a change happened: what an event says besides its resource.
 *
 * @public
 */
export interface WebhookEventContext {
  /** Unix milliseconds. */
  readonly timestamp: number;
  /** The Clerk instance's id (`ins_…`). */
  readonly instanceId: string;
  /** The address the request came from; empty when unknown. */
  readonly clientIp: string;
  /** The request's `User-Agent`; empty when it had none. */
  readonly userAgent: string;
}

/** A property of a JSON object that is its own (never one inherited from its prototype). */
function ownValue(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function deletedData(kind: 'user' | 'organization', resource: object): object {
  const id = ownValue(resource, 'id');
  if (typeof id !== 'string') throw new TypeError(`webhookEvent: the deleted ${kind}'s JSON has no string id`);
  if (kind === 'organization') return { object: 'organization', id, deleted: true } satisfies DeletedOrganizationData;
  const externalId = ownValue(resource, 'external_id');
  const data: DeletedUserData = { object: 'user', id, deleted: true };
  return typeof externalId === 'string' ? { ...data, external_id: externalId } : data;
}

/**
 * The event Clerk sends for a change: its type from the resource's kind and the action, its `data` from the
 * resource's JSON as the change's answer gave it.
 *
 * @param kind - the changed resource's kind
 * @param action - what happened to it
 * @param resource - its Clerk JSON: for `created` and `updated` as the change left it (sent as it is); for
 * `deleted` as it was, or Clerk's deleted-object answer (`{ object, id, deleted }`), from which a user's or an
 * organization's deleted-object is made (a user's with its `external_id` when a string); a deleted membership
 * is sent whole
 * @param context - when, where (instance) and from which request
 * @returns a new event; `resource` is not copied for `created`, `updated` and a membership's `deleted`, and
 * never changed
 * @throws TypeError when a deleted user's or organization's JSON has no string `id`
 *
 * @public
 */
export function webhookEvent<Kind extends ResourceKind, Action extends WebhookAction, Resource extends object>(
  kind: Kind,
  action: Action,
  resource: Resource,
  context: WebhookEventContext,
): ClerkWebhookEvent<WebhookEventTypeOf<Kind, Action>, WebhookEventData<WebhookEventTypeOf<Kind, Action>, Resource>> {
  const data = action === 'deleted' && kind !== 'organization_membership' ? deletedData(kind as 'user' | 'organization', resource) : resource;
  return {
    type: webhookEventType(kind, action),
    object: 'event',
    data: data as WebhookEventData<WebhookEventTypeOf<Kind, Action>, Resource>,
    timestamp: context.timestamp,
    instance_id: context.instanceId,
    event_attributes: { http_request: { client_ip: context.clientIp, user_agent: context.userAgent } },
  };
}

/**
 * `JSON.stringify(event)`, its `data` given as text (`JSON.stringify(event.data)`, made already for the answer):
 * the same text, without serialising the resource a second time.
 */
export function eventText(event: ClerkWebhookEvent, dataText: string): string {
  const { client_ip, user_agent } = event.event_attributes.http_request;
  return `{"type":${JSON.stringify(event.type)},"object":"event","data":${dataText},"timestamp":${JSON.stringify(event.timestamp)},"instance_id":${JSON.stringify(event.instance_id)},"event_attributes":{"http_request":{"client_ip":${JSON.stringify(client_ip)},"user_agent":${JSON.stringify(user_agent)}}}}`;
}
