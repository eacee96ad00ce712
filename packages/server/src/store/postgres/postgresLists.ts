import { isStorableText } from '../../shared/storableText.js';
import { uniqueFields } from '../uniqueFields.js';
import type { ResourceCondition, ResourceField, ResourceKind, ResourceListQuery, ResourceOrder, ResourceQuery } from '../metadataStore.js';

/** The SQL of one list or count: `text` with `$1`, `$2`, … and its `params`. */
export interface SqlStatement {
  readonly text: string;
  readonly params: unknown[];
}

/** Fields read from the key. */
const keyFields: Record<ResourceKind, Partial<Record<ResourceField, string>>> = {
  user: { id: 'key' },
  organization: { id: 'key' },
  organization_membership: { organization_id: `split_part(key, '/', 1)`, user_id: `substr(key, strpos(key, '/') + 1)` },
};
/** SQL of a field read from the attributes, given the SQL of the attributes as jsonb. */
type AttributeSql = (json: string) => string;
const member = (key: string): AttributeSql => (json) => `(${json} ->> '${key}')`;
const attributeFields: Record<ResourceKind, Partial<Record<ResourceField, AttributeSql>>> = {
  user: { external_id: member('external_id'), username: member('username'), first_name: member('first_name'), last_name: member('last_name') },
  organization: { name: member('name'), slug: member('slug') },
  organization_membership: {
    id: member('id'),
    role: member('role'),
    external_id: (json) => `(${json} #>> '{public_user_data,external_id}')`,
    username: (json) => `(${json} #>> '{public_user_data,username}')`,
    first_name: (json) => `(${json} #>> '{public_user_data,first_name}')`,
    last_name: (json) => `(${json} #>> '{public_user_data,last_name}')`,
  },
};
/** A user's fields with one value per item of a list attribute. */
const listFields: Partial<Record<ResourceField, readonly [list: string, item: string]>> = {
  email_address: ['email_addresses', 'email_address'],
  phone_number: ['phone_numbers', 'phone_number'],
  web3_wallet: ['web3_wallets', 'web3_wallet'],
};

// Filters read `a`, the row's attributes as jsonb from a lateral join: parsed once per row, only when a query
// reads them. Orders read PARSED_ATTRIBUTES, the very expression of the order indexes, so that a page in an
// attribute's order is read from its index instead of sorting every row of the kind.
const PARSED_ATTRIBUTES = '(attributes::jsonb)';

/** The time attributes a user list can be ordered by: numbers (else no value). */
const timeOrders = new Set(['last_active_at', 'last_sign_in_at']);

/** The value a list of `kind` is ordered by for an order on an attribute, over `json`; undefined for other orders. */
function attributeOrderValue(kind: ResourceKind, field: ResourceOrder['field'], json: string): string | undefined {
  if (timeOrders.has(field)) {
    return kind === 'user' ? `(CASE jsonb_typeof(${json} -> '${field}') WHEN 'number' THEN (${json} ->> '${field}')::numeric END)` : undefined;
  }
  const scalar = attributeFields[kind][field as ResourceField];
  if (scalar !== undefined) return `(${scalar(json)} COLLATE "C")`;
  const list = kind === 'user' ? listFields[field as ResourceField] : undefined;
  return list === undefined ? undefined : `((${json} #>> '{${list[0]},0,${list[1]}}') COLLATE "C")`;
}

/** The orders on an attribute that each list offers (routes/*.ts), each with an index. */
const indexedOrders: Record<ResourceKind, readonly ResourceOrder['field'][]> = {
  user: ['first_name', 'last_name', 'username', 'email_address', 'phone_number', 'web3_wallet', 'last_active_at', 'last_sign_in_at'],
  organization: ['name'],
  organization_membership: ['first_name', 'last_name', 'username'],
};

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

/** Builds the WHERE clause and ORDER BY of a query, collecting its parameters. */
class QueryBuilder {
  readonly params: unknown[] = [];
  readsAttributes = false;

  constructor(
    private readonly table: string,
    private readonly kind: ResourceKind,
  ) {}

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  private scalar(field: ResourceField): string | undefined {
    const inKey = keyFields[this.kind][field];
    if (inKey !== undefined) return inKey;
    const attribute = attributeFields[this.kind][field];
    if (attribute === undefined) return undefined;
    this.readsAttributes = true;
    return attribute('a');
  }

  private list(field: ResourceField): readonly [string, string] | undefined {
    const list = this.kind === 'user' ? listFields[field] : undefined;
    if (list !== undefined) this.readsAttributes = true;
    return list;
  }

  /** Whether the field's values are read from the attributes (else from the key). */
  inAttributes(field: ResourceField): boolean {
    return attributeFields[this.kind][field] !== undefined || (this.kind === 'user' && listFields[field] !== undefined);
  }

  /** `test(value sql)` over every value of the field: one test, or EXISTS over a list's items. */
  private anyValue(field: ResourceField, test: (value: string) => string): string {
    const scalar = this.scalar(field);
    if (scalar !== undefined) return `coalesce(${test(scalar)}, false)`;
    const list = this.list(field);
    if (list === undefined) return 'false';
    return `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(a -> '${list[0]}') WHEN 'array' THEN a -> '${list[0]}' ELSE '[]' END) item
      WHERE jsonb_typeof(item) = 'object' AND ${test(`(item ->> '${list[1]}')`)})`;
  }

  condition(condition: ResourceCondition): string {
    if ('contains' in condition) {
      if (!isSendable(condition.contains)) return 'false';
      const lowered = condition.contains.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
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
    if (order.field === 'created_at' || order.field === 'updated_at') return `${order.field} ${direction}, ${tieBreak}`;
    if (order.field === 'members_count') {
      const count = this.kind === 'organization'
        ? `(SELECT count(*) FROM ${this.table} m WHERE m.kind = 'organization_membership' AND split_part(m.key, '/', 1) = ${this.table}.key)`
        : '0';
      return `${count} ${direction}, ${tieBreak}`;
    }
    const inKey = keyFields[this.kind][order.field as ResourceField];
    const value = attributeOrderValue(this.kind, order.field, PARSED_ATTRIBUTES) ?? (inKey === undefined ? 'NULL::text' : `${inKey} COLLATE "C"`);
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

/** The SELECT of a list page; rows carry the store's columns. */
export function listStatement(table: string, columns: string, query: ResourceListQuery): SqlStatement {
  const builder = new QueryBuilder(table, query.kind);
  const where = whereOf(builder, query);
  const orderBy = builder.orderBy(query);
  const limit = `$${builder.params.push(query.limit)}`;
  const offset = `$${builder.params.push(query.offset)}`;
  return {
    text: `SELECT ${columns} FROM ${builder.from()} WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
    params: builder.params,
  };
}

/** The SELECT of a count, as a column `count`. */
export function countStatement(table: string, query: ResourceQuery): SqlStatement {
  const builder = new QueryBuilder(table, query.kind);
  const where = whereOf(builder, query);
  return { text: `SELECT count(*) AS count FROM ${builder.from()} WHERE ${where}`, params: builder.params };
}

/**
 * `<table>_<suffix>`, or, past PostgreSQL's 63 bytes for a name (which it would cut, so that two long names
 * could become one and the second index be skipped as existing), the table's name shortened and its hash.
 */
function indexName(table: string, suffix: string): string {
  const name = `${table}_${suffix}`;
  if (name.length <= 63) return name;
  let hash = 0x811c9dc5;
  for (let i = 0; i < table.length; i++) hash = Math.imul(hash ^ table.charCodeAt(i), 0x01000193) >>> 0;
  return `${table.slice(0, 63 - suffix.length - 10)}_${hash.toString(16).padStart(8, '0')}_${suffix}`;
}

/** Indexes for lists: creation order per kind, and memberships by organization and by user. */
export function listIndexes(table: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS ${indexName(table, 'by_creation')} ON ${table} (kind, created_at, key COLLATE "C")`,
    `CREATE INDEX IF NOT EXISTS ${indexName(table, 'by_org')} ON ${table} (split_part(key, '/', 1)) WHERE kind = 'organization_membership'`,
    `CREATE INDEX IF NOT EXISTS ${indexName(table, 'by_user')} ON ${table} (substr(key, strpos(key, '/') + 1)) WHERE kind = 'organization_membership'`,
  ];
}

/**
 * An index per order on an attribute, partial per kind. They read only `attributes` and `key`, which a metadata
 * write leaves alone.
 */
export function attributeOrderIndexes(table: string): string[] {
  return (Object.keys(indexedOrders) as ResourceKind[]).flatMap((kind) =>
    indexedOrders[kind].map(
      (field) =>
        `CREATE INDEX IF NOT EXISTS ${indexName(table, `${kindPrefixes[kind]}_${field}`)} ON ${table} (${attributeOrderValue(kind, field, PARSED_ATTRIBUTES)}, key COLLATE "C") WHERE kind = '${kind}'`,
    ),
  );
}

/** A unique index of the table (uniqueFields.ts): what it keeps unique, its name, and its SQL. */
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
export function uniqueIndexes(table: string): UniqueIndex[] {
  return (Object.keys(uniqueFields) as ResourceKind[]).flatMap((kind) =>
    uniqueFields[kind].map((field) => {
      const value = attributeFields[kind][field]!(PARSED_ATTRIBUTES);
      const holders = `kind = '${kind}' AND jsonb_typeof(${PARSED_ATTRIBUTES} -> '${field}') = 'string'`;
      const name = indexName(table, `${kindPrefixes[kind]}_${field}_unique`);
      return {
        kind,
        field,
        name,
        create: `CREATE UNIQUE INDEX IF NOT EXISTS ${name} ON ${table} (${value}) WHERE ${holders}`,
        duplicates: `SELECT value, keys, count(*) OVER () AS total FROM (
            SELECT ${value} AS value, json_agg(key ORDER BY key COLLATE "C")::text AS keys FROM ${table}
            WHERE ${holders} GROUP BY 1 HAVING count(*) > 1
          ) shared ORDER BY value COLLATE "C" LIMIT 100`,
      };
    }),
  );
}
