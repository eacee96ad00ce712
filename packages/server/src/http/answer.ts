/** What the routes answer: a status, headers and a JSON text. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** An error answer's `clerk_trace_id` (also in its body), for the request's log line. */
  readonly traceId?: string;
}
