import { LazyRequest } from './lazyRequest.js';
import { streamText } from './readBody.js';
import { RequestAbortedError } from './requestAbortedError.js';
import { HttpError } from './serverErrors.js';

/**
 * A request's body as UTF-8 text, never holding more than `maxBytes`: 413 once more arrived (without reading
 * the rest), 400 when not UTF-8, {@link RequestAbortedError} when the client went away. A {@link LazyRequest}
 * whose real `Request` is not built reads it from its server directly; any other request from its stream.
 */
export function requestText(request: Request, maxBytes: number): Promise<string> {
  if (request instanceof LazyRequest && !request.isBuilt) return request.readBodyText(maxBytes);
  const real = request instanceof LazyRequest ? request.toRequest() : request;
  // A body that fails to arrive because the client left (the server aborted the request's signal) is no server error.
  return streamText(real.body, maxBytes).catch((error: unknown) => {
    throw !(error instanceof HttpError) && real.signal.aborted ? new RequestAbortedError() : error;
  });
}
