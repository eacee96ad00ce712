// `pnpm --filter @metadata-semantics/bench bench:opening`: the command-line server opening data folders of
// 100,000, 400,000 and 1,000,000 users, and rewrites that section of docs/benchmarks.md alone (the full
// `pnpm bench` also writes it). Takes minutes: most of it seeds the folders.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureOpening } from './measureOpening.js';
import { OPENING_END, OPENING_START, renderOpening } from './renderOpening.js';
import { writeReportSection } from './writeReportSection.js';

const report = path.resolve(fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url)));
const sizes = process.argv.slice(2).map(Number).filter((size) => size > 0);
const measured = await measureOpening(sizes.length > 0 ? sizes : undefined, (message) => process.stderr.write(`[bench] ${message}\n`));
writeReportSection(report, OPENING_START, OPENING_END, renderOpening(measured).join('\n'));
process.stderr.write(`[bench] wrote the opening section of ${report}\n`);
