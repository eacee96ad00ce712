/**
 * One answered request, as {@link ServeNodeHttpOptions.onResponse} hears of it: what a request log line needs,
 * and nothing of the request's headers (keys) or body.
 *
 * @public
 */
export interface AnsweredRequest {
  /** The request method, as sent; `-` for a request too malformed to have one. */
  readonly method: string;
  /** The path, without the query (it may carry tokens); `-` when the request target is no URL of this server. */
  readonly path: string;
  /**
   * The status answered; 499 when the client closed the connection before sending its whole request (the
   * answer then reaches nobody), or while the request waited for its turn behind others pipelined on the
   * connection (it is then not run).
   */
  readonly status: number;
  /** From the request's arrival to its answer being handed to the socket. */
  readonly milliseconds: number;
  /** The answer's `clerk_trace_id`, when it has one. */
  readonly traceId?: string;
}

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
  /**
   * Called once per answered request, after its answer is handed to the socket: for a request log. Default
   * none. It runs on the request path: keep it quick, and it must not throw.
   */
  readonly onResponse?: (answered: AnsweredRequest) => void;
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
