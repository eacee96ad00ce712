// The profiled process of profileContender: builds the workload, then profiles only
// the loop calling one contender (node:inspector), and writes the .cpuprofile.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { contendersFor } from './contenders.js';
import { createWorkloads } from './createWorkloads.js';

const [workloadId, contenderId, seconds, profileFile] = process.argv.slice(2);
const workload = createWorkloads().find((candidate) => candidate.id === Number(workloadId));
if (workload === undefined) throw new Error(`no workload ${String(workloadId)}`);
const contender = contendersFor(workload.kind).find((candidate) =>
  contenderId ? candidate.id === contenderId : candidate.group === 'core',
);
if (contender === undefined) throw new Error(`no contender ${String(contenderId)} for workload ${workload.id}`);
const call = contender.prepare(workload.target, workload.patch);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const started = performance.now();
const deadline = started + Number(seconds ?? 5) * 1000;
let calls = 0;
let sink: unknown;
while (performance.now() < deadline) {
  for (let i = 0; i < 100; i++) sink = call();
  calls += 100;
}
const elapsed = performance.now() - started;
const { profile } = await session.post('Profiler.stop');
session.disconnect();
writeFileSync(profileFile!, JSON.stringify(profile));
process.stdout.write(
  `${JSON.stringify({ workload: workload.id, contender: contender.id, calls, nsPerCall: (elapsed * 1e6) / calls, sink: typeof sink })}\n`,
);
