// One measured pass in a fresh process; prints its PassResult as JSON on stdout.
import { runBenchmarkPass } from './runBenchmarkPass.js';

const [pass, seed, minCpuMs, workloadIds] = process.argv.slice(2);
const result = await runBenchmarkPass({
  pass: Number(pass),
  seed: Number(seed),
  minCpuMs: Number(minCpuMs),
  ...(workloadIds ? { workloadIds: workloadIds.split(',').map(Number) } : {}),
});
process.stdout.write(JSON.stringify(result));
