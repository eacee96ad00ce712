// The parts of docs/server.md generated from the code: the table of operations (from the route table), the
// table of list filters and orders (from the field table) and the command line's settings (from its settings table). `pnpm docs:server` writes them; a test fails when
// docs/server.md differs from what they render.
import { operations } from '../src/api/operations.js';
import { listParams } from '../src/api/listQueries.js';
import type { ResourceKind } from '../src/store/resourceKind.js';
import { cliSettings, type CliSettings } from '../src/cli/cliSettings.js';

/** Where docs/server.md holds each generated part: between `<!-- name:start -->` and `<!-- name:end -->`. */
export const generatedParts = {
  operations: renderOperations,
  lists: renderLists,
  settings: renderSettings,
} as const;

const code = (text: string): string => `\`${text}\``;

/** The table of operations: one row per route, in the route table's order. */
function renderOperations(): string {
  const rows = operations.map((route) => {
    const path = route.path.replace(/:([a-z_]+)/g, '{$1}');
    const operation = `${route.api === 'frontend' ? 'fapi ' : ''}${code(`${route.method} ${path}`)}`;
    const statuses = [...route.statuses.map(String), ...(route.deliberate ?? []).map((status) => `+${status}`)].join(', ');
    return `| ${operation} | ${code(route.operation)} | ${route.sdk} | ${route.answers} | ${statuses} |`;
  });
  return ['| operation | Clerk\'s `operationId` | SDK call | answer | statuses |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function filtersOf(kind: ResourceKind): string {
  const { filters, queries } = listParams(kind);
  const filtered = filters.map(({ param, signs }) => `${code(param)}${signs ? ' (`+`/`-`)' : ''}`);
  const searches = queries.map(([param, searched]) => `${code(param)} (${searched.join(', ')})`);
  return [...filtered, ...searches].join(', ');
}

function ordersOf(kind: ResourceKind): string {
  return listParams(kind)
    .orders.map(([name]) => code(name))
    .join(', ');
}

/** The table of each kind's list filters and `order_by` names. */
function renderLists(): string {
  const kinds: [ResourceKind, string][] = [
    ['user', 'users'],
    ['organization', 'organizations'],
    ['organization_membership', 'memberships'],
  ];
  return ['| list of | filters (text queries: the fields they search) | `order_by` |', '| --- | --- | --- |', ...kinds.map(([kind, name]) => `| ${name} | ${filtersOf(kind)} | ${ordersOf(kind)} |`)].join(
    '\n',
  );
}

/** The table of the command line's settings, from its settings table: flag, variable, what `--help` says. */
function renderSettings(): string {
  const rows = (Object.keys(cliSettings) as (keyof CliSettings)[]).map((field) => {
    const { flag, placeholder, variable, help } = cliSettings[field];
    const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    return `| ${code(`${flag} ${placeholder}`).replaceAll('|', '\\|')} | ${variable === undefined ? '' : code(variable)} | ${cell(help.split('\n').join(' '))} |`;
  });
  return ['| flag | variable | meaning (as `--help` says it) |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `markdown` with each generated part rendered anew. */
export function withGeneratedParts(markdown: string): string {
  let result = markdown;
  for (const [name, render] of Object.entries(generatedParts)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to < from) throw new Error(`docs/server.md has no ${start} … ${end} part`);
    result = `${result.slice(0, from + start.length)}\n${render()}\n${result.slice(to)}`;
  }
  return result;
}
