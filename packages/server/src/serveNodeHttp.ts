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

/** Bodies up to this size arrive as one buffer; larger ones (or ones declared larger) are streamed. */
const BUFFERED_BODY_BYTES = 64 * 1024;

type RequestBody = Uint8Array | ReadableStream<Uint8Array> | undefined;

/** Streams the rest of `incoming` after `prefix` (chunks already read); pauses the socket on cancel. */
function streamBody(incoming: IncomingMessage, prefix: readonly Buffer[], failure?: unknown): ReadableStream<Uint8Array> {
  let detach = (): void => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of prefix) controller.enqueue(new Uint8Array(chunk));
      if (failure !== undefined) return controller.error(failure);
      if (incoming.readableEnded) return controller.close();
      const onData = (chunk: Buffer): void => {
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 1) <= 0) incoming.pause();
      };
      const onEnd = (): void => {
        detach();
        controller.close();
      };
      const onError = (error: unknown): void => {
        detach();
        controller.error(error);
      };
      detach = () => {
        incoming.off('data', onData).off('end', onEnd).off('error', onError);
      };
      incoming.on('data', onData).on('end', onEnd).on('error', onError);
      incoming.pause();
    },
    pull() {
      incoming.resume();
    },
    // On cancel, stop reading but keep the socket: the answer (413) still has to go out.
    cancel() {
      detach();
      incoming.pause();
    },
  });
}

/**
 * Reads a small body into one buffer (cheaper for the handler than a stream);
 * a body declared or found larger than {@link BUFFERED_BODY_BYTES} is handed
 * over as a stream instead, so the handler's own cap decides without the rest
 * being read.
 */
function readRequestBody(incoming: IncomingMessage, done: (body: RequestBody) => void): void {
  const method = incoming.method;
  if (method === 'GET' || method === 'HEAD') return done(undefined);
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > BUFFERED_BODY_BYTES) return done(streamBody(incoming, []));
  const chunks: Buffer[] = [];
  let total = 0;
  const detach = (): void => {
    incoming.off('data', onData).off('end', onEnd).off('error', onError);
  };
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    total += chunk.byteLength;
    if (total > BUFFERED_BODY_BYTES) {
      detach();
      incoming.pause();
      done(streamBody(incoming, chunks));
    }
  };
  const onEnd = (): void => {
    detach();
    done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
  };
  const onError = (error: unknown): void => {
    detach();
    done(streamBody(incoming, chunks, error));
  };
  incoming.on('data', onData).on('end', onEnd).on('error', onError);
}

function toRequest(incoming: IncomingMessage, origin: string, body: RequestBody): Request {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  const init: RequestInit & { duplex?: 'half' } = { method: incoming.method ?? 'GET', headers };
  if (body !== undefined) {
    init.body = body;
    if (body instanceof ReadableStream) init.duplex = 'half';
  }
  const target = incoming.url ?? '/';
  // An origin-form target ('/path', not '//host' or '/\\host') resolves to origin + target; skip one URL parse.
  const isOriginForm = target.charCodeAt(0) === 47 && target.charCodeAt(1) !== 47 && target.charCodeAt(1) !== 92;
  return new Request(isOriginForm ? origin + target : new URL(target, origin), init);
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
  if (response.body === null || incoming.method === 'HEAD') {
    outgoing.writeHead(response.status, headers);
    outgoing.end();
    return;
  }
  const reader = response.body.getReader();
  const first = await reader.read();
  const second = first.done ? first : await reader.read();
  if (second.done) {
    // The whole body in hand (a JSON answer is one chunk): one write, with its length.
    const body = first.done ? new Uint8Array(0) : first.value;
    headers['content-length'] = String(body.byteLength);
    outgoing.writeHead(response.status, headers);
    outgoing.end(body);
    return;
  }
  outgoing.writeHead(response.status, headers);
  outgoing.write(first.value!);
  let next = second;
  for (;;) {
    if (!outgoing.write(next.value)) await new Promise((resolve) => outgoing.once('drain', resolve));
    const read = await reader.read();
    if (read.done) break;
    next = read;
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
  const server = createServer((incoming, outgoing) => {
    readRequestBody(incoming, (body) => {
      Promise.resolve()
        .then(() => handler(toRequest(incoming, origin, body)))
        .then((response) => writeResponse(response, incoming, outgoing))
        .catch(() => {
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
