import type { IncomingMessage, ServerResponse } from 'node:http';

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

function toRequest(incoming: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  const method = incoming.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks = incoming[Symbol.asyncIterator]();
    init.body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value as Buffer));
      },
      // On cancel, stop pulling but keep the socket: the answer (413) still has to go out.
    });
    init.duplex = 'half';
  }
  return new Request(new URL(incoming.url ?? '/', origin), init);
}

async function writeResponse(response: Response, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // A body the handler did not read in full is not worth draining on a kept-alive connection.
  if (!incoming.complete) headers['connection'] = 'close';
  outgoing.writeHead(response.status, headers);
  if (response.body !== null && incoming.method !== 'HEAD') {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once('drain', resolve));
    }
  }
  outgoing.end();
}

/**
 * Serves a web-standard handler (such as {@link createMetadataHandler}'s) with `node:http`.
 *
 * @param handler - `(request) => Promise<Response>`
 * @param options - host (default `127.0.0.1`) and port (default `0`, a free port)
 * @returns once the server accepts connections: its URL and a `close()`
 *
 * @remarks
 * The request body is streamed to the handler as it arrives, so a handler that
 * stops reading (a 413) leaves the rest unread; the connection is then closed
 * after the answer. `node:http` is loaded only when this function runs, so
 * importing this package in a browser or a worker never loads it. A handler
 * that throws gets a bare 500.
 *
 * @public
 */
export async function serveNodeHttp(
  handler: (request: Request) => Promise<Response>,
  options: ServeNodeHttpOptions = {},
): Promise<NodeHttpServer> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  const server = createServer((incoming, outgoing) => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    handler(toRequest(incoming, origin))
      .then((response) => writeResponse(response, incoming, outgoing))
      .catch(() => {
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
        outgoing.end();
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
