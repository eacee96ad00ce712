import type { OpeningReport } from './measureOpening.js';

export const OPENING_START = '<!-- opening:start -->';
export const OPENING_END = '<!-- opening:end -->';

const per100k = (value: number, users: number): number => (value / users) * 100_000;

/** The report's section on opening a data folder, between markers (so it can be regenerated alone). */
export function renderOpening(report: OpeningReport | { readonly skipped: string }): string[] {
  const lines = [OPENING_START, '## Server: opening a data folder of many users', ''];
  if ('skipped' in report) return [...lines, `Skipped: ${report.skipped}`, '', OPENING_END];
  const first = report.rows[0];
  if (first === undefined) return [...lines, 'Skipped: no sizes measured.', '', OPENING_END];
  const { attributes, metadata } = first.bytesPerUser;
  lines.push(
    `The command-line server (\`pnpm start\`, bundled by esbuild, Node's default heap: a limit of ${Math.round(report.heapLimitMiB).toLocaleString('en')} MiB) opening`,
    `a PGlite data folder of users with ${Math.round(attributes).toLocaleString('en')} bytes of attributes and ${Math.round(metadata).toLocaleString('en')} bytes of metadata each as JSON,`,
    'their rows stored out of creation order (as after an import with `created_at`). Opening: from starting `node` to its',
    '`listening on` line, PGlite\'s start included; CPU: the process\'s user and system time by then. Heap and RSS: once',
    'listening, after a full garbage collection; peak RSS: the most the process held, opening included. GET and PATCH: medians',
    'of 200 and 50 requests one at a time, once open. `pnpm --filter @metadata-semantics/bench bench:opening` regenerates this section alone.',
    '',
    '| users | opening (s) | CPU (s) | heap used (MiB) | RSS (MiB) | peak RSS (MiB) | per 100,000 users: opening (s), heap (MiB) | GET (ms) | PATCH (ms) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map(
      (row) =>
        `| ${row.users.toLocaleString('en')} | ${row.seconds.toFixed(1)} | ${row.cpuSeconds.toFixed(1)} | ${row.heapUsedMiB.toFixed(0)} | ` +
        `${row.rssMiB.toFixed(0)} | ${row.peakRssMiB.toFixed(0)} | ${per100k(row.seconds, row.users).toFixed(1)}, ${per100k(row.heapUsedMiB, row.users).toFixed(0)} | ` +
        `${row.getMs.toFixed(2)} | ${row.patchMs.toFixed(2)} |`,
    ),
    '',
    OPENING_END,
  );
  return lines;
}
