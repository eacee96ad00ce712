/**
 * The one method a Postgres client needs for {@link postgresStore}: a
 * parameterised query returning rows. `pg`'s `Pool` and `Client` and
 * PGlite's `PGlite` have it as they are.
 *
 * @public
 */
export interface SqlClient {
  /** Runs one SQL statement with `$1`, `$2`, … parameters and resolves with its rows. */
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}
