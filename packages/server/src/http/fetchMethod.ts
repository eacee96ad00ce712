// Fetch upper-cases these methods whatever their case (node:http lets only upper case through anyway)…
const NORMALISED_METHOD = /^(?:delete|get|head|options|post|put)$/i;
// …and no Request can carry these: a handler given a Request never sees them.
const FORBIDDEN_METHOD = /^(?:connect|trace|track)$/i;

/** A method as `Request.method` would give it. */
export function fetchMethod(method: string): string {
  return NORMALISED_METHOD.test(method) ? method.toUpperCase() : method;
}

/** Whether a Fetch `Request` can carry this method (it refuses TRACE, TRACK and CONNECT). */
export function isFetchMethod(method: string): boolean {
  return !FORBIDDEN_METHOD.test(method);
}
