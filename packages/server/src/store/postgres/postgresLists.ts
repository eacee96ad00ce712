import { isStorableText } from '../../shared/storableText.js';
import { fieldOnKind, searchedFieldsOf, uniqueFieldsOf, type ListFieldSource, type ListFieldTable, type ResourceField } from '../listFields.js';
import { asciiLowerCase } from '../memory/listQueries.js';
import { membershipKeyPartSql } from '../membershipKey.js';
import type { ResourceCondition, ResourceListQuery, ResourceOrder, ResourceQuery } from '../metadataStore.js';
import type { ResourceKind } from '../resourceKind.js';
import { narrowingSubstrings, type TrigramShares } from './narrowingSubstrings.js';

// Every SQL expression of a list field is derived from where the field table says its kind holds it. Attribute
// names come from the table (code), never from a request.

/** The SQL of one list or count: `text` with `$1`, `$2`, … and its `params`. */
export interface SqlStatement {
  readonly text: string;
  readonly params: unknown[];
}

// Filters read `a`, the row's attributes as jsonb from a lateral join: parsed once per row, only when a query
// reads them. Orders read PARSED_ATTRIBUTES, the very expression of the order indexes, so that a page in an
// attribute's order is read from its index instead of sorting every row of the kind.
const PARSED_ATTRIBUTES = '(attributes::jsonb)';

/** The SQL of a value read from the key (`key`, a part of a membership's key), or undefined. */
function keySql(source: ListFieldSource | undefined): string | undefined {
  if (source?.in === 'key') return 'key';
  return source?.in === 'keyPart' ? membershipKeyPartSql(source.part) : undefined;
}

/** The SQL of a string attribute over `json`, the attributes as jsonb; undefined for any other source. */
function attributeSql(source: ListFieldSource | undefined, json: string): string | undefined {
  if (source?.in !== 'attribute') return undefined;
  const [name, inner] = source.path;
  return inner === undefined ? `(${json} ->> '${name}')` : `(${json} #>> '{${name},${inner}}')`;
}

/**
 * The value a list is ordered by for an order on an attribute (a string, a list's first item, a number), over
 * `json`; undefined for other orders.
 */
function attributeOrderValue(source: ListFieldSource | undefined, json: string): string | undefined {
  switch (source?.in) {
    case 'number':
      return `(CASE jsonb_typeof(${json} -> '${source.attribute}') WHEN 'number' THEN (${json} ->> '${source.attribute}')::numeric END)`;
    case 'items':
      return `((${json} #>> '{${source.list},0,${source.item}}') COLLATE "C")`;
    case 'attribute':
      return `(${attributeSql(source, json)!} COLLATE "C")`;
    default:
      return undefined;
  }
}

/** Each kind, and the short name its indexes carry. */
const kindPrefixes: Record<ResourceKind, string> = { user: 'user', organization: 'org', organization_membership: 'mem' };

/** `kind = '<kind>'` as a literal, so that the planner can use the kind's partial indexes in any plan. */
function kindCondition(kind: ResourceKind, builder: QueryBuilder): string {
  // Any other string (from JavaScript) stays a parameter: it matches no row.
  return Object.hasOwn(kindPrefixes, kind) ? `kind = '${kind}'` : `kind = ${builder.param(kind)}`;
}

/** Lower-cases ASCII letters only: `lower` under the "C" collation touches nothing else. */
const asciiLower = (sql: string): string => `lower(${sql} COLLATE "C")`;

/**
 * PostgreSQL refuses U+0000 in text and turns a lone surrogate into U+FFFD: no stored value holds either
 * (the handler refuses them), so such a string matches nothing and is not sent.
 */
const isSendable = isStorableText;

/**
 * What the table offers the lists beyond its columns: `trigrams`, the trigram indexes of the values text queries
 * search (when `pg_trgm` could be created, {@link searchIndexes}); `counted`, the count of each kind.
 */
export interface ListFeatures {
  readonly trigrams: boolean;
  /** Whether the count table of each kind is kept (kindCounts.ts): a count of a whole kind reads it. */
  readonly counted: boolean;
  /** Whether the filter indexes of attributes ({@link filterIndexes}) are there: a filter reads its own. */
  readonly filtered: boolean;
}

/** `%text%` as a LIKE pattern: the string anywhere, its `%`, `_` and `\` taken literally. */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (special) => `\\${special}`)}%`;

/**
 * Whether pg_trgm finds a trigram in a LIKE pattern's string: a run of three letters or digits (it splits the
 * rest into words of fewer, which narrow nothing and would make the index scan read all of it).
 */
const hasTrigram = (text: string): boolean => /[a-z0-9]{3}/i.test(text);

/** Builds the WHERE clause and ORDER BY of a query, collecting its parameters. */
class QueryBuilder {
  readonly params: unknown[] = [];
  readsAttributes = false;
  /** Whether a condition reads an index that narrows the rows to those holding its values (its prefilter). */
  narrowed = false;

  constructor(
    private readonly table: string,
    private readonly kind: ResourceKind,
    private readonly fields: ListFieldTable,
    private readonly features: ListFeatures,
    private readonly shares: TrigramShares | undefined,
  ) {}

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  private sourceOf(field: string): ListFieldSource | undefined {
    return fieldOnKind(this.fields, field, this.kind)?.source;
  }

  private scalar(field: ResourceField): string | undefined {
    const source = this.sourceOf(field);
    const inKey = keySql(source);
    if (inKey !== undefined) return inKey;
    const attribute = attributeSql(source, 'a');
    if (attribute !== undefined) this.readsAttributes = true;
    return attribute;
  }

  /** Whether the field's values are read from the attributes (else from the key). */
  inAttributes(field: ResourceField): boolean {
    const source = this.sourceOf(field);
    return source?.in === 'attribute' || source?.in === 'items';
  }

  /** `test(value sql)` over every value of the field: one test, or EXISTS over a list's items. */
  private anyValue(field: ResourceField, test: (value: string) => string): string {
    const scalar = this.scalar(field);
    if (scalar !== undefined) return `coalesce(${test(scalar)}, false)`;
    const source = this.sourceOf(field);
    if (source?.in !== 'items') return 'false';
    this.readsAttributes = true;
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(a -> '${source.list}') WHEN 'array' THEN a -> '${source.list}' ELSE '[]' END) item
      WHERE jsonb_typeof(item) = 'object' AND ${test(`(item ->> '${source.item}')`)})`;
  }

  /**
   * A condition every row meeting `anyOf` meets, in the very expression of an index of the field (the key, a
   * part of a membership's key, a filter index): the plan reads the rows holding the values from it.
   */
  private indexedAnyOf(field: ResourceField, values: readonly string[]): string | undefined {
    const source = this.sourceOf(field);
    const inKey = keySql(source);
    if (inKey !== undefined) return `${inKey} = ANY(${this.param(values)}::text[])`;
    const filtered = fieldOnKind(this.fields, field, this.kind)?.filter !== undefined;
    if (!filtered || !this.features.filtered) return undefined;
    if (source?.in === 'attribute') return `${attributeSql(source, PARSED_ATTRIBUTES)!} = ANY(${this.param(values)}::text[])`;
    if (source?.in !== 'items') return undefined;
    const holders = values.map((value) => JSON.stringify([{ [source.item]: value }]));
    return `(${PARSED_ATTRIBUTES} -> '${source.list}') @> ANY(${this.param(holders)}::jsonb[])`;
  }

  /**
   * A condition every row holding `lowered` in a searched value meets, read from the kind's trigram index: the
   * parts of the string whose trigrams few rows hold, by the kind's sampled shares ({@link narrowingSubstrings}).
   */
  private indexedContains(fields: readonly ResourceField[], lowered: string): string | undefined {
    const searched = searchedFieldsOf(this.fields, this.kind);
    if (!this.features.trigrams || !hasTrigram(lowered) || jsonEscapes.test(lowered)) return undefined;
    if (fields.length === 0 || !fields.every((field) => searched.includes(field))) return undefined;
    const values = `${searchFunction(this.table, this.kind, this.fields)!.name}(key, attributes)`;
    return narrowingSubstrings(lowered, this.shares).map((part) => `${values} LIKE ${this.param(containsPattern(part))}`).join(' AND ');
  }

  /** The condition, and before it, when an index can narrow the rows to those that may meet it, that index's. */
  condition(condition: ResourceCondition): string {
    const exact = this.exactCondition(condition);
    let indexed: string | undefined;
    if ('anyOf' in condition) indexed = this.indexedAnyOf(condition.field, condition.anyOf.filter(isSendable));
    else if ('contains' in condition && isSendable(condition.contains)) indexed = this.indexedContains(condition.fields, asciiLowerCase(condition.contains));
    if (indexed === undefined) return exact;
    this.narrowed = true;
    return `${indexed} AND ${exact}`;
  }

  private exactCondition(condition: ResourceCondition): string {
    if ('contains' in condition) {
      if (!isSendable(condition.contains)) return 'false';
      const lowered = asciiLowerCase(condition.contains);
      const needle = this.param(lowered);
      const test = (fields: readonly ResourceField[]): string =>
        fields.length === 0 ? 'false' : `(${fields.map((field) => this.anyValue(field, (value) => `strpos(${asciiLower(value)}, ${needle}) > 0`)).join(' OR ')})`;
      const inText = condition.fields.filter((field) => this.inAttributes(field));
      if (inText.length === 0) return test(condition.fields);
      // A value holding the needle holds it in the attributes' JSON text too (escaped alike, lower-cased alike):
      // only rows whose text holds it are parsed.
      const fragment = this.param(JSON.stringify(lowered).slice(1, -1));
      const others = condition.fields.filter((field) => !this.inAttributes(field));
      return `CASE WHEN strpos(${asciiLower('attributes')}, ${fragment}) > 0 THEN ${test(condition.fields)} ELSE ${test(others)} END`;
    }
    const negate = 'noneOf' in condition;
    const values = ('anyOf' in condition ? condition.anyOf : condition.noneOf).filter(isSendable);
    const list = this.param(values);
    const test = this.anyValue(condition.field, (value) => `${value} = ANY(${list}::text[])`);
    if (!this.inAttributes(condition.field)) return negate ? `NOT ${test}` : test;
    // A value in the attributes is in their JSON text as JSON.stringify wrote it: a search of the text skips
    // parsing the rows that cannot match (CASE keeps that order).
    const texts = this.param(values.map((value) => JSON.stringify(value)));
    const match = `CASE WHEN EXISTS (SELECT 1 FROM unnest(${texts}::text[]) text WHERE strpos(attributes, text) > 0) THEN ${test} ELSE false END`;
    return negate ? `NOT ${match}` : match;
  }

  orderBy(query: ResourceListQuery): string {
    const order = query.orderBy ?? { field: 'created_at', descending: true };
    const direction = order.descending ? 'DESC' : 'ASC';
    const tieBreak = `key COLLATE "C" ${direction}`;
    const source = this.sourceOf(order.field);
    if (source?.in === 'createdAt') return `created_at ${direction}, ${tieBreak}`;
    if (source?.in === 'updatedAt') return `updated_at ${direction}, ${tieBreak}`;
    if (source?.in === 'membersCount') {
      const organization = membershipKeyPartSql('organization', 'm.key');
      const count = `(SELECT count(*) FROM ${this.table} m WHERE m.kind = 'organization_membership' AND ${organization} = ${this.table}.key)`;
      return `${count} ${direction}, ${tieBreak}`;
    }
    const inKey = keySql(source);
    const value = attributeOrderValue(source, PARSED_ATTRIBUTES) ?? (inKey === undefined ? 'NULL::text' : `${inKey} COLLATE "C"`);
    return `${value} ${direction}, ${tieBreak}`;
  }

  from(): string {
    return this.readsAttributes ? `${this.table} CROSS JOIN LATERAL (SELECT attributes::jsonb AS a) parsed` : this.table;
  }
}

/** The kind and every condition of the query. */
function whereOf(builder: QueryBuilder, query: ResourceQuery): string {
  const kind = kindCondition(query.kind, builder);
  const conditions = (query.where ?? []).map((condition) => builder.condition(condition));
  return [kind, ...conditions].join(' AND ');
}

/**
 * The SELECT of a list page; rows carry the store's columns.
 *
 * @remarks
 * When an index narrows the rows (a filter's, a text query's), they are read from it first, in a materialized
 * CTE, and only they are sorted: left to itself, the planner may walk the order's index instead under the LIMIT,
 * expecting to meet matches early, and read every row of the kind when the value is rare (the LIMIT trap).
 */
export function listStatement(
  table: string,
  columns: string,
  query: ResourceListQuery,
  fields: ListFieldTable,
  features: ListFeatures = { trigrams: false, counted: false, filtered: false },
  shares?: TrigramShares,
): SqlStatement {
  const builder = new QueryBuilder(table, query.kind, fields, features, shares);
  const where = whereOf(builder, query);
  const orderBy = builder.orderBy(query);
  const limit = `$${builder.params.push(query.limit)}`;
  const offset = `$${builder.params.push(query.offset)}`;
  const page = `ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`;
  if (!builder.narrowed) return { text: `SELECT ${columns} FROM ${builder.from()} WHERE ${where} ${page}`, params: builder.params };
  return {
    text: `WITH matched AS MATERIALIZED (SELECT ${table}.* FROM ${builder.from()} WHERE ${where}) SELECT ${columns} FROM matched ${table} ${page}`,
    params: builder.params,
  };
}

/** The SELECT of a count, as a column `count`. */
export function countStatement(
  table: string,
  query: ResourceQuery,
  fields: ListFieldTable,
  features: ListFeatures = { trigrams: false, counted: false, filtered: false },
  shares?: TrigramShares,
): SqlStatement {
  const builder = new QueryBuilder(table, query.kind, fields, features, shares);
  const where = whereOf(builder, query);
  return { text: `SELECT count(*) AS count FROM ${builder.from()} WHERE ${where}`, params: builder.params };
}

/**
 * `<table>_<suffix>`, or, past PostgreSQL's 63 bytes for a name (which it would cut, so that two long names
 * could become one and the second index be skipped as existing), the table's name shortened and its hash.
 */
export function indexName(table: string, suffix: string): string {
  const name = `${table}_${suffix}`;
  if (name.length <= 63) return name;
  return `${table.slice(0, 63 - suffix.length - 10)}_${fnv1a(table)}_${suffix}`;
}

/** A text's 32-bit FNV-1a hash, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** Indexes for lists: creation order per kind, and memberships by organization and by user. */
export function listIndexes(table: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS ${indexName(table, 'by_creation')} ON ${table} (kind, created_at, key COLLATE "C")`,
    `CREATE INDEX IF NOT EXISTS ${indexName(table, 'by_org')} ON ${table} (${membershipKeyPartSql('organization')}) WHERE kind = 'organization_membership'`,
    `CREATE INDEX IF NOT EXISTS ${indexName(table, 'by_user')} ON ${table} (${membershipKeyPartSql('user')}) WHERE kind = 'organization_membership'`,
  ];
}

/** Each field of the table on each kind that has a source for it. */
function fieldsOnKinds(fields: ListFieldTable): { field: string; kind: ResourceKind; onKind: NonNullable<ReturnType<typeof fieldOnKind>> }[] {
  return Object.keys(fields).flatMap((field) =>
    (Object.keys(kindPrefixes) as ResourceKind[]).flatMap((kind) => {
      const onKind = fieldOnKind(fields, field, kind);
      return onKind === undefined ? [] : [{ field, kind, onKind }];
    }),
  );
}

/**
 * An index per order on an attribute that a kind's lists offer (an `orderBy` in the field table), partial per
 * kind. They read only `attributes` and `key`, which a metadata write leaves alone.
 */
export function attributeOrderIndexes(table: string, fields: ListFieldTable): string[] {
  return fieldsOnKinds(fields).flatMap(({ field, kind, onKind }) => {
    const value = onKind.orderBy === undefined ? undefined : attributeOrderValue(onKind.source, PARSED_ATTRIBUTES);
    if (value === undefined) return [];
    return [`CREATE INDEX IF NOT EXISTS ${indexName(table, `${kindPrefixes[kind]}_${field}`)} ON ${table} (${value}, key COLLATE "C") WHERE kind = '${kind}'`];
  });
}

/** A unique index of the table (a `unique` field of the field table): what it keeps unique, its name, and its SQL. */
export interface UniqueIndex {
  readonly kind: ResourceKind;
  readonly field: ResourceField;
  readonly name: string;
  /** Creates it if missing: fails on a table whose rows already share a value. */
  readonly create: string;
  /** The values several rows share (at most 100, with `total`, the number of such values), and their keys (JSON text). */
  readonly duplicates: string;
}

/**
 * A unique partial index per unique field, over the field's value as the lists read it, on the rows of its kind
 * whose value is a string (a value that is not one counts as none, as in the memory store).
 */
export function uniqueIndexes(table: string, fields: ListFieldTable): UniqueIndex[] {
  return (Object.keys(kindPrefixes) as ResourceKind[]).flatMap((kind) =>
    uniqueFieldsOf(fields, kind).map((field) => {
      // A unique field is one string attribute (an organization's slug): what a unique index can hold.
      const source = fieldOnKind(fields, field, kind)!.source;
      if (source.in !== 'attribute') throw new TypeError(`the unique field ${field} of a ${kind} must be an attribute, not ${source.in}`);
      const value = attributeSql(source, PARSED_ATTRIBUTES)!;
      const [name, inner] = source.path;
      const json = inner === undefined ? `${PARSED_ATTRIBUTES} -> '${name}'` : `${PARSED_ATTRIBUTES} #> '{${name},${inner}}'`;
      const holders = `kind = '${kind}' AND jsonb_typeof(${json}) = 'string'`;
      const indexed = indexName(table, `${kindPrefixes[kind]}_${field}_unique`);
      return {
        kind,
        field,
        name: indexed,
        create: `CREATE UNIQUE INDEX IF NOT EXISTS ${indexed} ON ${table} (${value}) WHERE ${holders}`,
        duplicates: `SELECT value, keys, count(*) OVER () AS total FROM (
            SELECT ${value} AS value, json_agg(key ORDER BY key COLLATE "C")::text AS keys FROM ${table}
            WHERE ${holders} GROUP BY 1 HAVING count(*) > 1
          ) shared ORDER BY value COLLATE "C" LIMIT 100`,
      };
    }),
  );
}

/**
 * An index per filter on an attribute that a kind's lists offer (a `filter` in the field table), partial per
 * kind: a B-tree over a string attribute, a GIN index (`jsonb_path_ops`) over a list attribute, which
 * `@> '[{"email_address": …}]'` reads. Filters on the key or a part of it read the primary key and the
 * memberships' indexes. They read only `attributes`, which a metadata write leaves alone.
 */
export function filterIndexes(table: string, fields: ListFieldTable): string[] {
  return fieldsOnKinds(fields).flatMap(({ field, kind, onKind }) => {
    const { source } = onKind;
    if (onKind.filter === undefined || (source.in !== 'attribute' && source.in !== 'items')) return [];
    const name = indexName(table, `${kindPrefixes[kind]}_${field}_filter`);
    const indexed = source.in === 'attribute' ? attributeSql(source, PARSED_ATTRIBUTES)! : `(${PARSED_ATTRIBUTES} -> '${source.list}') jsonb_path_ops`;
    return [`CREATE INDEX IF NOT EXISTS ${name} ON ${table} USING ${source.in === 'attribute' ? 'btree' : 'gin'} (${indexed}) WHERE kind = '${kind}'`];
  });
}

/**
 * A text value of a source in the function of a kind's searched values: `$1` is the key, `a` the attributes
 * parsed as jsonb. A list's items are read as the JSON text of an array (`jsonb_path_query_array`), so their
 * characters that JSON escapes are escaped there: a query holding one is not narrowed by the index ({@link jsonEscapes}).
 */
function searchedValueSql(source: ListFieldSource): string | undefined {
  if (source.in === 'key') return '$1';
  if (source.in === 'keyPart') return membershipKeyPartSql(source.part, '$1');
  if (source.in === 'attribute') return attributeSql(source, 'a');
  if (source.in !== 'items') return undefined;
  return `jsonb_path_query_array(a, '$.${source.list}[*].${source.item}')::text`;
}

/** Characters JSON text escapes (`"`, `\\`, U+0000–U+001F): a needle holding one may be escaped in the searched text. */
const jsonEscapes = /["\\\u0000-\u001f]/;

/**
 * The function of a kind's searched values (every field a text query of the kind searches), one per line, ASCII
 * letters lower-cased as the queries' strings are: what its trigram index holds, and what PostgreSQL computes
 * again for each row the index finds (a LIKE's trigrams only narrow). PL/pgSQL, to parse the attributes once: an
 * inlined SQL expression parses them once per value read (seven times for a user, about 0.1 ms a row at a million
 * users, most of a selective text query's time), and a SQL function not inlined costs as much per call. Its name
 * carries a hash of its body, so that a changed field table gets a new function and index instead of an index the
 * function no longer describes. `undefined` for a kind no text query searches.
 */
export function searchFunction(
  table: string,
  kind: ResourceKind,
  fields: ListFieldTable,
): { readonly name: string; readonly create: string; readonly index: string; readonly statistics: string } | undefined {
  const values = searchedFieldsOf(fields, kind).flatMap((field) => searchedValueSql(fieldOnKind(fields, field, kind)!.source) ?? []);
  if (values.length === 0) return undefined;
  const body = `DECLARE a jsonb := $2::jsonb; BEGIN RETURN lower((${values.map((value) => `coalesce(${value}, '')`).join(` || E'\\n' || `)}) COLLATE "C"); END`;
  const suffix = `${kindPrefixes[kind]}_searched_${fnv1a(body)}`;
  const name = indexName(table, suffix);
  return { name, index: indexName(table, `${suffix}_trgm`), statistics: indexName(table, `${suffix}_stats`), create: `CREATE OR REPLACE FUNCTION ${name}(text, text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$ ${body} $fn$` };
}

/**
 * For the kinds text queries search: the function of their searched values and a trigram index (pg_trgm's GIN
 * `gin_trgm_ops`) over it, partial per kind, which `LIKE '%…%'` reads. They read only `key` and `attributes`.
 */
export function searchIndexes(table: string, fields: ListFieldTable): string[] {
  return (Object.keys(kindPrefixes) as ResourceKind[]).flatMap((kind) => {
    const searched = searchFunction(table, kind, fields);
    if (searched === undefined) return [];
    return [searched.create, `CREATE INDEX IF NOT EXISTS ${searched.index} ON ${table} USING gin (${searched.name}(key, attributes) gin_trgm_ops) WHERE kind = '${kind}'`];
  });
}

/**
 * For the kinds text queries search: statistics of the function of their searched values (PostgreSQL 14 and
 * later), by name and SQL. The trigram index is partial (one kind's rows), and the planner reads no statistics of a
 * partial index's expression: without these it guesses that a part of three or four characters is held by 4 % of
 * the rows, and a plan it believes that costly gets compiled by the JIT (40 ms at a million users); with them it
 * estimates from a sample of the values, as for a column.
 */
export function searchStatistics(table: string, fields: ListFieldTable): { readonly name: string; readonly create: string }[] {
  return (Object.keys(kindPrefixes) as ResourceKind[]).flatMap((kind) => {
    const searched = searchFunction(table, kind, fields);
    if (searched === undefined) return [];
    return [{ name: searched.statistics, create: `CREATE STATISTICS IF NOT EXISTS ${searched.statistics} ON (${searched.name}(key, attributes)) FROM ${table}` }];
  });
}

/**
 * A sample of a kind's searched values (about 2,000 rows, whole pages picked at random: `percent` of the table's
 * pages), as a column `searched`: the shares of their trigrams choose which parts of a text query's string the
 * trigram index is read for. `undefined` for a kind no text query searches.
 */
export function searchedSampleStatement(table: string, kind: ResourceKind, fields: ListFieldTable, percent: number): string | undefined {
  const searched = searchFunction(table, kind, fields);
  if (searched === undefined || !Object.hasOwn(kindPrefixes, kind)) return undefined;
  const sampled = percent >= 100 ? table : `${table} TABLESAMPLE SYSTEM (${percent.toFixed(6)})`;
  return `SELECT ${searched.name}(key, attributes) AS searched FROM ${sampled} WHERE kind = '${kind}' LIMIT 4000`;
}
