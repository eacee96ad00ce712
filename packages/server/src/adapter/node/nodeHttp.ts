// node:http ⇄ Fetch: request targets as URLs, and writing a `Response` or an answer.
// Types only from node:http: importing this module never loads it.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Answer } from '../../http/answer.js';

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

/** Fetch `Headers` as node:http writes them: each `Set-Cookie` a line of its own. */
function nodeHeaders(fetchHeaders: Headers): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  fetchHeaders.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = fetchHeaders.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return headers;
}

/** Writes a Fetch `Response`: one write with `Content-Length` when its body is one chunk, else streamed. */
export async function writeResponse(response: Response, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const headers = nodeHeaders(response.headers);
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

/**
 * Writes an answer in one `end()` with its `Content-Length`, as a one-chunk `Response` is written; with
 * `fetchHeaders` (an answer's headers as a wrapper left them) instead of its own.
 */
export function writeAnswer(answer: Answer, incoming: IncomingMessage, outgoing: ServerResponse, fetchHeaders?: Headers): void {
  const headers: OutgoingHttpHeaders = fetchHeaders === undefined ? { ...answer.headers } : nodeHeaders(fetchHeaders);
  // A HEAD answer has no body; a 204 (a preflight's) neither, nor a Content-Length (RFC 9110, 8.6).
  if (incoming.method === 'HEAD' || answer.status === 204) {
    outgoing.writeHead(answer.status, headers);
    outgoing.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(answer.body));
  outgoing.writeHead(answer.status, headers);
  outgoing.end(answer.body);
}
