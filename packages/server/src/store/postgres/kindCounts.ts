// postgresStore's count of a whole kind, kept exact by the table's own triggers instead of read from every row:
// a count table of a few rows per kind, which each statement that inserts or deletes rows moves in its transaction.
import { indexName } from './postgresLists.js';

/** The count table of a resources table. */
export const countTableOf = (table: string): string => indexName(table, 'counts');

/**
 * Rows per kind in the count table: each server process (database session) moves one of them, so that processes
 * inserting at once wait for each other's commit less (a count reads them all).
 */
const SLOTS = 8;

/**
 * One statement (a `DO` block, atomic) that sets the counts up when they are not: the count table, filled from
 * the table under a lock that holds writers back meanwhile (so that no row is counted twice or missed), and the
 * triggers after each statement that inserts, deletes or truncates. Run again, it checks and does nothing.
 */
export function kindCountsSetup(table: string): string {
  const counts = countTableOf(table);
  const moved = indexName(table, 'count_moved');
  const [inserts, deletes, truncates] = ['counted_inserts', 'counted_deletes', 'counted_truncates'].map((suffix) => indexName(table, suffix));
  const hasTriggers = `EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '${table}'::regclass AND tgname = '${deletes}')`;
  return `DO $setup$ BEGIN
    IF ${hasTriggers} THEN RETURN; END IF;
    LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE;
    IF ${hasTriggers} THEN RETURN; END IF;
    CREATE TABLE IF NOT EXISTS ${counts} (kind text NOT NULL, slot int NOT NULL, count bigint NOT NULL, PRIMARY KEY (kind, slot));
    DELETE FROM ${counts};
    INSERT INTO ${counts} SELECT kind, 0, count(*) FROM ${table} GROUP BY kind;
    CREATE OR REPLACE FUNCTION ${moved}() RETURNS trigger LANGUAGE plpgsql AS $moved$ BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM ${counts};
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO ${counts} SELECT kind, pg_backend_pid() % ${SLOTS}, count(*) FROM new_rows GROUP BY kind
          ON CONFLICT (kind, slot) DO UPDATE SET count = ${counts}.count + excluded.count;
      ELSE
        INSERT INTO ${counts} SELECT kind, pg_backend_pid() % ${SLOTS}, -count(*) FROM old_rows GROUP BY kind
          ON CONFLICT (kind, slot) DO UPDATE SET count = ${counts}.count + excluded.count;
      END IF;
      RETURN NULL;
    END $moved$;
    CREATE TRIGGER ${inserts} AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${moved}();
    CREATE TRIGGER ${truncates} AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${moved}();
    CREATE TRIGGER ${deletes} AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${moved}();
  END $setup$`;
}

/** The count of a whole kind (`$1`), as a column `count`. */
export function kindCountStatement(table: string): string {
  return `SELECT coalesce(sum(count), 0) AS count FROM ${countTableOf(table)} WHERE kind = $1`;
}
