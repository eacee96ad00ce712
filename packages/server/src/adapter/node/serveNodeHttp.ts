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
 * importing this package in a browser or a worker never loads it. A handler
 * that throws gets a bare 500; a request target that is no URL of this server
 * (`http://%zz/`, one with credentials) a 400, and a method no `Request` can
 * carry (TRACE, TRACK) a 501, without calling the handler.
 *
 * Given the handler `createMetadataHandler` returned, it runs that
 * handler's routes on node:http's request and response directly, without
 * building a `Request` and a `Response` for every call: the same answers, at
 * several times the throughput (see the benchmarks). The `authenticate` hook
 * then gets a `Request` with the headers, method and URL but no body. To go
 * through Fetch objects anyway, pass a wrapper: `(request) => handler(request)`.
 * Every answer of that path has Clerk's error body, including those to
 * requests node:http cannot parse (400, 431, 408), a CONNECT (405), an
 * unusable request target (400) and a method no route serves (405 with `Allow`).
 *
 * @public
 */
export async function serveNodeHttp(
  handler: (request: Request) => Promise<Response>,
  options: ServeNodeHttpOptions = {},
): Promise<NodeHttpServer> {
  return listenNodeHttp(handler, options);
}
