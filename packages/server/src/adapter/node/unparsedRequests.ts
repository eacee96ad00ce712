// What node:http does not hand to the request handler: a request it could not parse (a bad request line, headers
// too large, a timeout) and a CONNECT. Each is answered on the raw socket, in Clerk's error shape, which then closes,
// as node:http does by default; but in its turn, after the answers to the requests before it on the connection
// (node:http would write its answer at once, where a client reads it as the answer to an earlier request).
// Types only from node:http: importing this module never loads it.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServeNodeHttpOptions } from './serveNodeHttpOptions.js';
import type { ConnectionTurns } from './connectionTurns.js';
import { servedMethods } from '../../api/operations.js';
import type { Answer } from '../../http/answer.js';
import { errorAnswer, statusOfCode, type ServerErrorCode } from '../../http/serverErrors.js';

export interface UnparsedRequestsOptions {
  readonly turns: ConnectionTurns;
  /** The last request node:http handed over on a socket: an error while its body arrives is its own answer. */
  readonly lastRequest: (socket: Duplex) => IncomingMessage | undefined;
  readonly onResponse: ServeNodeHttpOptions['onResponse'];
}


/** The answer going out on a socket (node:http's own field): the oldest of its answers not yet written whole. */
function answerGoingOut(socket: Duplex): ServerResponse | undefined {
  return (socket as { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
}

/** Runs `then` once every answer handed to node:http for `socket` is written, unless the socket closes first. */
function afterAnswersWritten(socket: Duplex, then: () => void): void {
  const going = answerGoingOut(socket);
  if (going === undefined) return then();
  // node:http's own 'finish' listener, added first, hands the socket to the next answer before this one runs.
  going.once('finish', () => afterAnswersWritten(socket, then));
}

/** Writes an answer straight to the socket and closes it; no body for a HEAD. */
function writeRaw(socket: Duplex, status: number, reason: string, answer: Answer, head = false): void {
  const headers = Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\n${headers.join('')}content-length: ${Buffer.byteLength(answer.body)}\r\n\r\n${head ? '' : answer.body}`,
  );
}

/** Answers a request node:http could not parse, and closes the connection; its status. */
function refuseUnparsedRequest(error: NodeJS.ErrnoException, socket: Duplex): number | undefined {
  if (!socket.writable) {
    socket.destroy();
    return undefined;
  }
  const [reason, code, longMessage] = (
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['Request Header Fields Too Large', 'request_header_fields_too_large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['Request Timeout', 'request_timeout', 'The request did not arrive in time.']
        : ['Bad Request', 'request_invalid', 'The request is not valid HTTP/1.1.']
  ) satisfies [string, ServerErrorCode, string];
  const status = statusOfCode(code);
  const head = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  writeRaw(socket, status, reason, errorAnswer({ code, message: reason.toLowerCase(), longMessage }), head);
  return status;
}

/** Answers what node:http would answer out of turn (a parse error) or not at all (CONNECT). */
export function answerUnparsedRequests(server: Server, options: UnparsedRequestsOptions): void {
  const { turns, onResponse } = options;
  // node:http reports a parse error again for every later read of the connection: the first is answered.
  const refused = new WeakSet<Duplex>();

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (refused.has(socket)) return;
    refused.add(socket);
    const refuse = (logged: boolean): void => {
      const status = refuseUnparsedRequest(error, socket);
      if (logged && status !== undefined) onResponse?.({ method: '-', path: '-', status, milliseconds: 0 });
    };
    if (error.code === 'ECONNRESET') return void socket.destroy();
    const last = options.lastRequest(socket);
    if (last === undefined || last.complete) {
      // After the last request handed over: answered once every request before it is.
      return turns.take(socket, (endTurn) =>
        afterAnswersWritten(socket, () => {
          refuse(true);
          endTurn(true);
        }),
      );
    }
    // While the last request's body arrives: that request's answer, unless an answer is owed before it. The
    // request has its own line (499: its client stopped mid-body), so this answer is not heard of twice.
    const going = answerGoingOut(socket);
    if (!turns.waiting(socket) && going?.req === last && !going.headersSent) return refuse(false);
    socket.destroy();
  });

  // No Request can carry CONNECT: answered here, not left to node:http (which would just close the socket).
  server.on('connect', (_incoming: IncomingMessage, socket: Duplex) => {
    turns.take(socket, (endTurn) =>
      afterAnswersWritten(socket, () => {
        const answer = errorAnswer({ code: 'method_not_allowed', message: 'method not allowed', longMessage: 'CONNECT is not allowed.', headers: {
          allow: servedMethods.join(', '),
        } });
        writeRaw(socket, 405, 'Method Not Allowed', answer);
        onResponse?.({ method: 'CONNECT', path: '-', status: 405, milliseconds: 0 });
        endTurn(true);
      }),
    );
  });
}
