import type { ListLatencyReport } from './measureListLatency.js';

export const LISTS_START = '<!-- lists:start -->';
export const LISTS_END = '<!-- lists:end -->';

const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1));

/** The report's section on list and count latency, between markers (so it can be regenerated alone). */
export function renderListLatency(report: ListLatencyReport | { readonly skipped: string }): string[] {
  const lines = [LISTS_START, '## Server: lists and counts at scale', ''];
  if ('skipped' in report) return [...lines, `Skipped: ${report.skipped}`, '', LISTS_END];
  lines.push(
    `${report.users.toLocaleString('en')} users in each store, requests through the handler in-process (a \`Request\` in, the JSON`,
    `answer read out), median and slowest of ${report.repeats} after two warm-up calls. The ratio is to \`GET /v1/users/{id}\` on the same`,
    'store. `pnpm --filter @metadata-semantics/bench bench:lists` regenerates this section alone.',
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
  lines.push('', ...report.stores.map((store) => `- ${store.store}: ${store.seeding}.`), '', LISTS_END);
  return lines;
}
