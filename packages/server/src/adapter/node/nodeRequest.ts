// A node:http request as the `Request` a handler gets: its method, URL and headers read from node:http, its body
// read by the handler of this package straight from the socket, and a real `Request` (its body streamed from
// the socket, its signal aborted when the client goes away) only when something else is read.
// Types only from node:http: importing this module never loads it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchMethod } from '../../http/fetchMethod.js';
import { LazyRequest } from '../../http/lazyRequest.js';
import type { NodeRequestBody } from './nodeRequestBody.js';

/** The `Request` of a node:http request; see `LazyRequest`. */
export class NodeRequest extends LazyRequest {
  readonly method: string;
  readonly url: string;
  readonly #incoming: IncomingMessage;
  readonly #outgoing: ServerResponse;
  readonly #body: NodeRequestBody;

  /**
   * @param incoming - the request, as node:http parsed it
   * @param outgoing - its answer (its closing before it is written aborts the real `Request`'s signal)
   * @param url - the absolute URL of its target (see `targetUrl`)
   * @param body - its body, read only when asked
   */
  constructor(incoming: IncomingMessage, outgoing: ServerResponse, url: string, body: NodeRequestBody) {
    super();
    this.method = fetchMethod(incoming.method ?? 'GET');
    this.url = url;
    this.#incoming = incoming;
    this.#outgoing = outgoing;
    this.#body = body;
  }

  protected rawHeaders(): readonly string[] {
    return this.#incoming.rawHeaders;
  }

  override clientAddress(): string {
    return this.#incoming.socket.remoteAddress ?? '';
  }

  readBodyText(maxBytes: number): Promise<string> {
    return this.#body.readText(maxBytes);
  }

  protected buildRequest(headers: Headers): Request {
    const gone = new AbortController();
    const abort = (): void => gone.abort();
    this.#outgoing.once('close', () => {
      if (!this.#outgoing.writableFinished) abort();
    });
    const init: RequestInit & { duplex?: 'half' } = { method: this.method, headers, signal: gone.signal };
    // The signal aborts before the body fails, so a handler that checks it knows why.
    const stream = this.#body.stream(abort);
    if (stream !== undefined) {
      init.body = stream;
      init.duplex = 'half';
    }
    return new Request(this.url, init);
  }
}
