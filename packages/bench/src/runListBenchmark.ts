// `pnpm --filter @metadata-semantics/bench bench:lists`: measures list and count latency at 100,000 users and
// rewrites that section of docs/benchmarks.md alone (the full `pnpm bench` also writes it).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureListLatency } from './measureListLatency.js';
import { LISTS_END, LISTS_START, renderListLatency } from './renderListLatency.js';
import { writeReportSection } from './writeReportSection.js';

const report = path.resolve(fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url)));
const measured = await measureListLatency(100_000, 9, (message) => process.stderr.write(`[bench] ${message}\n`));
writeReportSection(report, LISTS_START, LISTS_END, renderListLatency(measured).join('\n'));
process.stderr.write(`[bench] wrote the lists section of ${report}\n`);
