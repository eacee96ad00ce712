import { randomId } from '../../shared/ids.js';
import { jsonAnswer } from '../../http/responses.js';
import { fail, invalidParam, notFound } from '../../http/serverErrors.js';
import { route, type Route, type RouteContext } from '../route.js';
import { clientAnswer } from './clientAnswers.js';
import { clientCookie } from './clientCookie.js';
import { requestFormFields } from './formBody.js';
import type { TicketRefusal } from './frontendSessions.js';
import { ticketSignInJson } from './frontendJson.js';

const refusals: Record<TicketRefusal, string> = {
  unknown: 'The ticket is not one this server made.',
  expired: 'The ticket has expired: make a new sign-in token.',
  used: 'The ticket was used already: a sign-in token signs in once.',
  revoked: 'The ticket was revoked.',
};

/**
 * A sign-in with `strategy=ticket` (a sign-in token's ticket), complete at once: a new session on the
 * browser's client, made for it (with its cookie) when it has none. Other strategies are refused.
 */
async function createSignIn(context: RouteContext) {
  // `locale`, `timezone` and the like are accepted and not used.
  const fields = await requestFormFields(context);
  const strategy = fields['strategy'];
  if (strategy === undefined || strategy === '') fail({ code: 'form_param_missing', message: 'strategy is missing', longMessage: 'strategy must be included.', meta: { param_name: 'strategy' } });
  if (strategy !== 'ticket') invalidParam('strategy', 'This server signs in with strategy=ticket only (a sign-in token from the Backend API).');
  const ticket = fields['ticket'] ?? '';
  if (ticket === '') fail({ code: 'form_param_missing', message: 'ticket is missing', longMessage: 'ticket must be included.', meta: { param_name: 'ticket' } });
  const now = context.now();
  const { sessions } = context.auth;
  const accepted = sessions.acceptTicket(ticket, now);
  if (typeof accepted === 'string') invalidParam('ticket', refusals[accepted]);
  const user = (await context.store.get('user', accepted.userId)) ?? notFound('user', accepted.userId);
  const known = context.auth.client;
  const { client, session } = sessions.newSession(known ?? sessions.newClient(now), user.key, now);
  const headers: Record<string, string> = known === undefined ? { 'set-cookie': clientCookie(client.id, context.auth.secure) } : {};
  const body = { response: ticketSignInJson(randomId('sia_'), session.id, now), client: await clientAnswer(context, client, user) };
  return jsonAnswer(200, body, headers);
}

/** Signing in. */
export const signInRoutes: readonly Route[] = [
  route({
    api: 'frontend',
    method: 'POST',
    path: '/v1/client/sign_ins',
    operation: 'createSignIn',
    sdk: "`signIn.create({ strategy: 'ticket', ticket })`",
    answers: '`{ response: sign_in_attempt, client }`',
    statuses: [200, 307, 400, 403, 404, 409, 422],
    run: createSignIn,
  }),
];
