import { WEBHOOK_EVENT_TYPES } from './webhookEvent.js';
import type { WebhookEndpoint } from './webhookMessages.js';
import { webhookSecretKey } from './webhookSecret.js';

const isHttpUrl = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const isSecret = (value: unknown): boolean => {
  try {
    webhookSecretKey(value as string);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks endpoints given at run time (JavaScript callers, a configuration file) before anything is recorded: an
 * array of `{ url, secret, eventTypes? }`, each URL http(s), each secret `whsec_` and base64, each event type
 * one this server sends.
 *
 * @param where - what the endpoints are called in an error (`webhooks.endpoints`)
 * @throws TypeError naming the first endpoint and field that is wrong
 */
export function checkWebhookEndpoints(endpoints: unknown, where: string): asserts endpoints is readonly WebhookEndpoint[] {
  if (!Array.isArray(endpoints)) throw new TypeError(`${where} must be an array of { url, secret, eventTypes? }`);
  endpoints.forEach((endpoint: unknown, index) => {
    const at = `${where}[${index}]`;
    if (typeof endpoint !== 'object' || endpoint === null) throw new TypeError(`${at} must be an object { url, secret, eventTypes? }`);
    const { url, secret, eventTypes } = endpoint as Partial<Record<keyof WebhookEndpoint, unknown>>;
    if (!isHttpUrl(url)) throw new TypeError(`${at}.url must be an http:// or https:// URL, such as http://localhost:3001/api/webhooks`);
    if (!isSecret(secret)) throw new TypeError(`${at}.secret must be whsec_ followed by base64, as Clerk shows a signing secret`);
    if (eventTypes === undefined) return;
    if (!Array.isArray(eventTypes) || eventTypes.some((type) => !WEBHOOK_EVENT_TYPES.includes(type as never))) {
      throw new TypeError(`${at}.eventTypes must be an array of event types: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
    }
  });
}
