import { HttpError, errorAnswer } from './serverErrors.js';

/**
 * The client went away before its whole request arrived. Not a server error: it is not reported to `onError`,
 * and its answer (499, nginx's "client closed request") reaches nobody; it is only logged.
 */
export class RequestAbortedError extends HttpError {
  constructor() {
    super(
      errorAnswer({ code: 'request_aborted', message: 'request aborted', longMessage: 'The client closed the connection before sending its whole request.' }),
    );
    this.name = 'RequestAbortedError';
  }
}
