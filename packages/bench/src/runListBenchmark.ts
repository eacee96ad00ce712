// `pnpm --filter @metadata-semantics/bench bench:lists [-- --users 1000000 --repeats 5 --store memory --store CLI]`:
// (`--keep-postgres /work/tmp/pg1m`, `--keep-pglite /work/tmp/pglite1m`: the data kept in that folder and reused, seeded once)
// measures list and count latency at 100,000 users (or the size given; on the stores whose names start with a
// `--store`, default all) and rewrites that size's section of docs/benchmarks.md alone (the full `pnpm bench` also
// writes the 100,000 one). It runs under `node --expose-gc`, to count the CLI store's memory after a collection.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureListLatency } from './measureListLatency.js';
import { listsMarkers, renderListLatency } from './renderListLatency.js';
import { writeReportSection } from './writeReportSection.js';

// pnpm passes the `--` before the options on.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { users: { type: 'string', default: '100000' }, repeats: { type: 'string', default: '9' }, store: { type: 'string', multiple: true, default: [] }, part: { type: 'string', default: '' }, 'keep-postgres': { type: 'string' }, 'keep-pglite': { type: 'string' } },
});
const users = Number(values.users);
const report = path.resolve(fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url)));
const measured = await measureListLatency(users, Number(values.repeats), (message) => process.stderr.write(`[bench] ${message}\n`), values.store, values['keep-postgres'], values['keep-pglite']);
const { start, end } = listsMarkers(users, values.part);
writeReportSection(report, start, end, renderListLatency(measured, values.part).join('\n'));
process.stderr.write(`[bench] wrote the lists section of ${users} users in ${report}\n`);
