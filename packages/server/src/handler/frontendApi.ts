import type { Answer } from '../http/answer.js';
import { requestHeader } from '../http/lazyRequest.js';
import { errorAnswer, fail } from '../http/serverErrors.js';
import type { Route, RouteContext } from '../api/route.js';
import { frontendApiRoutes } from '../api/operations.js';
import { CLIENT_COOKIE, cookieValue } from '../api/frontend/clientCookie.js';
import type { FrontendAuth } from '../api/frontend/frontendAuth.js';
import { FrontendSessions, isLiveSession, type ClientRecord } from '../api/frontend/frontendSessions.js';
import { issuerOfPublishableKey } from '../api/frontend/sessionTokenClaims.js';
import { checkSigningJwk, sessionTokenSigner, type SessionTokenSigner } from '../api/frontend/sessionTokenSigner.js';
import { checkCorsOrigins, DEFAULT_CORS_ORIGINS, isAllowedOrigin } from './corsOrigins.js';
import type { FrontendApiOptions } from './handlerOptions.js';
import { routeMatcher } from './matchRoute.js';
import { overriddenMethod } from './methodOverride.js';
import { errorToAnswer, notFoundRoute, queryOf, routeFor, segmentsOf } from './routing.js';

/** Where the Frontend API is served: Clerk's own proxy path, so `proxyUrl: '<server>/__clerk'`. */
export const FRONTEND_API_PREFIX = '/__clerk';

/** Clerk's default session-token lifetime. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;

const matchFrontendApi = routeMatcher(frontendApiRoutes);

/** Runs a matched route with a context the handler builds. */
export type RunRoute = (found: Pick<Route, 'method' | 'run'>, request: Request, params: Readonly<Record<string, string>>, signedInUserId: string, auth: FrontendAuth) => Promise<Answer>;

/** The Frontend API's part of the handler, and the sign-in state the Backend API's routes share with it. */
export interface FrontendApiServer {
  /** Whether a path (after `basePath`) is the Frontend API's. */
  serves(pathname: string): boolean;
  /** Answers a Frontend API request: CORS first, then the route, every answer with its CORS headers. */
  answer(request: Request, pathname: string, run: RunRoute, onError: (error: unknown) => void): Promise<Answer>;
  /** The sign-in state for a request outside the Frontend API (no client). */
  auth(request: Request): FrontendAuth;
}

function positiveLifetime(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1) throw new TypeError('createMetadataHandler: frontendApi.sessionTokenLifetimeSeconds must be an integer of at least 1');
  return seconds;
}

/** Checks the options at once (a bad key throws here, not on the first request). */
export function frontendApiServer(options: FrontendApiOptions | undefined, now: () => number): FrontendApiServer {
  const sessions = new FrontendSessions();
  let signer: Promise<SessionTokenSigner> | undefined;
  if (options !== undefined) {
    try {
      checkSigningJwk(options.signingKey);
      checkCorsOrigins(options.allowedOrigins ?? []);
    } catch (error) {
      throw new TypeError(`createMetadataHandler: frontendApi: ${(error as Error).message}`);
    }
    signer = sessionTokenSigner(options.signingKey);
    // Checked above, so the import should not fail; if it does, each request that needs a token answers 500.
    signer.catch(() => {});
  }
  const lifetime = positiveLifetime(options?.sessionTokenLifetimeSeconds);
  const keyIssuer = options?.publishableKey === undefined ? undefined : issuerOfPublishableKey(options.publishableKey);
  if (options?.publishableKey !== undefined && keyIssuer === undefined) {
    throw new TypeError('createMetadataHandler: frontendApi.publishableKey must be pk_test_ or pk_live_ and the base64 of "host$"');
  }
  const allowed = options?.allowedOrigins ?? DEFAULT_CORS_ORIGINS;

  function authOf(request: Request, client: ClientRecord | undefined): FrontendAuth {
    const url = new URL(request.url);
    return {
      sessions,
      signer: async () => signer,
      tokenLifetimeSeconds: lifetime,
      issuer: keyIssuer ?? `http://${url.host}`,
      origin: requestHeader(request, 'origin'),
      client,
      secure: url.protocol === 'https:',
    };
  }

  /** The user of the session a `/v1/me` request acts as: `_clerk_session_id`, else the client's last active one. */
  function sessionUser(auth: FrontendAuth, query: URLSearchParams): string {
    const client = auth.client;
    const id = query.get('_clerk_session_id') || client?.lastActiveSessionId;
    const session = client !== undefined && id && client.sessionIds.includes(id) ? sessions.session(id) : undefined;
    if (session === undefined || !isLiveSession(session, now())) {
      fail({ code: 'authentication_invalid', message: 'signed out', longMessage: 'No session of this browser\'s client is signed in with that id.' });
    }
    return session.userId;
  }

  async function route(request: Request, pathname: string, run: RunRoute): Promise<Answer> {
    const query = queryOf(request.url);
    const method = overriddenMethod(request.method, query);
    const segments = segmentsOf(pathname);
    if (segments === undefined || segments[0] !== 'v1' || segments.length < 2) return notFoundRoute(`${FRONTEND_API_PREFIX}${pathname}`);
    const match = matchFrontendApi(segments);
    const found = routeFor(method, `${FRONTEND_API_PREFIX}${pathname}`, match);
    const clientId = cookieValue(requestHeader(request, 'cookie'), CLIENT_COOKIE);
    const auth = authOf(request, clientId === undefined ? undefined : sessions.client(clientId));
    const signedInUserId = segments[1] === 'me' ? sessionUser(auth, query) : '';
    return run(found, request, match!.params, signedInUserId, auth);
  }

  return {
    serves: (pathname) => options !== undefined && (pathname === FRONTEND_API_PREFIX || pathname.startsWith(`${FRONTEND_API_PREFIX}/`)),
    auth: (request) => authOf(request, undefined),
    async answer(request, pathname, run, onError) {
      const origin = requestHeader(request, 'origin');
      // Refused before anything else, preflights too: a disallowed page learns nothing and changes nothing.
      if (origin !== null && !isAllowedOrigin(origin, allowed, new URL(request.url).origin)) {
        return errorAnswer({ code: 'origin_invalid', message: 'origin not allowed', longMessage: `The origin ${origin} may not call this Frontend API: add it to the allowed origins (CORS_ORIGINS).` });
      }
      if (request.method === 'OPTIONS') return withCors(preflight(request), origin);
      let answer: Answer;
      try {
        answer = await route(request, pathname.slice(FRONTEND_API_PREFIX.length), run);
      } catch (error) {
        answer = errorToAnswer(error, onError);
      }
      return withCors(answer, origin);
    },
  };
}

/** A preflight's answer: every method the Frontend API has, and the headers the page asked for. */
function preflight(request: Request): Answer {
  const headers: Record<string, string> = { 'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE', 'access-control-max-age': '600' };
  const asked = requestHeader(request, 'access-control-request-headers');
  if (asked !== null) headers['access-control-allow-headers'] = asked;
  return { status: 204, headers, body: '' };
}

/** An answer the page's script may read, with the credentials it sent. */
function withCors(answer: Answer, origin: string | null): Answer {
  if (origin === null) return answer;
  return { ...answer, headers: { ...answer.headers, 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' } };
}
