import type { ResourceField } from '../listFields.js';
import type { ResourceKind } from '../resourceKind.js';

/** Lists at most `shown` items, then says how many more there are. */
function someOf(items: readonly string[], shown: number, total = items.length): string {
  const more = total - Math.min(items.length, shown);
  return items.slice(0, shown).join(', ') + (more > 0 ? `, and ${more} more` : '');
}

/**
 * Thrown by `migrate()` of {@link postgresStore} (and so by its first call) when its table already holds
 * resources that share the value of a unique field: organizations sharing a slug, written by a version that did
 * not check it. The store does not open: its unique index cannot be built over them.
 *
 * @remarks
 * The message names each shared value and the keys of the resources holding it. Give each of them its own
 * value, or delete the extra ones, then open the store again. {@link exclusivePostgresStore} opens such a table
 * (and refuses any new duplicate), so each can be renamed there with `changeAttributes` (the command-line
 * server's `PATCH /v1/organizations/:id` with a new `slug`).
 *
 * @public
 */
export class DuplicateUniqueValuesError extends Error {
  /** The table's name. */
  readonly table: string;
  /** The kind of the resources that share values. */
  readonly kind: ResourceKind;
  /** The unique field: `slug`. */
  readonly field: ResourceField;
  /** The shared values, the first 100 in code point order, each with the keys of its holders. */
  readonly duplicates: readonly { readonly value: string; readonly keys: readonly string[] }[];
  /** How many values are shared (`duplicates` holds the first 100). */
  readonly total: number;

  /**
   * Creates the error.
   *
   * @param table - the table's name
   * @param kind - the kind of the resources that share values
   * @param field - the unique field
   * @param duplicates - shared values, each with the keys of its holders
   * @param total - how many values are shared; default the number of `duplicates`
   */
  constructor(
    table: string,
    kind: ResourceKind,
    field: ResourceField,
    duplicates: readonly { readonly value: string; readonly keys: readonly string[] }[],
    total = duplicates.length,
  ) {
    const named = duplicates.map(({ value, keys }) => `${JSON.stringify(value)} (${someOf(keys, 10)})`);
    super(
      `the table ${table} holds ${total} ${field} value${total === 1 ? '' : 's'} that several ${kind}s share, and a ${field} must be unique: ` +
        `${someOf(named, 10, total)}. Give each ${kind} its own ${field}, or delete the extra ones (a version that did not check ${field}s let them in)`,
    );
    this.name = 'DuplicateUniqueValuesError';
    this.table = table;
    this.kind = kind;
    this.field = field;
    this.duplicates = duplicates;
    this.total = total;
  }
}
