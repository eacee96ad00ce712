// `pnpm --filter @metadata-semantics/bench run profile <workload> [contender] [seconds]`:
// where one contender's time goes (the core by default), by function and by line.
import { profileContender } from './profileContender.js';

const [workloadId = '1', contenderId = '', seconds = '5'] = process.argv.slice(2);
const profile = await profileContender(Number(workloadId), contenderId, Number(seconds), true);
const percent = (share: number): string => `${(100 * share).toFixed(1).padStart(5)}%`;
process.stdout.write(`workload ${profile.workloadId}, ${profile.contenderId}: ${profile.nsPerCall.toFixed(0)} ns per call\n`);
process.stdout.write('self time by function:\n');
for (const entry of profile.functions) process.stdout.write(`${percent(entry.share)}  ${entry.name}\n`);
process.stdout.write('self time by line:\n');
for (const entry of profile.lines) process.stdout.write(`${percent(entry.share)}  ${entry.source.slice(0, 110)}\n`);
process.stdout.write(`profile: ${profile.file ?? ''} (load in Chrome DevTools › Performance)\n`);
