import path from 'node:path';
import { readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer } from './benchServer.js';
import { bundleForNode } from './bundleForNode.js';
import { createWorkloads } from './createWorkloads.js';
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const body = JSON.stringify({ public_metadata: createWorkloads()[0]!.patch });
const script = await bundleForNode(path.join(packageDir, 'src/serveForBenchmark.ts'), path.join(packageDir, 'temp/serveForBenchmark.mjs'), ['@electric-sql/pglite']);
for (const kind of (process.argv[2] ?? 'pglite,pglite-webhooks').split(',')) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const file = path.join(dir, 'p.cpuprofile');
  const running = await startServer(script, [kind], body, { BENCH_CPU_PROFILE: file });
  const load = await running.load({ seconds: 4, warmupSeconds: 1, connections: 64 }, (process.argv[3] ?? 'patch') as 'patch', () => running.signal('SIGUSR2')).finally(() => running.stop());
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map<number, number>();
  p.samples.forEach((n: number, i: number) => self.set(n, (self.get(n) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  let busy = 0;
  for (const n of p.nodes) {
    const t = self.get(n.id) ?? 0;
    if (n.callFrame.functionName === '(idle)' || t === 0) continue;
    const url = n.callFrame.url.includes('pglite') || n.callFrame.url.startsWith('wasm') ? 'PGLITE' : n.callFrame.url.split('/').pop();
    const key = url === 'PGLITE' ? 'PGlite' : `${n.callFrame.functionName} ${url}:${n.callFrame.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
    busy += t;
  }
  console.log(`== ${kind}: ${Math.round(load.requestsPerSecond)} req/s, cpu ${Math.round(load.cpuMicrosPerRequest)} µs/req, busy ${(busy / 1e3).toFixed(0)} ms in profile, µs per request:`);
  const requests = load.requestsPerSecond * 4;
  for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 28)) console.log(`${(t / requests).toFixed(1).padStart(7)}  ${k}`);
}
