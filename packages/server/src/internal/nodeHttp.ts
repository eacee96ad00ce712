// node:http ⇄ the handler: body reading, URLs, and the direct path that skips Request/Response.
// Types only from node:http: importing this module never loads it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer, Exchange } from './exchange.js';
import { bytesText, streamText } from './readBody.js';

/** Bodies up to this size arrive as one buffer; larger ones (or ones declared larger) are streamed. */
const BUFFERED_BODY_BYTES = 64 * 1024;

export type RequestBody = Uint8Array | ReadableStream<Uint8Array> | undefined;

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
export function readRequestBody(incoming: IncomingMessage, done: (body: RequestBody) => void): void {
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


// A path the WHATWG URL parser leaves as it is: no percent-encoding to add or decode, no dot segment, no backslash.
const PLAIN_PATH = /^\/(?!\/)[\w\-~!$&'()*+,;=:@/.]*$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * The absolute URL of a request target, as `Request.url` would serialise it
 * (its pathname at least): a plain origin-form path is joined as it is, to
 * skip a URL parse on every request; anything else is parsed.
 */
export function targetUrl(target: string, origin: string): string {
  const pathEnd = target.search(/[?#]/);
  const path = pathEnd === -1 ? target : target.slice(0, pathEnd);
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return origin + target;
  return new URL(target, origin).href;
}

// Fetch upper-cases these methods whatever their case, and refuses the forbidden ones.
const NORMALISED_METHOD = /^(?:delete|get|head|options|post|put)$/i;
const FORBIDDEN_METHOD = /^(?:connect|trace|track)$/i;

function fetchMethod(incoming: IncomingMessage): string {
  const method = incoming.method ?? 'GET';
  if (FORBIDDEN_METHOD.test(method)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return NORMALISED_METHOD.test(method) ? method.toUpperCase() : method;
}

function requestHeaders(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

/** The Fetch `Request` for an incoming request and its body as read so far. */
export function toRequest(incoming: IncomingMessage, url: string, body: RequestBody): Request {
  const init: RequestInit & { duplex?: 'half' } = { method: incoming.method ?? 'GET', headers: requestHeaders(incoming) };
  if (body !== undefined) {
    init.body = body;
    if (body instanceof ReadableStream) init.duplex = 'half';
  }
  return new Request(url, init);
}

/**
 * The routes' view of a node:http request, without a `Request`: headers are
 * read from `rawHeaders` on demand and the body from what
 * {@link readRequestBody} gathered; a bodiless `Request` is built only if the
 * `authenticate` hook asks for one.
 */
export function nodeExchange(incoming: IncomingMessage, origin: string, body: RequestBody): Exchange {
  const method = fetchMethod(incoming);
  const url = targetUrl(incoming.url ?? '/', origin);
  const raw = incoming.rawHeaders;
  const header = (name: string): string | null => {
    let value: string | null = null;
    for (let index = 0; index + 1 < raw.length; index += 2) {
      const key = raw[index]!;
      if (key.length === name.length && key.toLowerCase() === name) {
        value = value === null ? raw[index + 1]! : `${value}, ${raw[index + 1]!}`;
      }
    }
    return value;
  };
  let request: Request | undefined;
  return {
    method,
    url,
    header,
    readText: async (maxBytes) => {
      if (body === undefined) return '';
      return body instanceof ReadableStream ? streamText(body, maxBytes) : bytesText(body, maxBytes);
    },
    toRequest: () => (request ??= new Request(url, { method, headers: requestHeaders(incoming) })),
  };
}

/** Writes a Fetch `Response`: one write with `Content-Length` when its body is one chunk, else streamed. */
export async function writeResponse(response: Response, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
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

/** Writes an answer in one `end()` with its `Content-Length`, as `serveNodeHttp` writes a one-chunk `Response`. */
export function writeAnswer(answer: Answer, incoming: IncomingMessage, outgoing: ServerResponse): void {
  const headers: Record<string, string> = { ...answer.headers };
  // A body the handler did not read in full is not worth draining on a kept-alive connection.
  if (!incoming.complete) headers['connection'] = 'close';
  if (incoming.method === 'HEAD') {
    outgoing.writeHead(answer.status, headers);
    outgoing.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(answer.body));
  outgoing.writeHead(answer.status, headers);
  outgoing.end(answer.body);
}
