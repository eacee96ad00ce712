// This server's own routes (not Clerk's: outside /v1) for inspecting webhook messages, authenticated with the
// secret key as backend routes: GET /_webhooks/messages lists the recent ones with their attempts, newest first;
// POST /_webhooks/messages/{msg_id}/resend sends one again.
import type { Answer } from '../http/answer.js';
import { jsonAnswer } from '../http/responses.js';
import { fail, HttpError, errorAnswer } from '../http/serverErrors.js';
import type { WebhookOutboxEntry } from '../webhooks/webhookOutbox.js';
import type { HandlerWebhooks } from './handlerWebhooks.js';

/** The path prefix of the inspection routes. */
export const WEBHOOK_INSPECTION_SEGMENT = '_webhooks';

/** An entry as the list answers it: Backend API style, snake_case, its body only when asked for. */
function entryJson(entry: WebhookOutboxEntry, withBody: boolean): object {
  return {
    object: 'webhook_message',
    id: entry.id,
    sequence: entry.sequence,
    type: entry.type,
    endpoint: entry.endpoint,
    order_key: entry.orderKey,
    state: entry.state,
    recorded_at: entry.recordedAt,
    since: entry.since,
    next_attempt_at: entry.nextAttemptAt,
    attempts: entry.attempts,
    ...(withBody ? { body: entry.body } : {}),
  };
}

function limitOf(query: URLSearchParams): number {
  const text = query.get('limit') ?? '50';
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1000) {
    fail({ code: 'form_param_format_invalid', message: 'limit is invalid', longMessage: 'limit must be a whole number from 1 to 1000.', meta: { param_name: 'limit' } });
  }
  return Number(text);
}

/** Answers a request under `/_webhooks` (`segments` without the prefix). */
export async function inspectWebhooks(method: string, segments: readonly string[], query: URLSearchParams, webhooks: HandlerWebhooks): Promise<Answer> {
  // Without webhooks the prefix is a path like any other outside /v1.
  if (webhooks.outbox === undefined) fail({ code: 'resource_not_found', message: 'not found', longMessage: `No route for /${WEBHOOK_INSPECTION_SEGMENT}/${segments.join('/')}: no webhook endpoint is configured.` });
  const list = segments.length === 1 && segments[0] === 'messages';
  const resend = segments.length === 3 && segments[0] === 'messages' && segments[2] === 'resend';
  if (!list && !resend) fail({ code: 'resource_not_found', message: 'not found', longMessage: `No route for /${WEBHOOK_INSPECTION_SEGMENT}/${segments.join('/')}.` });
  const allow = list ? 'GET' : 'POST';
  if (method !== allow) {
    throw new HttpError(errorAnswer({ code: 'method_not_allowed', message: 'method not allowed', longMessage: `This path allows ${allow}.`, headers: { allow } }));
  }
  const outbox = webhooks.outbox;
  if (list) {
    const entries = await outbox.list(limitOf(query));
    return jsonAnswer(200, { data: entries.map((entry) => entryJson(entry, query.get('include_body') === 'true')) });
  }
  const id = segments[1]!;
  const requeued = await webhooks.resend(id);
  if (requeued === 0) fail({ code: 'resource_not_found', message: 'not found', longMessage: `No webhook message ${id} is held.` });
  return jsonAnswer(200, { object: 'webhook_resend', id, requeued });
}
