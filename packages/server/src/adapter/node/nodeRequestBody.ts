// A node:http request body, read only when the handler asks for it (after it authenticated the request), and
// what becomes of the part nobody read once the answer is out. Types only from node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bytesText, refuseBodyOverCap } from '../../http/readBody.js';
import { RequestAbortedError } from '../../http/requestAbortedError.js';

/**
 * After an answer that left the body unread (a 401, a 413), the rest is read and thrown away for at most this
 * long and this many bytes, so a client still sending reads the answer instead of a reset connection; past
 * either bound the connection is closed. (nginx lingers 30 s; Go reads 256 KiB, then lingers 500 ms.)
 */
export const LINGER_MILLISECONDS = 5_000;
export const LINGER_BYTES = 16 * 1024 * 1024;

export interface NodeRequestBody {
  /**
   * Reads the whole body as UTF-8 text: 413 once past `maxBytes` (the rest left unread), 400 when not UTF-8,
   * {@link RequestAbortedError} when the client goes away first.
   */
  readText(maxBytes: number): Promise<string>;
  /**
   * The body as a stream pulled on demand, for a Fetch `Request`; `undefined` when the request has none.
   * `clientGone` runs before the stream fails because the client went away.
   */
  stream(clientGone: () => void): ReadableStream<Uint8Array> | undefined;
  /**
   * As the answer goes out: reads and drops what is still arriving, within the linger bounds. A body the
   * handler is still streaming is left to it until the answer is written.
   */
  discardRest(): void;
}

/** The first raw value of a header (`rawHeaders`: no header object is built). */
export function rawHeader(incoming: IncomingMessage, name: string): string | undefined {
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const key = raw[index]!;
    if (key.length === name.length && key.toLowerCase() === name) return raw[index + 1]!;
  }
  return undefined;
}

/**
 * The body of `incoming`. Nothing is read until `readText` or the stream asks, and a client that sent
 * `Expect: 100-continue` is told to go on only then: a request refused first (401, 413) never has its body
 * invited, read or held.
 */
export function nodeRequestBody(incoming: IncomingMessage, outgoing: ServerResponse, expectsContinue: boolean): NodeRequestBody {
  let detachReader = (): void => {};
  // A Fetch body stream the handler has started pulling and that has not ended.
  let streaming = false;
  let continued = !expectsContinue;
  const invite = (): void => {
    if (continued) return;
    continued = true;
    outgoing.writeContinue();
  };

  /** Listens until the body ends or fails, or `detachReader` is called. */
  function listen(onData: (chunk: Buffer) => void, onEnd: () => void, onAborted: () => void): void {
    const end = (): void => {
      detachReader();
      onEnd();
    };
    const abort = (): void => {
      detachReader();
      onAborted();
    };
    // 'close' before 'end': the connection went (a reset, a timeout); 'error': the same, reported as an error.
    const closed = (): void => {
      if (!incoming.readableEnded) abort();
    };
    detachReader = () => {
      incoming.off('data', onData).off('end', end).off('error', abort).off('close', closed);
      detachReader = () => {};
    };
    incoming.on('data', onData).on('end', end).on('error', abort).on('close', closed);
    // Destroyed before anyone listened (the client went while the request was authenticated): no event will come.
    if (incoming.destroyed) closed();
  }

  /**
   * Reads and drops the rest within the linger bounds. Run as the answer goes out, before node:http's own
   * end-of-response handling: that would drop an unread rest itself, without bounds and without handing the
   * chunks to the stream, so they could not be counted here.
   */
  function discard(): void {
    detachReader();
    if (incoming.readableEnded || incoming.destroyed) return;
    const socket = incoming.socket;
    let discarded = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MILLISECONDS);
    timer.unref();
    const stop = (): void => clearTimeout(timer);
    incoming
      .on('data', (chunk: Buffer) => {
        discarded += chunk.byteLength;
        if (discarded > LINGER_BYTES) {
          stop();
          socket.destroy();
        }
      })
      .once('end', stop)
      .once('close', stop)
      // A reset while discarding is the client's business.
      .on('error', () => {});
    incoming.resume();
  }

  return {
    readText(maxBytes) {
      if (incoming.readableEnded) return Promise.resolve('');
      invite();
      return new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let total = 0;
        listen(
          (chunk) => {
            total += chunk.byteLength;
            if (total <= maxBytes) return void chunks.push(chunk);
            // Over the cap: stop reading here; discardRest decides what becomes of the rest.
            detachReader();
            incoming.pause();
            try {
              refuseBodyOverCap(maxBytes);
            } catch (error) {
              reject(error);
            }
          },
          () => {
            try {
              resolve(bytesText(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), maxBytes));
            } catch (error) {
              reject(error);
            }
          },
          () => reject(new RequestAbortedError()),
        );
      });
    },

    stream(clientGone) {
      const method = incoming.method;
      if (method === 'GET' || method === 'HEAD') return undefined;
      if (rawHeader(incoming, 'content-length') === undefined && rawHeader(incoming, 'transfer-encoding') === undefined) {
        return undefined;
      }
      let listening = false;
      // High-water mark 0: nothing is pulled before the handler reads, and one chunk per read after.
      return new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (!listening) {
              listening = true;
              streaming = true;
              invite();
              listen(
                (chunk) => {
                  controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
                  incoming.pause();
                },
                () => {
                  streaming = false;
                  controller.close();
                },
                () => {
                  streaming = false;
                  clientGone();
                  controller.error(new RequestAbortedError());
                },
              );
            }
            incoming.resume();
          },
          cancel() {
            streaming = false;
            detachReader();
            incoming.pause();
          },
        },
        { highWaterMark: 0 },
      );
    },

    discardRest() {
      if (streaming) return void outgoing.once('finish', discard);
      discard();
    },
  };

}
