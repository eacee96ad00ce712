import { listenNodeHttp } from './nodeServer.js';
import type { NodeHttpServer, ServeNodeHttpOptions } from './serveNodeHttpOptions.js';

/**
 * Serves a web-standard handler (such as `createMetadataHandler`'s) with `node:http`.
 *
 * @param handler - `(request) => Promise<Response>`
 * @param options - host (default `127.0.0.1`), port (default `0`, a free port) and a per-request `onResponse`
 * @returns once the server accepts connections: its URL and a `close()`
 *
 * @remarks
 * A request body is read only when the handler reads it: a request the
 * handler refuses first (a 401 for a missing key, a 413 from `Content-Length`)
 * never has its body read, held or, for `Expect: 100-continue`, even invited.
 * Whatever of a body is still arriving once the answer is out is read and
 * thrown away for up to 5 seconds and 16 MiB, so a client still sending reads
 * the answer (a 413) instead of a reset connection; past either bound the
 * connection is closed. A client that goes away mid-request is no error: the
 * `Request`'s `signal` aborts and its body stream fails.
 *
 * The requests of one connection are handled one at a time, in the order
 * sent: a client that pipelines them gets them applied in that order (node:http
 * alone would start them all at once). A request that waits for its turn is not
 * run if its client goes away first, nor after an answer that closes the
 * connection. A `Transfer-Encoding` other than `chunked` alone (such as
 * `gzip, chunked`) is answered 501 without reading the body or calling the
 * handler, and the connection is closed.
 *
 * A response body that arrives in at most one chunk (such as a JSON answer)
 * is written at once with its `Content-Length`; a longer stream is written as
 * it comes (chunked). `node:http` is loaded only when this function runs, so
 * importing this package in a browser or a worker never loads it.
 *
 * Every handler, wrapped or not, gets the same `Request`: one whose method, URL and headers are read from
 * node:http, and whose real `Request` (its body streamed from the socket, its `signal` aborting when the client
 * goes away) is built only when something reads more, so a handler that reads only those pays for nothing else.
 * `createMetadataHandler`'s handler reads its body straight from the socket and answers such a request with a
 * `Response` this server writes without building one; a wrapper that passes the request and the answer
 * through (a logging middleware) keeps that, and one that builds a `Request` of its own
 * (`new Request(request, init)`) or reads the body gets a real one. Its `method` may be one no `Request` can
 * carry (TRACE, TRACK), which `createMetadataHandler`'s handler answers with 405 or 501 as any other.
 *
 * Every answer of this server's own has Clerk's error body: a request node:http cannot parse (400, 431, 408),
 * a CONNECT (405, with the `Allow` of the methods the metadata operations have), a request target that is no
 * URL of this server or an HTTP/1.1 request without `Host` (400), a `Transfer-Encoding` other than chunked
 * (501); a handler that throws gets a 500 (`internal_error`), or a 501 for a method no `Request` can carry
 * (TRACE, TRACK) when it needed a real `Request` to answer it.
 *
 * @public
 */
export async function serveNodeHttp(
  handler: (request: Request) => Promise<Response>,
  options: ServeNodeHttpOptions = {},
): Promise<NodeHttpServer> {
  return listenNodeHttp(handler, options);
}
