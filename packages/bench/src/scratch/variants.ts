import { measure } from 'mitata';
import { deepMergeWithNullDeletion } from '@metadata-semantics/core';
import { createWorkloads } from '../createWorkloads.js';
import { spineCopyMerge } from '../spineCopyMerge.js';
type P = Record<string, unknown>;
const proto = Object.prototype;
const isPlain = (v: unknown): v is P => { if (v === null || typeof v !== 'object') return false; const p = Object.getPrototypeOf(v); return p === proto || p === null; };
const hasOwn = Object.hasOwn;
const setOwn = (o: P, k: string, v: unknown) => { if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true }); else o[k] = v; };
function prim(value: unknown, counterpart: unknown) {
  if (typeof value === 'number' ? isFinite(value) : value === null || typeof value === 'string' || typeof value === 'boolean') return value === counterpart ? counterpart : value;
  throw new Error('x');
}
// A: current core shape
function mfA(target: unknown, patch: P, path: string[], deep: boolean): P {
  const base = isPlain(target) ? target : undefined; let result: P | undefined;
  for (const key of Object.keys(patch)) {
    const value = patch[key]; if (value === undefined) continue;
    const has = base !== undefined && hasOwn(base, key); const current = has ? base![key] : undefined;
    if (deep && value === null) { if (has) delete (result ??= { ...base })[key]; continue; }
    path.push(key);
    const next = isPlain(value) ? (path.length >= 1000 ? 0 : mfA(current, value, path, true)) : prim(value, current);
    path.pop();
    if (!has || next !== current) setOwn((result ??= { ...base }), key, next);
  }
  return result ?? base ?? {};
}
// B: depth number instead of a path array
function mfB(target: unknown, patch: P, depth: number): P {
  const base = isPlain(target) ? target : undefined; let result: P | undefined;
  for (const key of Object.keys(patch)) {
    const value = patch[key]; if (value === undefined) continue;
    const has = base !== undefined && hasOwn(base, key); const current = has ? base![key] : undefined;
    if (value === null) { if (has) delete (result ??= { ...base })[key]; continue; }
    const next = isPlain(value) ? mfB(current, value, depth + 1) : prim(value, current);
    if (!has || next !== current) setOwn((result ??= { ...base }), key, next);
  }
  return result ?? base ?? {};
}
// C: B, collect changes first, build once with deletions last
function mfC(target: unknown, patch: P, depth: number): P {
  const base = isPlain(target) ? target : undefined; let result: P | undefined; let deletions: string[] | undefined;
  const keys = Object.keys(patch);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!; const value = patch[key]; if (value === undefined) continue;
    const current = base === undefined ? undefined : base[key];
    const has = current !== undefined || (base !== undefined && hasOwn(base, key));
    if (value === null) { if (has) (deletions ??= []).push(key); continue; }
    const next = isPlain(value) ? mfC(has ? current : undefined, value, depth + 1) : prim(value, current);
    if (!has || next !== current) setOwn((result ??= { ...base }), key, next);
  }
  if (deletions !== undefined) { result ??= { ...base }; for (const k of deletions) delete result[k]; }
  return result ?? base ?? {};
}
// D: C, but deletions by rebuilding without the key instead of `delete` (keeps fast mode)
function mfD(target: unknown, patch: P, depth: number): P {
  const base = isPlain(target) ? target : undefined; let result: P | undefined; let deletions: string[] | undefined;
  const keys = Object.keys(patch);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!; const value = patch[key]; if (value === undefined) continue;
    const current = base === undefined ? undefined : base[key];
    const has = current !== undefined || (base !== undefined && hasOwn(base, key));
    if (value === null) { if (has) (deletions ??= []).push(key); continue; }
    const next = isPlain(value) ? mfD(has ? current : undefined, value, depth + 1) : prim(value, current);
    if (!has || next !== current) setOwn((result ??= { ...base }), key, next);
  }
  if (deletions !== undefined) {
    const source = result ?? base!; const copy: P = {};
    for (const k of Object.keys(source)) if (!deletions.includes(k)) setOwn(copy, k, source[k]);
    return copy;
  }
  return result ?? base ?? {};
}
// E: the current core (A) with one change: deletions collected, the copy rebuilt without them instead of `delete`
function mfE(target: unknown, patch: P, path: string[], deep: boolean): P {
  const base = isPlain(target) ? target : undefined; let result: P | undefined; let deleted: string[] | undefined;
  for (const key of Object.keys(patch)) {
    const value = patch[key]; if (value === undefined) continue;
    const has = base !== undefined && hasOwn(base, key); const current = has ? base![key] : undefined;
    if (deep && value === null) { if (has) (deleted ??= []).push(key); continue; }
    path.push(key);
    const next = isPlain(value) ? (path.length >= 1000 ? 0 : mfE(current, value, path, true)) : prim(value, current);
    path.pop();
    if (!has || next !== current) setOwn((result ??= { ...base }), key, next);
  }
  if (deleted !== undefined) {
    const source = result ?? base!; result = {};
    for (const key of Object.keys(source)) if (!deleted.includes(key)) setOwn(result, key, source[key]);
  }
  return result ?? base ?? {};
}
const ws = createWorkloads();
for (const id of (process.argv[2] ?? '1').split(',').map(Number)) {
  const w = ws.find((x) => x.id === id)!; const t = w.target, p = w.patch;
  const fns = { floor: () => spineCopyMerge(t, p), core: () => deepMergeWithNullDeletion(t, p), A: () => mfA(t, p, [], true), B: () => mfB(t, p, 0), C: () => mfC(t, p, 0), D: () => mfD(t, p, 0), E: () => mfE(t, p, [], true) } as Record<string, () => unknown>;
  const best: Record<string, number> = {};
  for (let round = 0; round < 5; round++) for (const [name, fn] of Object.entries(fns)) { const st = await measure(fn, { min_cpu_time: 40e6 }); best[name] = Math.min(best[name] ?? Infinity, st.p50); }
  console.log('workload', id, Object.entries(best).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(' '));
}
