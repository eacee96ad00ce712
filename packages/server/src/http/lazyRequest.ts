// A Fetch `Request` whose parts are read on demand: its method, URL and headers from what the server parsed,
// its body straight from the server (with a cap, without a stream) when a handler of this package reads it,
// and the real `Request` (with its body stream and signal) built only when anything else is read. Building a
// `Request` and its streams per call costs more than the routes themselves.

import { delegateToReal } from './lazyFetchObject.js';

/** The properties a `Request` has beyond method, URL and headers: each is read from the real one, built then. */
const delegatedGetters = [
  'body',
  'bodyUsed',
  'cache',
  'credentials',
  'destination',
  'duplex',
  'integrity',
  'isHistoryNavigation',
  'isReloadNavigation',
  'keepalive',
  'mode',
  'redirect',
  'referrer',
  'referrerPolicy',
  'signal',
] as const;
const delegatedMethods = ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text'] as const;

/**
 * A `Request` (`instanceof Request` holds) whose real `Request` is built only when something reads more than
 * its method, URL and headers. A server of this package makes one per request; the handler reads its body with
 * {@link LazyRequest.readBodyText} and answers it with an `AnswerResponse`, which the server writes without a
 * `Response` either. Anything else (a wrapper reading the body or the signal, `new Request(request, init)`,
 * `fetch(request)`) gets the real one, so a handler sees a `Request` that behaves as one.
 */
export abstract class LazyRequest {
  #real: Request | undefined;
  #headers: Headers | undefined;

  constructor() {
    delegateRuntimeSymbols();
  }

  /** The method, as `Request.method` gives it (but for TRACE and TRACK, which no `Request` can carry). */
  abstract readonly method: string;
  /** The absolute URL, as `Request.url` gives it. */
  abstract readonly url: string;

  /** The header lines as they arrived: name, value, name, value, … */
  protected abstract rawHeaders(): readonly string[];

  /** The real `Request`; called once, when something reads what only it has. */
  protected abstract buildRequest(headers: Headers): Request;

  /**
   * The body as UTF-8 text, read from the server without a stream: 413 once more than `maxBytes` arrived
   * (the rest left unread), 400 when not UTF-8, `RequestAbortedError` when the client went away. Once, and
   * only while the real `Request` is not built (after, the body is its stream's).
   */
  abstract readBodyText(maxBytes: number): Promise<string>;

  /** The address the request came from (a webhook event's `client_ip`); empty when unknown. */
  clientAddress(): string {
    return '';
  }

  /** The headers: a `Headers` built from the lines on first read. */
  get headers(): Headers {
    if (this.#real !== undefined) return this.#real.headers;
    if (this.#headers === undefined) {
      const headers = new Headers();
      const raw = this.rawHeaders();
      for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
      this.#headers = headers;
    }
    return this.#headers;
  }

  /**
   * A header's value as `Headers.get` gives it (lines of one name joined with `", "`, `null` without one), read
   * from the lines themselves until something reads the headers (which a wrapper may change).
   */
  header(name: string): string | null {
    if (this.#real !== undefined || this.#headers !== undefined) return this.headers.get(name);
    const raw = this.rawHeaders();
    let value: string | null = null;
    for (let index = 0; index + 1 < raw.length; index += 2) {
      const key = raw[index]!;
      if (key.length === name.length && key.toLowerCase() === name) value = value === null ? raw[index + 1]! : `${value}, ${raw[index + 1]!}`;
    }
    return value;
  }

  /** Whether the real `Request` was built (then the body is its stream's). */
  get isBuilt(): boolean {
    return this.#real !== undefined;
  }

  /** The real `Request`, built on first use from the headers as they are now. */
  toRequest(): Request {
    this.#real ??= this.buildRequest(this.headers);
    return this.#real;
  }
}

delegateToReal(LazyRequest, Request, 'Request', (self) => self.toRequest(), { getters: delegatedGetters, methods: delegatedMethods, symbols: [] });

let runtimeSymbolsDelegated = false;

/**
 * What `new Request(request, init)` and `fetch(request)` read of a request given to them is internal to the
 * runtime's `Request` (Node's keeps it under symbols): each is read from the real one too. Found on the first
 * LazyRequest, not when this module loads (which every runtime does, where it need not make a `Request`).
 */
function delegateRuntimeSymbols(): void {
  if (runtimeSymbolsDelegated) return;
  runtimeSymbolsDelegated = true;
  delegateToReal(LazyRequest, Request, 'Request', (self) => self.toRequest(), {
    getters: [],
    methods: [],
    symbols: Object.getOwnPropertySymbols(new Request('http://localhost/')),
  });
}

/** A header of a request, by its lower-case name: without building a `LazyRequest`'s `Headers`. */
export function requestHeader(request: Request, name: string): string | null {
  return request instanceof LazyRequest ? request.header(name) : request.headers.get(name);
}
