import { answerExchange, type AnswerExchange } from './internal/exchange.js';
import { nodeExchange, readRequestBody, targetUrl, toRequest, writeAnswer, writeResponse } from './internal/nodeHttp.js';

/**
 * Options of {@link serveNodeHttp}.
 *
 * @public
 */
export interface ServeNodeHttpOptions {
  /** The address to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** The port; `0` picks a free one. Default `0`. */
  readonly port?: number;
}

/**
 * A running {@link serveNodeHttp} server.
 *
 * @public
 */
export interface NodeHttpServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  /** The address it listens on. */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops accepting, closes idle and open connections, and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Serves a web-standard handler (such as `createMetadataHandler`'s) with `node:http`.
 *
 * @param handler - `(request) => Promise<Response>`
 * @param options - host (default `127.0.0.1`) and port (default `0`, a free port)
 * @returns once the server accepts connections: its URL and a `close()`
 *
 * @remarks
 * A request body of up to 64 KiB is read into one buffer before the handler
 * runs; a larger one (declared by `Content-Length` or found while reading) is
 * streamed to the handler as it arrives, so a handler that stops reading (a
 * 413) leaves the rest unread; the connection is then closed after the answer.
 * A response body that arrives in at most one chunk (such as a JSON answer) is
 * written at once with its `Content-Length`; a longer stream is written as it
 * comes (chunked). `node:http` is loaded only when this function runs, so
 * importing this package in a browser or a worker never loads it. A handler
 * that throws gets a bare 500.
 *
 * Given the handler `createMetadataHandler` returned, it runs that
 * handler's routes on node:http's request and response directly, without
 * building a `Request` and a `Response` for every call: the same answers, at
 * several times the throughput (see the benchmarks). The `authenticate` hook
 * then gets a `Request` with the headers, method and URL but no body. To go
 * through Fetch objects anyway, pass a wrapper: `(request) => handler(request)`.
 *
 * @public
 */
export async function serveNodeHttp(
  handler: (request: Request) => Promise<Response>,
  options: ServeNodeHttpOptions = {},
): Promise<NodeHttpServer> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  // Known once listening; requests arrive only after that.
  let origin = '';
  // A createMetadataHandler handler carries its routes under a private key: run them on node:http directly.
  const answer = (handler as { [answerExchange]?: AnswerExchange })[answerExchange];
  const server = createServer((incoming, outgoing) => {
    readRequestBody(incoming, (body) => {
      const written =
        typeof answer === 'function'
          ? Promise.resolve()
              .then(() => answer(nodeExchange(incoming, origin, body)))
              .then((answered) => writeAnswer(answered, incoming, outgoing))
          : Promise.resolve()
              .then(() => handler(toRequest(incoming, targetUrl(incoming.url ?? '/', origin), body)))
              .then((response) => writeResponse(response, incoming, outgoing));
      written.catch(() => {
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
        outgoing.end();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  origin = url;
  return {
    url,
    host,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
