import { measureServerThroughput } from './src/measureServerThroughput.js';
const r = await measureServerThroughput({ seconds: 2, warmupSeconds: 1, connections: 64, rounds: 1 });
for (const row of r.rows) console.log(row.ratio.toFixed(3), Math.round(row.requestsPerSecond), row.cpuMicrosPerRequest?.toFixed(0), row.latencyP50Ms, row.latencyP99Ms, row.label);
for (const p of r.profiles) console.log(p.kind, JSON.stringify(p.shares.slice(0,6)));
