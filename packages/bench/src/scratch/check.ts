import { contendersFor } from '../contenders.js';
import { checkContender } from '../checkContender.js';
import { createWorkloads } from '../createWorkloads.js';
const t0 = performance.now();
const ws = createWorkloads();
console.log('gen ms', performance.now() - t0);
for (const w of ws) {
  console.log(w.id, w.description, JSON.stringify(w.patch).slice(0, 120));
  for (const c of contendersFor(w.kind)) console.log('   ', c.id, JSON.stringify(checkContender(c, w)));
}
