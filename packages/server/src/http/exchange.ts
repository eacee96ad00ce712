import { streamText } from './readBody.js';
import { RequestAbortedError } from './requestAbortedError.js';
import type { Answer } from './answer.js';
import { HttpError } from './serverErrors.js';

/**
 * What the routes read from a request, whichever server delivered it: a Fetch
 * `Request`, or node:http directly (see `serveNodeHttp`), which skips building
 * a `Request` and its streams on every call.
 */
export interface Exchange {
  readonly method: string;
  /** The absolute URL; its pathname is what `Request.url` would give. */
  readonly url: string;
  /** A header's value as `Headers.get` gives it: duplicates joined with `", "`, `null` when absent. */
  header(name: string): string | null;
  /**
   * The body as UTF-8 text: 413 once more than `maxBytes` arrived (without reading the rest), 400 when not
   * UTF-8, {@link RequestAbortedError} when the client went away. Once only, and only after the request was
   * authenticated. (The handler refuses a declared `Content-Length` over the cap before calling it.)
   */
  readText(maxBytes: number): Promise<string>;
  /** The request as a Fetch `Request`, for the `authenticate` hook (its body is the routes', not the hook's). */
  toRequest(): Request;
}

/** A handler's own answering function, found by `serveNodeHttp` under this key. */
export const answerExchange: unique symbol = Symbol('@metadata-semantics/server answerExchange');

/** The routes of `createMetadataHandler`, callable without a `Request`; never rejects. */
export type AnswerExchange = (exchange: Exchange) => Promise<Answer>;

export function fetchExchange(request: Request): Exchange {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name),
    // A body that fails to arrive because the client left (the server aborted the request's signal) is no server error.
    readText: (maxBytes) =>
      streamText(request.body, maxBytes).catch((error: unknown) => {
        throw !(error instanceof HttpError) && request.signal.aborted ? new RequestAbortedError() : error;
      }),
    toRequest: () => request,
  };
}

export function answerToResponse(answer: Answer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
