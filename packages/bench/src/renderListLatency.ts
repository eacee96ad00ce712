import type { ListLatencyReport } from './measureListLatency.js';

export const LISTS_START = '<!-- lists:start -->';
export const LISTS_END = '<!-- lists:end -->';

/** The markers of the section of one size: 100,000 users the lists section itself, other sizes one each after it. */
export function listsMarkers(users: number, part = ''): { readonly start: string; readonly end: string } {
  if (users === 100_000 && part === '') return { start: LISTS_START, end: LISTS_END };
  const name = part === '' ? `lists-${users}` : `lists-${users}-${part}`;
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1));

/** The report's section on list and count latency, between markers (so it can be regenerated alone). */
export function renderListLatency(report: ListLatencyReport | { readonly skipped: string }, part = ''): string[] {
  if ('skipped' in report) return [LISTS_START, '## Server: lists and counts at scale', '', `Skipped: ${report.skipped}`, '', LISTS_END];
  const { start, end } = listsMarkers(report.users, part);
  const stores = part === '' ? '' : ` ${report.stores.map((store) => `--store '${store.store}'`).join(' ')} --part ${part}`;
  const command = report.users === 100_000 && part === '' ? 'bench:lists' : `bench:lists -- --users ${report.users}${stores}`;
  const title = `## Server: lists and counts at ${report.users.toLocaleString('en')} users${part === '' ? '' : `: ${report.stores.map((store) => store.store).join(', ')}`}`;
  const lines = [start, title, ''];
  lines.push(
    `${report.users.toLocaleString('en')} users in each store, one store at a time, requests through the handler in-process (a \`Request\` in, the JSON`,
    `answer read out), median and slowest of ${report.repeats} after two warm-up calls. The ratio is to \`GET /v1/users/{id}\` on the same`,
    `store. Node's heap limit: ${report.heapLimitMiB.toLocaleString('en')} MiB. \`pnpm --filter @metadata-semantics/bench ${command}\` regenerates this section alone.`,
    '',
    `| request | ${report.stores.map((store) => `${store.store}: median (max) ms | ratio`).join(' | ')} |`,
    `| --- | ${report.stores.map(() => '---: | ---:').join(' | ')} |`,
    `| \`GET /v1/users/{id}\` (reference) | ${report.stores.map((store) => `${ms(store.getMs)} | 1×`).join(' | ')} |`,
  );
  for (const [index, row] of report.stores[0]!.rows.entries()) {
    const cells = report.stores.map((store) => {
      const cell = store.rows[index]!;
      return `${ms(cell.medianMs)} (${ms(cell.maxMs)}) | ${cell.ratioToGet.toFixed(1)}×`;
    });
    lines.push(`| ${row.label}: \`${row.path}\` | ${cells.join(' | ')} |`);
  }
  lines.push('', ...report.stores.map((store) => `- ${store.store}: ${store.seeding}.`));
  if (report.writeCosts.length > 0) {
    lines.push(
      '',
      `Write cost of postgresStore's filter and trigram indexes and count triggers: ${report.writeCosts[0]!.writes} sequential writes of each kind with them, then`,
      'as many with them dropped (one run; median ms per write).',
      '',
      '| store | `changeMetadata` with | without | insert with | without |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...report.writeCosts.map(
        (cost) => `| ${cost.store} | ${ms(cost.changeMetadata.withIndexes)} | ${ms(cost.changeMetadata.without)} | ${ms(cost.insert.withIndexes)} | ${ms(cost.insert.without)} |`,
      ),
    );
  }
  lines.push('', end);
  return lines;
}
