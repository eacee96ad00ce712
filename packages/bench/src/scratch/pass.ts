import { runBenchmarkPass } from '../runBenchmarkPass.js';
const t0 = performance.now();
const r = await runBenchmarkPass({ pass: 0, seed: 7396, minCpuMs: Number(process.argv[2] ?? 30) });
for (const w of r.workloads) { const core = w.timings.find(t => t.contenderId.startsWith('core'))!.nsPerCall; console.log(w.id, 'core ns', core.toFixed(0)); for (const t of w.timings) console.log('   ', t.contenderId.padEnd(26), t.nsPerCall.toFixed(0).padStart(10), (t.nsPerCall/core).toFixed(2)); }
console.log('s', (performance.now()-t0)/1000);
