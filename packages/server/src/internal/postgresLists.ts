import { isStorableText } from './storableText.js';
import type { ResourceCondition, ResourceField, ResourceKind, ResourceListQuery, ResourceQuery } from '../metadataStore.js';

/** The SQL of one list or count: `text` with `$1`, `$2`, … and its `params`. */
export interface SqlStatement {
  readonly text: string;
  readonly params: unknown[];
}

// `a` is the row's attributes as jsonb (a lateral join, parsed once per row, only when a query reads them).
const memberships: Partial<Record<ResourceField, string>> = {
  id: `(a ->> 'id')`,
  organization_id: `split_part(key, '/', 1)`,
  user_id: `substr(key, strpos(key, '/') + 1)`,
  role: `(a ->> 'role')`,
  external_id: `(a #>> '{public_user_data,external_id}')`,
  username: `(a #>> '{public_user_data,username}')`,
  first_name: `(a #>> '{public_user_data,first_name}')`,
  last_name: `(a #>> '{public_user_data,last_name}')`,
};
const users: Partial<Record<ResourceField, string>> = {
  id: 'key',
  external_id: `(a ->> 'external_id')`,
  username: `(a ->> 'username')`,
  first_name: `(a ->> 'first_name')`,
  last_name: `(a ->> 'last_name')`,
};
const organizations: Partial<Record<ResourceField, string>> = { id: 'key', name: `(a ->> 'name')`, slug: `(a ->> 'slug')` };
const scalarFields: Record<ResourceKind, Partial<Record<ResourceField, string>>> = {
  user: users,
  organization: organizations,
  organization_membership: memberships,
};
/** A user's fields with one value per item of a list attribute. */
const listFields: Partial<Record<ResourceField, readonly [list: string, item: string]>> = {
  email_address: ['email_addresses', 'email_address'],
  phone_number: ['phone_numbers', 'phone_number'],
  web3_wallet: ['web3_wallets', 'web3_wallet'],
};

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

  private param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  private scalar(field: ResourceField): string | undefined {
    const sql = scalarFields[this.kind][field];
    if (sql?.startsWith('(a ')) this.readsAttributes = true;
    return sql;
  }

  private list(field: ResourceField): readonly [string, string] | undefined {
    const list = this.kind === 'user' ? listFields[field] : undefined;
    if (list !== undefined) this.readsAttributes = true;
    return list;
  }

  /** Whether the field's values are read from the attributes (else from the key). */
  inAttributes(field: ResourceField): boolean {
    return scalarFields[this.kind][field]?.startsWith('(a ') ?? (this.kind === 'user' && listFields[field] !== undefined);
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
    if (order.field === 'last_active_at' || order.field === 'last_sign_in_at') {
      this.readsAttributes = true;
      const time = this.kind === 'user' ? `CASE jsonb_typeof(a -> '${order.field}') WHEN 'number' THEN (a ->> '${order.field}')::numeric END` : 'NULL::numeric';
      return `${time} ${direction}, ${tieBreak}`;
    }
    const scalar = this.scalar(order.field);
    const list = scalar === undefined ? this.list(order.field) : undefined;
    const value = scalar ?? (list === undefined ? 'NULL::text' : `(a #>> '{${list[0]},0,${list[1]}}')`);
    return `${value} COLLATE "C" ${direction}, ${tieBreak}`;
  }

  from(): string {
    return this.readsAttributes ? `${this.table} CROSS JOIN LATERAL (SELECT attributes::jsonb AS a) parsed` : this.table;
  }
}

/** `kind = $1` (the builder's first parameter) and every condition of the query. */
function whereOf(builder: QueryBuilder, query: ResourceQuery): string {
  const conditions = (query.where ?? []).map((condition) => builder.condition(condition));
  return ['kind = $1', ...conditions].join(' AND ');
}

/** The SELECT of a list page; rows carry the store's columns. */
export function listStatement(table: string, columns: string, query: ResourceListQuery): SqlStatement {
  const builder = new QueryBuilder(table, query.kind);
  builder.params.push(query.kind);
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
  builder.params.push(query.kind);
  const where = whereOf(builder, query);
  return { text: `SELECT count(*) AS count FROM ${builder.from()} WHERE ${where}`, params: builder.params };
}

/** Indexes for lists: creation order per kind, and memberships by organization and by user. */
export function listIndexes(table: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS ${table}_by_creation ON ${table} (kind, created_at, key COLLATE "C")`,
    `CREATE INDEX IF NOT EXISTS ${table}_by_org ON ${table} (split_part(key, '/', 1)) WHERE kind = 'organization_membership'`,
    `CREATE INDEX IF NOT EXISTS ${table}_by_user ON ${table} (substr(key, strpos(key, '/') + 1)) WHERE kind = 'organization_membership'`,
  ];
}
