// The node:http server behind serveNodeHttp and the command-line server: every request gets an answer (a
// Clerk error body when the handler is createMetadataHandler's), bodies are read only when the handler asks,
// and an unread rest is discarded within bounds once the answer is out. Loads node:http only when started.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AnsweredRequest, NodeHttpServer, ServeNodeHttpOptions } from '../serveNodeHttp.js';
import { answerExchange, type Answer, type AnswerExchange } from './exchange.js';
import { isFetchMethod } from './fetchMethod.js';
import { nodeExchange, targetUrl, toRequest, writeAnswer, writeResponse } from './nodeHttp.js';
import { nodeRequestBody, rawHeader, type NodeRequestBody } from './nodeRequestBody.js';
import { pathnameOf } from './pathnameOf.js';
import { errorAnswer, jsonAnswer } from './responses.js';

/** What only the command-line server adds: its health endpoint. */
export interface NodeServerExtras {
  /** Answers `GET /healthz` (and HEAD) unauthenticated: 200 when it resolves true, 503 otherwise. */
  readonly healthCheck?: () => Promise<boolean>;
}

type Handler = (request: Request) => Promise<Response>;

/** The longest path a log line carries. */
const LOGGED_PATH_LENGTH = 300;

/** The methods some route of the handler serves: the `Allow` of a CONNECT, which names no path. */
const SERVED_METHODS = 'DELETE, GET, PATCH, POST, PUT';

// The target is not echoed: it may hold credentials.
const badTarget = (): Answer =>
  errorAnswer(
    400,
    'request_invalid',
    'request invalid',
    'The request target is not a URL of this server: it does not parse, holds credentials, or is not http(s).',
  );

const missingHost = (): Answer =>
  errorAnswer(400, 'request_invalid', 'request invalid', 'An HTTP/1.1 request needs a Host header.');

function healthAnswer(up: boolean): Answer {
  return jsonAnswer(up ? 200 : 503, { status: up ? 'ok' : 'unavailable' }, { 'cache-control': 'no-store' });
}

/** A plain-text answer, for a handler that is not createMetadataHandler's (its error shape is unknown). */
function plainAnswer(status: number, text: string): Answer {
  return { status, headers: { 'content-type': 'text/plain' }, body: text };
}

/** The path of a URL for a log line: no query (it may carry tokens), bounded in length. */
function loggedPath(url: string | undefined): string {
  if (url === undefined) return '-';
  const path = pathnameOf(url);
  return path.length > LOGGED_PATH_LENGTH ? `${path.slice(0, LOGGED_PATH_LENGTH)}…` : path;
}

/**
 * Answers a request node:http could not parse (a bad request line, headers too large, a timeout) on the raw
 * socket, as Node does by default but with Clerk's error body.
 */
function refuseUnparsedRequest(error: NodeJS.ErrnoException, socket: Duplex): number | undefined {
  // Node's own default: a response already under way on this socket cannot be followed by another.
  const busy = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return undefined;
  }
  const [status, reason, code, longMessage] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'request_header_fields_too_large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'The request did not arrive in time.']
        : [400, 'Bad Request', 'request_invalid', 'The request is not valid HTTP/1.1.'];
  const head = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  writeRaw(socket, status, reason, errorAnswer(status, code, reason.toLowerCase(), longMessage), head);
  return status;
}

/** Writes an answer straight to a socket node:http gave up on, and closes it; no body for a HEAD. */
function writeRaw(socket: Duplex, status: number, reason: string, answer: Answer, head = false): void {
  const headers = Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\n${headers.join('')}content-length: ${Buffer.byteLength(answer.body)}\r\n\r\n${head ? '' : answer.body}`,
  );
}

const unusableTarget = (direct: boolean): Answer => (direct ? badTarget() : plainAnswer(400, 'Bad Request'));

/** The answer to a request with a URL that the handler still cannot be given: no Host, or (Fetch) its method. */
function refusal(incoming: IncomingMessage, direct: boolean): Answer | undefined {
  if (incoming.httpVersion === '1.1' && rawHeader(incoming, 'host') === undefined) {
    return direct ? missingHost() : plainAnswer(400, 'Bad Request');
  }
  if (!direct && !isFetchMethod(incoming.method ?? 'GET')) return plainAnswer(501, 'Not Implemented');
  return undefined;
}

/** Answers, in Clerk's shape, what node:http would otherwise answer bare (a parse error) or not at all (CONNECT). */
function answerUnparsedRequests(server: Server, onResponse: ServeNodeHttpOptions['onResponse']): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = refuseUnparsedRequest(error, socket);
    if (status !== undefined) onResponse?.({ method: '-', path: '-', status, milliseconds: 0 });
  });
  // No Request can carry CONNECT: answered here, not left to node:http (which would just close the socket).
  server.on('connect', (_incoming: IncomingMessage, socket: Duplex) => {
    const refused = errorAnswer(405, 'method_not_allowed', 'method not allowed', 'CONNECT is not allowed.', undefined, {
      allow: SERVED_METHODS,
    });
    writeRaw(socket, 405, 'Method Not Allowed', refused);
    onResponse?.({ method: 'CONNECT', path: '-', status: 405, milliseconds: 0 });
  });
}

type Answered = Pick<AnsweredRequest, 'status' | 'traceId'>;

/** Starts the server; see `serveNodeHttp` for what it promises. */
export async function listenNodeHttp(
  handler: Handler,
  options: ServeNodeHttpOptions = {},
  extras: NodeServerExtras = {},
): Promise<NodeHttpServer> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  const onResponse = options.onResponse;
  // Known once listening; requests arrive only after that.
  let origin = '';
  // A createMetadataHandler handler carries its routes under a private key: run them on node:http directly.
  const answer = (handler as { [answerExchange]?: AnswerExchange })[answerExchange];
  const direct = typeof answer === 'function';

  async function respond(incoming: IncomingMessage, outgoing: ServerResponse, url: string | undefined, body: NodeRequestBody): Promise<Answered> {
    let answered: Answer;
    const refused = url === undefined ? unusableTarget(direct) : refusal(incoming, direct);
    if (refused !== undefined || url === undefined) {
      answered = refused ?? unusableTarget(direct);
    } else if (extras.healthCheck !== undefined && (incoming.method === 'GET' || incoming.method === 'HEAD') && pathnameOf(url) === '/healthz') {
      answered = healthAnswer(await extras.healthCheck().catch(() => false));
    } else if (direct) {
      answered = await answer(nodeExchange(incoming, url, body));
    } else {
      const response = await handler(toRequest(incoming, outgoing, url, body));
      body.discardRest();
      await writeResponse(response, incoming, outgoing);
      return { status: response.status };
    }
    // Whatever of the body is still arriving is read and dropped, within bounds, so the client reads the answer.
    body.discardRest();
    writeAnswer(answered, incoming, outgoing);
    return { status: answered.status, traceId: answered.traceId };
  }

  function serve(incoming: IncomingMessage, outgoing: ServerResponse, expectsContinue: boolean): void {
    const started = performance.now();
    const url = targetUrl(incoming.url ?? '/', origin);
    const body = nodeRequestBody(incoming, outgoing, expectsContinue);
    respond(incoming, outgoing, url, body)
      .catch((): Answered => {
        // Only a handler other than createMetadataHandler's can get here (that one never rejects).
        body.discardRest();
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
        outgoing.end();
        return { status: 500 };
      })
      .then(({ status, traceId }) => {
        if (onResponse === undefined) return;
        const entry: AnsweredRequest = { method: incoming.method ?? '-', path: loggedPath(url), status, milliseconds: performance.now() - started };
        onResponse(traceId === undefined ? entry : { ...entry, traceId });
      });
  }

  // Host is checked by the direct path itself, to answer a missing one in Clerk's shape.
  const server = createServer({ requireHostHeader: false }, (incoming, outgoing) => serve(incoming, outgoing, false));
  // Expect: 100-continue is granted only when the handler reads the body (see nodeRequestBody).
  server.on('checkContinue', (incoming, outgoing) => serve(incoming, outgoing, true));
  server.on('checkExpectation', (incoming, outgoing) => serve(incoming, outgoing, false));
  if (direct) answerUnparsedRequests(server, onResponse);

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
