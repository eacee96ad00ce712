import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Parses the first HTTP/1.1 response in `text`. */
export function parseResponse(text: string): RawResponse {
  return responseAt(text, 0).response;
}

/**
 * Parses every HTTP/1.1 response in `text`, in order, as a client reads the answers to pipelined requests: an
 * interim (1xx) answer is one of them, with no body; the others need a `Content-Length`, but for a last one that
 * closes the connection.
 */
export function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  for (let offset = 0; offset < text.length; ) {
    const { response, end } = responseAt(text, offset);
    if (response.status >= 200 && response.headers['content-length'] === undefined && !/close/i.test(response.headers['connection'] ?? '')) {
      throw new Error(`a response without Content-Length in a pipeline: ${JSON.stringify(text.slice(offset, offset + 200))}`);
    }
    responses.push(response);
    offset = end;
  }
  return responses;
}

function responseAt(text: string, offset: number): { response: RawResponse; end: number } {
  const headEnd = text.indexOf('\r\n\r\n', offset);
  if (headEnd === -1) throw new Error(`no complete response head in ${JSON.stringify(text.slice(offset, offset + 200))}`);
  const [statusLine, ...lines] = text.slice(offset, headEnd).split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine!)?.[1];
  if (status === undefined) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = headEnd + 4;
  const length = headers['content-length'];
  // An interim answer has no body; an answer without a length runs to the end of what was read.
  const end = Number(status) < 200 ? bodyStart : length === undefined ? text.length : bodyStart + Number(length);
  return { response: { status: Number(status), headers, body: text.slice(bodyStart, end) }, end };
}

/**
 * Sends `request` as it is on a new connection and reads until the server closes it (or `timeoutMs` passes,
 * which fails): for requests no HTTP client would send.
 */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end of the answer within ${timeoutMs} ms; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(request);
  });
}
