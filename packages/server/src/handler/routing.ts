import { MetadataError, metadataErrorToClerkError } from '@metadata-semantics/core';
import type { Answer } from '../http/answer.js';
import { clerkErrorAnswer } from '../http/responses.js';
import { HttpError, errorAnswer, fail } from '../http/serverErrors.js';
import type { Route } from '../api/route.js';
import type { RouteMatch } from './matchRoute.js';
import { StoreConflictError, StoreUnavailableError } from '../store/metadataStore.js';

// What the Backend and the Frontend API's routing share: a path's segments and query, the route for a method
// (or why none), and errors to answers.

/** The path's segments, decoded, without a trailing empty one; `undefined` when a segment does not decode. */
export function segmentsOf(pathname: string): string[] | undefined {
  try {
    const segments = pathname.split('/').slice(1).map(decodeURIComponent);
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    return segments;
  } catch {
    return undefined;
  }
}

/** The query string of an absolute URL. */
export function queryOf(url: string): URLSearchParams {
  const start = url.indexOf('?');
  if (start === -1) return new URLSearchParams();
  const fragment = url.indexOf('#', start);
  return new URLSearchParams(url.slice(start + 1, fragment === -1 ? undefined : fragment));
}

export function notFoundRoute(pathname: string): never {
  return fail({ code: 'resource_not_found', message: 'not found', longMessage: `No route for ${pathname}.` });
}

/**
 * The route for a request's method: 405 (with `Allow`) when its path is served with other methods, 501 when
 * no route serves a path under `/v1` (an operation of Clerk's this server does not implement).
 */
export function routeFor(method: string, pathname: string, match: RouteMatch | undefined): Route {
  if (match === undefined) {
    return fail({ code: 'operation_not_implemented', message: 'not implemented here', longMessage: `${method} ${pathname} is not implemented here: this server implements only the user, organization and membership operations around metadata that docs/server.md lists.` });
  }
  const route = match.routes.find((candidate) => candidate.method === method);
  if (route !== undefined) return route;
  const allow = match.routes.map((candidate) => candidate.method).join(', ');
  throw new HttpError(
    errorAnswer({ code: 'method_not_allowed', message: 'method not allowed', longMessage: `${method} ${pathname} is not implemented here; this path allows ${allow}.`, headers: { allow } }),
  );
}

/** Answers an error a route threw; anything unexpected is told to `onError` and answered 500. */
export function errorToAnswer(error: unknown, onError: (error: unknown) => void): Answer {
  if (error instanceof HttpError) return error.answer;
  // A schema that cannot validate synchronously is the server's mistake, not the request's: a 500 below.
  if (error instanceof MetadataError && error.code !== 'invalid_schema') {
    const { status, body } = metadataErrorToClerkError(error);
    return clerkErrorAnswer(status, body);
  }
  if (error instanceof StoreConflictError) {
    return errorAnswer({ code: 'concurrent_modification', message: 'concurrent modification', longMessage: error.message });
  }
  if (error instanceof StoreUnavailableError) {
    // The operator needs the cause (a full disk, a lost data folder); the client only that nothing was written.
    onError(error);
    return errorAnswer({ code: 'service_unavailable', message: 'service unavailable', longMessage: 'The store cannot take writes now; nothing was written.' });
  }
  onError(error);
  return errorAnswer({ code: 'internal_error', message: 'internal error', longMessage: 'The server failed to handle the request.' });
}
