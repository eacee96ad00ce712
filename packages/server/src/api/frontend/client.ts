import { jsonAnswer } from '../../http/responses.js';
import { route, type Route, type RouteContext } from '../route.js';
import { clientAnswer, requireClient } from './clientAnswers.js';
import { expiredClientCookie } from './clientCookie.js';

async function getClient(context: RouteContext) {
  const client = context.auth.client;
  return jsonAnswer(200, { response: client === undefined ? null : await clientAnswer(context, client), client: null });
}

/** Sign-out of every session; the client and its cookie stay (clerk-js's `signOut()`). */
async function removeClientSessions(context: RouteContext) {
  const client = context.auth.sessions.endAll(requireClient(context), context.now());
  const json = await clientAnswer(context, client);
  return jsonAnswer(200, { response: json, client: json });
}

/** Sign-out of every session and the end of the client: the cookie goes too. */
async function deleteClient(context: RouteContext) {
  const client = context.auth.sessions.endAll(requireClient(context), context.now());
  return jsonAnswer(200, { response: await clientAnswer(context, client), client: null }, { 'set-cookie': expiredClientCookie(context.auth.secure) });
}

/** The browser's client and its sign-out. */
export const clientRoutes: readonly Route[] = [
  route({ api: 'frontend', method: 'GET', path: '/v1/client', operation: 'getClient', sdk: '`Clerk.load()`', answers: '`{ response: client | null, client: null }`', statuses: [200, 400, 401, 403], run: getClient }),
  route({
    api: 'frontend',
    method: 'DELETE',
    path: '/v1/client',
    operation: 'deleteClientSessions',
    sdk: '`Clerk.signOut()` without `persistClient`',
    answers: '`{ response: client, client: null }`',
    statuses: [200, 307, 404],
    deliberate: [401],
    run: deleteClient,
  }),
  route({
    api: 'frontend',
    method: 'DELETE',
    path: '/v1/client/sessions',
    operation: 'removeClientSessionsAndRetainCookie',
    sdk: '`Clerk.signOut()`',
    answers: '`{ response: client, client }`',
    statuses: [200, 401, 404],
    run: removeClientSessions,
  }),
];
