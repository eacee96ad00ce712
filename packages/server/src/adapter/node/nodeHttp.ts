// node:http ⇄ the handler: URLs, methods, the direct path that skips Request/Response, and writing answers.
// Types only from node:http: importing this module never loads it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer } from '../../http/answer.js';
import type { Exchange } from '../../http/exchange.js';
import { fetchMethod } from '../../http/fetchMethod.js';
import type { NodeRequestBody } from './nodeRequestBody.js';

// A path the WHATWG URL parser leaves as it is: no percent-encoding to add or decode, no dot segment, no backslash.
const PLAIN_PATH = /^\/(?!\/)[\w\-~!$&'()*+,;=:@/.]*$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * The absolute URL of a request target, as `Request.url` would serialise it
 * (its pathname at least): a plain origin-form path is joined as it is, to
 * skip a URL parse on every request; anything else is parsed. `undefined` for
 * a target that is no URL of this server: unparseable (`http://%zz/`), with
 * credentials (a `Request` cannot hold them), or of a scheme other than http(s).
 */
export function targetUrl(target: string, origin: string): string | undefined {
  const pathEnd = target.search(/[?#]/);
  const path = pathEnd === -1 ? target : target.slice(0, pathEnd);
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return origin + target;
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  return url.href;
}

function requestHeaders(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

/**
 * The Fetch `Request` for an incoming request: its body streams from the socket as the handler reads it, and
 * its `signal` aborts when the client goes away before the answer.
 */
export function toRequest(incoming: IncomingMessage, outgoing: ServerResponse, url: string, body: NodeRequestBody): Request {
  const gone = new AbortController();
  const abort = (): void => gone.abort();
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) abort();
  });
  const init: RequestInit & { duplex?: 'half' } = {
    method: incoming.method ?? 'GET',
    headers: requestHeaders(incoming),
    signal: gone.signal,
  };
  // The signal aborts before the body fails, so a handler that checks it knows why.
  const stream = body.stream(abort);
  if (stream !== undefined) {
    init.body = stream;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/**
 * The routes' view of a node:http request, without a `Request`: headers are
 * read from `rawHeaders` on demand and the body only when a route reads it; a
 * bodiless `Request` is built only if the `authenticate` hook asks for one.
 */
export function nodeExchange(incoming: IncomingMessage, url: string, body: NodeRequestBody): Exchange {
  const method = fetchMethod(incoming.method ?? 'GET');
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
    readText: (maxBytes) => body.readText(maxBytes),
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
    if (!outgoing.write(next.value)) await drainedOrClosed(outgoing);
    if (outgoing.destroyed) return void reader.cancel().catch(() => {});
    const read = await reader.read();
    if (read.done) break;
    next = read;
  }
  outgoing.end();
}

function drainedOrClosed(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      outgoing.off('drain', done).off('close', done);
      resolve();
    };
    outgoing.once('drain', done).once('close', done);
  });
}

/** Writes an answer in one `end()` with its `Content-Length`, as `serveNodeHttp` writes a one-chunk `Response`. */
export function writeAnswer(answer: Answer, incoming: IncomingMessage, outgoing: ServerResponse): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (incoming.method === 'HEAD') {
    outgoing.writeHead(answer.status, headers);
    outgoing.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(answer.body));
  outgoing.writeHead(answer.status, headers);
  outgoing.end(answer.body);
}
