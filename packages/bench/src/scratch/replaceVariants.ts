import { measure } from 'mitata';
import { replaceFields } from '@metadata-semantics/core';
import { createWorkloads } from '../createWorkloads.js';
import { copyPatchValue } from '../spineCopyMerge.js';
type P = Record<string, unknown>;
const proto = Object.prototype;
const isPlain = (v: unknown): v is P => { if (v === null || typeof v !== 'object') return false; const p = Object.getPrototypeOf(v); return p === proto || p === null; };
const hasOwn = Object.hasOwn;
const setOwn = (o: P, k: string, v: unknown) => { if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true }); else o[k] = v; };
// Copy with validation and sharing, no path (depth number), indexed loops; arrays separately.
function copyB(value: unknown, counterpart: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' ? isFinite(value) : value === null || typeof value === 'string' || typeof value === 'boolean') return value === counterpart ? counterpart : value;
    throw new Error('not json');
  }
  if (depth > 1000) throw new Error('deep');
  if (Array.isArray(value)) {
    const other = Array.isArray(counterpart) && counterpart.length === value.length ? counterpart : undefined;
    let same = other !== undefined; const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) { if (!(i in value) || value[i] === undefined) throw new Error('hole'); const c = copyB(value[i], same ? other![i] : undefined, depth + 1); same &&= c === other![i]; copy[i] = c; }
    return same ? counterpart : copy;
  }
  if (!isPlain(value)) throw new Error('not plain');
  const other = isPlain(counterpart) ? counterpart : undefined;
  let same = other !== undefined; const copy: P = {}; let size = 0;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!; const member = value[key]; if (member === undefined) continue; size++;
    const has = same && hasOwn(other!, key);
    const c = copyB(member, has ? other![key] : undefined, depth + 1);
    same &&= has && c === other![key];
    setOwn(copy, key, c);
  }
  if (same) { for (const k of Object.keys(other!)) if (other![k] !== undefined) size--; same = size === 0; }
  return same ? counterpart : copy;
}
function replaceB(stored: P, provided: P): P {
  let result: P | undefined; const keys = Object.keys(provided);
  for (let i = 0; i < keys.length; i++) { const key = keys[i]!; const v = provided[key]; if (v === undefined) continue; const has = hasOwn(stored, key); const cur = has ? stored[key] : undefined; const next = copyB(v, cur, 1); if (!has || next !== cur) setOwn((result ??= { ...stored }), key, next); }
  return result ?? stored;
}
const w = createWorkloads().find((x) => x.id === 5)!; const t = w.target, p = w.patch;
console.log(JSON.stringify(replaceB(t, p)) === JSON.stringify(replaceFields(t, p)));
const fns = { floor: () => { const r: P = { ...t }; for (const k of Object.keys(p)) r[k] = copyPatchValue(p[k]); return r; }, core: () => replaceFields(t, p), B: () => replaceB(t, p) } as Record<string, () => unknown>;
const best: Record<string, number> = {};
for (let round = 0; round < 5; round++) for (const [name, fn] of Object.entries(fns)) { const st = await measure(fn, { min_cpu_time: 40e6 }); best[name] = Math.min(best[name] ?? Infinity, st.p50); }
console.log(Object.entries(best).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(' '));
