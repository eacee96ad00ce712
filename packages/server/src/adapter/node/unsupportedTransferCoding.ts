// Types only from node:http: importing this module never loads it.
import type { IncomingMessage } from 'node:http';

/**
 * Whether a request's `Transfer-Encoding` names any coding but `chunked` alone (names compared without case,
 * empty list elements ignored). node:http undoes only the chunked framing, so `gzip, chunked` would hand the
 * handler gzip bytes as if they were the body: RFC 9112 §6.1 answers a coding the server does not implement
 * with 501.
 */
export function unsupportedTransferCoding(incoming: IncomingMessage): boolean {
  const raw = incoming.rawHeaders;
  let codings: string[] | undefined;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const key = raw[index]!;
    if (key.length !== 17 || key.toLowerCase() !== 'transfer-encoding') continue;
    codings ??= [];
    for (const coding of raw[index + 1]!.split(',')) {
      const name = coding.trim();
      if (name !== '') codings.push(name.toLowerCase());
    }
  }
  return codings !== undefined && (codings.length !== 1 || codings[0] !== 'chunked');
}
