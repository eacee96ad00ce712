import { jsonAnswer } from '../../http/responses.js';
import { fail } from '../../http/serverErrors.js';
import { route, type Route, type RouteContext } from '../route.js';
import { clientAnswer, ownSession, requireClient, sessionAnswer, sessionToken } from './clientAnswers.js';
import { isLiveSession } from './frontendSessions.js';

type SessionContext = RouteContext<'session_id'>;

/** The request's client and one of its sessions that is still signed in: 404 for any other. */
function liveSession(context: SessionContext) {
  const client = requireClient(context);
  const session = ownSession(context, client, context.params.session_id);
  if (!isLiveSession(session, context.now())) {
    fail({ code: 'resource_not_found', message: 'not found', longMessage: `The session ${JSON.stringify(session.id)} is no longer signed in.` });
  }
  return { client, session };
}

async function touchSession(context: SessionContext) {
  const found = liveSession(context);
  const { client, session } = context.auth.sessions.touch(found.client, found.session, context.now());
  return jsonAnswer(200, { response: await sessionAnswer(context, session), client: await clientAnswer(context, client) });
}

async function createSessionToken(context: SessionContext) {
  const { session } = liveSession(context);
  return jsonAnswer(200, { object: 'token', jwt: await sessionToken(context, session) });
}

function endWith(status: 'ended' | 'removed') {
  return async (context: SessionContext) => {
    const found = liveSession(context);
    const { client, session } = context.auth.sessions.endSession(found.client, found.session, status, context.now());
    return jsonAnswer(200, { response: await sessionAnswer(context, session), client: await clientAnswer(context, client) });
  };
}

/** A session of the browser's client: made the active one, its token, its end. */
export const sessionRoutes: readonly Route[] = [
  route({
    api: 'frontend',
    method: 'POST',
    path: '/v1/client/sessions/:session_id/touch',
    operation: 'touchSession',
    sdk: '`Clerk.setActive()`',
    answers: '`{ response: session, client }`',
    statuses: [200, 400, 401, 403, 404, 422],
    run: touchSession,
  }),
  route({
    api: 'frontend',
    method: 'POST',
    path: '/v1/client/sessions/:session_id/tokens',
    operation: 'createSessionToken',
    sdk: '`session.getToken()`',
    answers: '`{ object: "token", jwt }`',
    statuses: [200, 401, 403, 404],
    run: createSessionToken,
  }),
  route({
    api: 'frontend',
    method: 'POST',
    path: '/v1/client/sessions/:session_id/remove',
    operation: 'removeSession',
    sdk: '`Clerk.signOut({ sessionId })`',
    answers: '`{ response: session, client }`',
    statuses: [200, 400, 401, 404],
    run: endWith('removed'),
  }),
  route({
    api: 'frontend',
    method: 'POST',
    path: '/v1/client/sessions/:session_id/end',
    operation: 'endSession',
    sdk: '`session.end()`',
    answers: '`{ response: session, client }`',
    statuses: [200, 400, 401, 404],
    run: endWith('ended'),
  }),
];
