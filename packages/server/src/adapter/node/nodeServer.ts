// The node:http server behind serveNodeHttp and the command-line server: every request gets an answer (a
// Clerk error body when the handler is createMetadataHandler's), the requests of a connection run one at a
// time in the order sent, bodies are read only when the handler asks, and an unread rest is discarded within
// bounds once the answer is out. Loads node:http only when started.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AnsweredRequest, NodeHttpServer, ServeNodeHttpOptions } from './serveNodeHttpOptions.js';
import { connectionTurns } from './connectionTurns.js';
import type { Answer } from '../../http/answer.js';
import { answerExchange, type AnswerExchange } from '../../http/exchange.js';
import { isFetchMethod } from '../../http/fetchMethod.js';
import { nodeExchange, targetUrl, toRequest, writeAnswer, writeResponse } from './nodeHttp.js';
import { nodeRequestBody, rawHeader, type NodeRequestBody } from './nodeRequestBody.js';
import { pathnameOf } from '../../http/pathnameOf.js';
import { jsonAnswer } from '../../http/responses.js';
import { errorAnswer } from '../../http/serverErrors.js';
import { answerUnparsedRequests } from './unparsedRequests.js';
import { unsupportedTransferCoding } from './unsupportedTransferCoding.js';

/** What only the command-line server adds: its health endpoint. */
export interface NodeServerExtras {
  /** Answers `GET /healthz` (and HEAD) unauthenticated: 200 when it resolves true, 503 otherwise. */
  readonly healthCheck?: () => Promise<boolean>;
}

type Handler = (request: Request) => Promise<Response>;

/** The longest path a log line carries. */
const LOGGED_PATH_LENGTH = 300;

// The target is not echoed: it may hold credentials.
const badTarget = (): Answer =>
  errorAnswer({ code: 'request_invalid', message: 'request invalid', longMessage: 'The request target is not a URL of this server: it does not parse, holds credentials, or is not http(s).' });

// The body's framing cannot be trusted, so neither can anything after it on the connection: it closes.
const unsupportedCoding = (direct: boolean): Answer =>
  direct
    ? errorAnswer({ code: 'not_implemented', message: 'not implemented', longMessage: 'The request has a Transfer-Encoding other than chunked, which this server does not implement.', headers: { connection: 'close' } })
    : plainAnswer(501, 'Not Implemented', { connection: 'close' });

const missingHost = (): Answer =>
  errorAnswer({ code: 'request_invalid', message: 'request invalid', longMessage: 'An HTTP/1.1 request needs a Host header.' });

function healthAnswer(up: boolean): Answer {
  return jsonAnswer(up ? 200 : 503, { status: up ? 'ok' : 'unavailable' }, { 'cache-control': 'no-store' });
}

/** A plain-text answer, for a handler that is not createMetadataHandler's (its error shape is unknown). */
function plainAnswer(status: number, text: string, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...headers, 'content-type': 'text/plain' }, body: text };
}

/** The path of a URL for a log line: no query (it may carry tokens), bounded in length. */
function loggedPath(url: string | undefined): string {
  if (url === undefined) return '-';
  const path = pathnameOf(url);
  return path.length > LOGGED_PATH_LENGTH ? `${path.slice(0, LOGGED_PATH_LENGTH)}…` : path;
}

const unusableTarget = (direct: boolean): Answer => (direct ? badTarget() : plainAnswer(400, 'Bad Request'));

/**
 * The answer to a request the handler cannot be given: a transfer coding other than chunked, a target that is
 * no URL of this server, no Host, or (Fetch) its method.
 */
function refusal(incoming: IncomingMessage, url: string | undefined, direct: boolean): Answer | undefined {
  if (unsupportedTransferCoding(incoming)) return unsupportedCoding(direct);
  if (url === undefined) return unusableTarget(direct);
  if (incoming.httpVersion === '1.1' && rawHeader(incoming, 'host') === undefined) {
    return direct ? missingHost() : plainAnswer(400, 'Bad Request');
  }
  if (!direct && !isFetchMethod(incoming.method ?? 'GET')) return plainAnswer(501, 'Not Implemented');
  return undefined;
}

type Answered = Pick<AnsweredRequest, 'status' | 'traceId'>;

/**
 * Whether node:http closes the connection once this answer is out (the request asked to, HTTP/1.0, or the answer
 * says `Connection: close`): its own flag, as no public property tells.
 */
function endsConnection(outgoing: ServerResponse): boolean {
  return (outgoing as { _last?: boolean })._last === true;
}

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
  const turns = connectionTurns();
  const lastRequests = new WeakMap<Duplex, IncomingMessage>();

  async function respond(incoming: IncomingMessage, outgoing: ServerResponse, url: string | undefined, body: NodeRequestBody): Promise<Answered> {
    let answered: Answer;
    const refused = refusal(incoming, url, direct);
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

  function answerRequest(incoming: IncomingMessage, outgoing: ServerResponse, url: string | undefined, expectsContinue: boolean): Promise<Answered> {
    const body = nodeRequestBody(incoming, outgoing, expectsContinue);
    return respond(incoming, outgoing, url, body).catch((): Answered => {
      // Only a handler other than createMetadataHandler's can get here (that one never rejects).
      body.discardRest();
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end();
      return { status: 500 };
    });
  }

  function serve(incoming: IncomingMessage, outgoing: ServerResponse, expectsContinue: boolean): void {
    const started = performance.now();
    lastRequests.set(incoming.socket, incoming);
    // One request of a connection at a time, in order: see connectionTurns.
    turns.take(incoming.socket, (endTurn) => {
      const url = targetUrl(incoming.url ?? '/', origin);
      // A request that waited for its turn while its client went away is not run: nobody would read its answer.
      const answered = incoming.destroyed ? Promise.resolve<Answered>({ status: 499 }) : answerRequest(incoming, outgoing, url, expectsContinue);
      void answered.then(({ status, traceId }) => {
        endTurn(endsConnection(outgoing));
        if (onResponse === undefined) return;
        const entry: AnsweredRequest = { method: incoming.method ?? '-', path: loggedPath(url), status, milliseconds: performance.now() - started };
        onResponse(traceId === undefined ? entry : { ...entry, traceId });
      });
    });
  }

  // Host is checked by the direct path itself, to answer a missing one in Clerk's shape.
  const server = createServer({ requireHostHeader: false }, (incoming, outgoing) => serve(incoming, outgoing, false));
  // Expect: 100-continue is granted only when the handler reads the body (see nodeRequestBody).
  server.on('checkContinue', (incoming, outgoing) => serve(incoming, outgoing, true));
  server.on('checkExpectation', (incoming, outgoing) => serve(incoming, outgoing, false));
  answerUnparsedRequests(server, { direct, turns, lastRequest: (socket) => lastRequests.get(socket), onResponse });

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
