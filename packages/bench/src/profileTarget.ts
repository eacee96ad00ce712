// The profiled process of `pnpm profile`: calls one contender on one workload in a loop.
import { contendersFor } from './contenders.js';
import { createWorkloads } from './createWorkloads.js';

const [workloadId, contenderId, seconds] = process.argv.slice(2);
const workload = createWorkloads().find((candidate) => candidate.id === Number(workloadId));
if (workload === undefined) throw new Error(`no workload ${String(workloadId)}`);
const contender = contendersFor(workload.kind).find((candidate) =>
  contenderId ? candidate.id === contenderId : candidate.group === 'core',
);
if (contender === undefined) throw new Error(`no contender ${String(contenderId)} for workload ${workload.id}`);
const call = contender.prepare(workload.target, workload.patch);
const deadline = performance.now() + Number(seconds ?? 5) * 1000;
let calls = 0;
let sink: unknown;
while (performance.now() < deadline) {
  for (let i = 0; i < 100; i++) sink = call();
  calls += 100;
}
process.stdout.write(
  `${JSON.stringify({ workload: workload.id, contender: contender.id, calls, nsPerCall: (Number(seconds ?? 5) * 1e9) / calls, sink: typeof sink })}\n`,
);
