import { HttpError, errorAnswer } from './responses.js';

/**
 * The client went away before its whole request arrived. Not a server error: it is not reported to `onError`,
 * and its answer (499, nginx's "client closed request") reaches nobody; it is only logged.
 */
export class RequestAbortedError extends HttpError {
  constructor() {
    super(
      errorAnswer(499, 'request_aborted', 'request aborted', 'The client closed the connection before sending its whole request.'),
    );
    this.name = 'RequestAbortedError';
  }
}
