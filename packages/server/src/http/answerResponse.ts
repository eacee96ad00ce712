// A Fetch `Response` holding an answer's status, headers and JSON text, whose real `Response` (and its body
// stream) is built only when something reads its body. The handler answers a LazyRequest with one, and the
// server that made the request writes the text as it is; a wrapper that reads the status or the headers on the
// way keeps that, one that reads the body gets a real `Response`.
import type { Answer } from './answer.js';
import { delegateToReal } from './lazyFetchObject.js';

const delegatedGetters = ['body', 'bodyUsed', 'redirected', 'type', 'url'] as const;
const delegatedMethods = ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text'] as const;

/**
 * A `Response` (`instanceof Response` holds) for an {@link Answer}, built for a `LazyRequest`'s server: only
 * such a server takes it, so the handler makes one only for such a request (a runtime's own server needs a
 * real `Response`).
 */
export class AnswerResponse {
  readonly #answer: Answer;
  #headers: Headers | undefined;
  #real: Response | undefined;

  constructor(answer: Answer) {
    this.#answer = answer;
  }

  get status(): number {
    return this.#answer.status;
  }

  get ok(): boolean {
    return this.#answer.status >= 200 && this.#answer.status < 300;
  }

  get statusText(): string {
    return '';
  }

  /** The headers: a `Headers` built on first read (a wrapper may change them; the server writes them as they are then). */
  get headers(): Headers {
    this.#headers ??= new Headers(this.#answer.headers);
    return this.#headers;
  }

  /** The answer to write as it is: `undefined` once its body was read (the real `Response` has it then). */
  unreadAnswer(): Answer | undefined {
    return this.#real === undefined ? this.#answer : undefined;
  }

  /** The headers, when something read them (and may have changed them): the server writes these then. */
  readHeaders(): Headers | undefined {
    return this.#headers;
  }

  /** The answer's trace id, for the request's log line. */
  get traceId(): string | undefined {
    return this.#answer.traceId;
  }

  /** The real `Response`, built on first use, with the headers as they are now. */
  toResponse(): Response {
    this.#real ??= new Response(this.#answer.body, { status: this.#answer.status, headers: this.headers });
    return this.#real;
  }
}

delegateToReal(AnswerResponse, Response, 'Response', (self) => self.toResponse(), { getters: delegatedGetters, methods: delegatedMethods, symbols: [] });
