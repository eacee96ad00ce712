import { measure } from 'mitata';
import { createWorkloads } from '../createWorkloads.js';
const ws = createWorkloads();
const doc = ws[1]!.target as any; const wide = ws[2]!.target as any;
const p = ws[1]!.patch as any; const s = Object.keys(p)[0]!; const g = Object.keys(p[s])[0]!; const i = Object.keys(p[s][g])[0]!;
const fast = new Function("o", "return %HasFastProperties(o)") as (o: unknown) => boolean;
console.log(s, g, i, fast(doc), fast(doc[s]), fast(doc[s][g]), fast(wide));
const loopCopy = (o: any) => { const r: any = {}; for (const k of Object.keys(o)) r[k] = o[k]; return r; };
const forIn = (o: any) => { const r: any = {}; for (const k in o) r[k] = o[k]; return r; };
for (const [name, fn] of [
  ['spread top', () => ({ ...doc })], ['spread section', () => ({ ...doc[s] })], ['spread group', () => ({ ...doc[s][g] })], ['spread item', () => ({ ...doc[s][g][i] })],
  ['assign top', () => Object.assign({}, doc)], ['loop top', () => loopCopy(doc)],
  ['wide spread', () => ({ ...wide })], ['wide assign', () => Object.assign({}, wide)], ['wide loop', () => loopCopy(wide)], ['wide forin', () => forIn(wide)],
] as const) { const st = await measure(fn as any, { min_cpu_time: 100e6 }); console.log(name.padEnd(16), st.p50.toFixed(0), st.avg.toFixed(0)); }
