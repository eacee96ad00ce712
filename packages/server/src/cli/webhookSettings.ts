// The command-line server's webhooks: WEBHOOK_URL (one or several, comma-separated), WEBHOOK_EVENTS (which
// event types, `user.*` style patterns allowed) and WEBHOOK_SECRET (`whsec_…`; by default generated once and
// kept in the data folder with STORE=pglite, for the run with STORE=memory, required with STORE=postgres).
import { WEBHOOK_EVENT_TYPES as EVENT_TYPES, type WebhookEventType } from '../webhooks/webhookEvent.js';
import type { WebhookEndpoint } from '../webhooks/webhookMessages.js';
import { generateWebhookSecret, webhookSecretKey } from '../webhooks/webhookSecret.js';
import { keptSecret } from './keptSecret.js';
import { StartupError } from './startupError.js';

/** The webhook secret's file name inside the data folder. */
export const WEBHOOK_SECRET_FILE_NAME = 'metadata-semantics-server.webhook-secret';

export interface WebhookSettings {
  readonly urls: readonly string[];
  /** `undefined`: every type. */
  readonly eventTypes: readonly WebhookEventType[] | undefined;
  /** `undefined`: generated (and, with PGlite, kept in the data folder). */
  readonly secret: string | undefined;
}

const listOf = (text: string | undefined): string[] => (text ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');

function isUsableSecret(secret: string): boolean {
  try {
    webhookSecretKey(secret);
    return true;
  } catch {
    return false;
  }
}

/** A setting's text and where it came from (a variable or a flag), as the settings table gives it. */
type Given = { readonly from: string; readonly text: string } | undefined;

/** WEBHOOK_URL: one or several http(s) URLs, comma-separated. */
export function readWebhookUrls(given: Given): readonly string[] {
  const urls = listOf(given?.text);
  for (const url of urls) {
    let protocol: string | undefined;
    try {
      protocol = new URL(url).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new StartupError(given!.from, url, 'each URL must be http:// or https://, such as http://localhost:3001/api/webhooks (several: comma-separated)');
    }
  }
  return urls;
}

/** WEBHOOK_EVENTS: event types or `user.*` style patterns, comma-separated; `undefined`: every type. */
export function readWebhookEvents(given: Given): readonly WebhookEventType[] | undefined {
  const patterns = listOf(given?.text);
  if (patterns.length === 0) return undefined;
  const eventTypes = patterns.flatMap((pattern) => {
    const matching = EVENT_TYPES.filter((type) => type === pattern || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))) || pattern === '*');
    if (matching.length === 0) throw new StartupError(given!.from, pattern, `matches no event type; the types are ${EVENT_TYPES.join(', ')} (user.* style patterns allowed)`);
    return matching;
  });
  return [...new Set(eventTypes)];
}

/** WEBHOOK_SECRET: `whsec_` and base64; needed with the postgres store when there are URLs. */
export function readWebhookSecret(given: Given, before: { readonly store?: string; readonly webhookUrls?: readonly string[] }): string | undefined {
  const secret = given?.text || undefined;
  if (secret !== undefined && !isUsableSecret(secret)) throw new StartupError(given!.from, '…', 'must be whsec_ followed by base64, as Clerk shows a signing secret');
  if ((before.webhookUrls?.length ?? 0) > 0 && secret === undefined && before.store === 'postgres') {
    throw new StartupError('WEBHOOK_SECRET', '', 'is needed with STORE=postgres and WEBHOOK_URL: every process on the database signs with one secret');
  }
  return secret;
}

/** The endpoints of the settings, with the secret they sign with, and where that secret is kept (if it is). */
export function webhookEndpoints(settings: WebhookSettings, keptIn: string | undefined): { endpoints: WebhookEndpoint[]; secret: string; keptAt?: string } {
  let secret = settings.secret;
  let keptAt: string | undefined;
  if (secret === undefined && settings.urls.length > 0 && keptIn !== undefined) {
    const kept = keptSecret(keptIn, WEBHOOK_SECRET_FILE_NAME, 'webhook secret (whsec_ and base64)', generateWebhookSecret, isUsableSecret);
    secret = kept.key;
    keptAt = kept.path;
  }
  secret ??= generateWebhookSecret();
  const endpoints = settings.urls.map((url) => ({ url, secret: secret!, ...(settings.eventTypes === undefined ? {} : { eventTypes: settings.eventTypes }) }));
  return { endpoints, secret, ...(keptAt === undefined ? {} : { keptAt }) };
}
