import { readFileSync } from 'node:fs';
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const self = new Map<string, number>();
const dt = profile.timeDeltas as number[];
const counts = new Map<number, number>();
for (const s of profile.samples as number[]) counts.set(s, (counts.get(s) ?? 0) + 1);
let total = 0;
for (const node of profile.nodes) {
  const c = counts.get(node.id) ?? 0; total += c;
  const f = node.callFrame; const k = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(k, (self.get(k) ?? 0) + c);
}
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log((100 * v / total).toFixed(1).padStart(5) + '%', k);
