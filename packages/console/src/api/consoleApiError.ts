import type { ClerkErrorJson } from '@metadata-semantics/core';

/**
 * A request the Backend API did not answer with 2xx: its status and Clerk's errors (one made up from the
 * status when the body is not Clerk's error body, as from a proxy).
 */
export class ConsoleApiError extends Error {
  declare readonly status: number;
  declare readonly errors: readonly ClerkErrorJson[];

  constructor(status: number, errors: readonly ClerkErrorJson[]) {
    const first = errors[0];
    super(first === undefined ? `HTTP ${status}` : `${first.long_message || first.message} (${status} ${first.code})`);
    this.name = 'ConsoleApiError';
    this.status = status;
    this.errors = errors;
  }
}

/** Clerk's error body's errors, or none when `body` is something else. */
export function clerkErrorsOf(body: unknown): ClerkErrorJson[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter((error): error is ClerkErrorJson => typeof error === 'object' && error !== null && typeof error.code === 'string');
}
