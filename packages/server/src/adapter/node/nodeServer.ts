// The node:http server behind serveNodeHttp and the command-line server: every request gets an answer (its own
// refusals in Clerk's error shape), the requests of a connection run one at a time in the order sent, a handler
// gets a Request whose parts are read on demand (NodeRequest) and bodies are read only when it asks, an unread
// rest is discarded within bounds once the answer is out, and an AnswerResponse is written without a Response.
// Loads node:http only when started.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Answer } from '../../http/answer.js';
import { AnswerResponse } from '../../http/answerResponse.js';
import { isFetchMethod } from '../../http/fetchMethod.js';
import { pathnameOf } from '../../http/pathnameOf.js';
import { jsonAnswer } from '../../http/responses.js';
import { errorAnswer } from '../../http/serverErrors.js';
import { connectionTurns } from './connectionTurns.js';
import { targetUrl, writeAnswer, writeResponse } from './nodeHttp.js';
import { NodeRequest } from './nodeRequest.js';
import { nodeRequestBody, rawHeader, type NodeRequestBody } from './nodeRequestBody.js';
import type { AnsweredRequest, NodeHttpServer, ServeNodeHttpOptions } from './serveNodeHttpOptions.js';
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
const unusableTarget = (): Answer =>
  errorAnswer({
    code: 'request_invalid',
    message: 'request invalid',
    longMessage: 'The request target is not a URL of this server: it does not parse, holds credentials, or is not http(s).',
  });

// The body's framing cannot be trusted, so neither can anything after it on the connection: it closes.
const unsupportedCoding = (): Answer =>
  errorAnswer({
    code: 'not_implemented',
    message: 'not implemented',
    longMessage: 'The request has a Transfer-Encoding other than chunked, which this server does not implement.',
    headers: { connection: 'close' },
  });

const missingHost = (): Answer => errorAnswer({ code: 'request_invalid', message: 'request invalid', longMessage: 'An HTTP/1.1 request needs a Host header.' });

const internalError = (): Answer =>
  errorAnswer({ code: 'internal_error', message: 'internal error', longMessage: 'The server failed to handle the request.' });

/** A handler that threw: a method no `Request` can carry is one it does not implement (it could not build one); anything else its error. */
function handlerFailed(method: string): Answer {
  if (isFetchMethod(method)) return internalError();
  return errorAnswer({ code: 'not_implemented', message: 'not implemented', longMessage: `${method} is not implemented here.` });
}

function healthAnswer(up: boolean): Answer {
  return jsonAnswer(up ? 200 : 503, { status: up ? 'ok' : 'unavailable' }, { 'cache-control': 'no-store' });
}

/** The path of a URL for a log line: no query (it may carry tokens), bounded in length. */
function loggedPath(url: string | undefined): string {
  if (url === undefined) return '-';
  const path = pathnameOf(url);
  return path.length > LOGGED_PATH_LENGTH ? `${path.slice(0, LOGGED_PATH_LENGTH)}…` : path;
}

/** The answer to a request the handler cannot be given: a transfer coding other than chunked, a target that is no URL of this server, no Host. */
function refusal(incoming: IncomingMessage, url: string | undefined): Answer | undefined {
  if (unsupportedTransferCoding(incoming)) return unsupportedCoding();
  if (url === undefined) return unusableTarget();
  if (incoming.httpVersion === '1.1' && rawHeader(incoming, 'host') === undefined) return missingHost();
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
  const turns = connectionTurns();
  const lastRequests = new WeakMap<Duplex, IncomingMessage>();

  /** Writes an answer of this server's own, once whatever of the body is still arriving is set to be dropped. */
  function writeOwn(answer: Answer, incoming: IncomingMessage, outgoing: ServerResponse, body: NodeRequestBody): Answered {
    // Whatever of the body is still arriving is read and dropped, within bounds, so the client reads the answer.
    body.discardRest();
    writeAnswer(answer, incoming, outgoing);
    return { status: answer.status, traceId: answer.traceId };
  }

  /** Runs the handler on a NodeRequest and writes its answer: an AnswerResponse as it is, any other Response as a stream. */
  async function answerByHandler(incoming: IncomingMessage, outgoing: ServerResponse, url: string, body: NodeRequestBody): Promise<Answered> {
    const request = new NodeRequest(incoming, outgoing, url, body);
    let response: Response;
    try {
      response = await handler(request as unknown as Request);
    } catch {
      return writeOwn(handlerFailed(request.method), incoming, outgoing, body);
    }
    body.discardRest();
    const answer = response instanceof AnswerResponse ? response.unreadAnswer() : undefined;
    if (answer !== undefined) {
      writeAnswer(answer, incoming, outgoing, (response as unknown as AnswerResponse).readHeaders());
      return { status: answer.status, traceId: answer.traceId };
    }
    await writeResponse(response, incoming, outgoing);
    return { status: response.status, traceId: response instanceof AnswerResponse ? response.traceId : undefined };
  }

  async function respond(incoming: IncomingMessage, outgoing: ServerResponse, url: string | undefined, body: NodeRequestBody): Promise<Answered> {
    const refused = refusal(incoming, url);
    if (refused !== undefined || url === undefined) return writeOwn(refused ?? unusableTarget(), incoming, outgoing, body);
    if (extras.healthCheck !== undefined && (incoming.method === 'GET' || incoming.method === 'HEAD') && pathnameOf(url) === '/healthz') {
      return writeOwn(healthAnswer(await extras.healthCheck().catch(() => false)), incoming, outgoing, body);
    }
    return answerByHandler(incoming, outgoing, url, body);
  }

  function answerRequest(incoming: IncomingMessage, outgoing: ServerResponse, url: string | undefined, expectsContinue: boolean): Promise<Answered> {
    const body = nodeRequestBody(incoming, outgoing, expectsContinue);
    return respond(incoming, outgoing, url, body).catch((): Answered => {
      // Writing a Response failed (its body stream threw): an error answer if nothing of it was sent yet.
      body.discardRest();
      const failed = internalError();
      if (outgoing.headersSent) outgoing.end();
      else writeAnswer(failed, incoming, outgoing);
      return { status: failed.status, traceId: failed.traceId };
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

  // Host is checked in refusal(), to answer a missing one in Clerk's shape.
  const server = createServer({ requireHostHeader: false }, (incoming, outgoing) => serve(incoming, outgoing, false));
  // Expect: 100-continue is granted only when the handler reads the body (see nodeRequestBody).
  server.on('checkContinue', (incoming, outgoing) => serve(incoming, outgoing, true));
  server.on('checkExpectation', (incoming, outgoing) => serve(incoming, outgoing, false));
  answerUnparsedRequests(server, { turns, lastRequest: (socket) => lastRequests.get(socket), onResponse });

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
