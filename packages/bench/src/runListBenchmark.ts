// `pnpm --filter @metadata-semantics/bench bench:lists`: measures list and count latency at 100,000 users and
// rewrites that section of docs/benchmarks.md alone (the full `pnpm bench` also writes it).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureListLatency } from './measureListLatency.js';
import { LISTS_END, LISTS_START, renderListLatency } from './renderListLatency.js';

const report = path.resolve(fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url)));
const measured = await measureListLatency(100_000, 9, (message) => process.stderr.write(`[bench] ${message}\n`));
const section = renderListLatency(measured).join('\n');
const text = readFileSync(report, 'utf8');
const start = text.indexOf(LISTS_START);
const end = text.indexOf(LISTS_END);
writeFileSync(report, start === -1 || end === -1 ? `${text.trimEnd()}\n\n${section}\n` : `${text.slice(0, start)}${section}${text.slice(end + LISTS_END.length)}`);
process.stderr.write(`[bench] wrote the lists section of ${report}\n`);
