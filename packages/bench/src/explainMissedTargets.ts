import type { TargetResult } from './evaluateTargets.js';

// What limits each target that can be missed, from profiles taken on 2026-11-23
// (node --cpu-prof; packages/bench/src/profile*.ts reproduce them). Kept as prose
// next to the numbers so a reader of a red row sees why at once.
const EXPLANATIONS: ReadonlyArray<readonly [prefix: string, title: string, text: readonly string[]]> = [
  [
    'Workload 1 (stretch)',
    "Matching json-merge-patch's mutating apply",
    [
      'A mutating apply writes into the target and allocates nothing. An immutable merge must copy every object on the',
      'patched path: the spine-copy floor, which does only that, is itself several times slower than the mutating apply',
      '(see workload 1 above). The core is within 1.5× of that floor; the rest of the gap is the price of not mutating.',
    ],
  ],
  [
    'The two reducers alone',
    'The 700-byte size target',
    [
      'The minified bytes by source file are in the table above. What the reducers spend beyond a bare merge:',
      'validating every patch value with the path of the first offending one (typed errors, never a RangeError),',
      'JSON-equal sharing (unchanged subtrees and equal replacement values keep the target\'s references),',
      '`__proto__` written through `defineProperty`, the error class, and the deletion-aware first copy that keeps',
      'workload 1 within 1.5× of the floor. Measured on earlier versions: dropping JSON-equal sharing saves about 80 B',
      'gzipped and terser messages about 25 B; reaching 700 B would mean giving up a law (sharing) or errors with paths.',
      'We kept the laws; the size check fails when the reducers grow past their current size plus a small margin.',
    ],
  ],
  [
    'Server PATCH throughput',
    'Server PATCH throughput',
    [
      'Profile of the memory-store server under autocannon: about 35–40% of its CPU goes to Node 20\'s fetch',
      'machinery (building each `Request` and `Response`, the web streams they always create, the `AbortSignal`),',
      'about 24% to the socket write and about 9% to JSON serialisation; routing, parsing, the core merge and the store',
      'are small. Done so far: the secret-key check no longer hashes per request, `serveNodeHttp` buffers small bodies',
      'and answers with one `end()` (0.15× → 0.20× in an interleaved comparison). The next step is a private fast path',
      'between `serveNodeHttp` and the handler that skips `Request`/`Response` on node:http while running the same',
      'routes and core calls. PGlite is a single-threaded WebAssembly PostgreSQL; its ratio is bounded by its own query',
      'latency, not by this library.',
    ],
  ],
];

/**
 * The "why" section for every missed target this file knows about.
 *
 * @param targets - the evaluated targets
 * @returns markdown lines, empty when nothing known is missed
 */
export function explainMissedTargets(targets: readonly TargetResult[]): string[] {
  const lines: string[] = [];
  for (const [prefix, title, text] of EXPLANATIONS) {
    if (!targets.some((row) => row.status === 'missed' && row.target.startsWith(prefix))) continue;
    lines.push(`### ${title}`, '', ...text, '');
  }
  return lines.length === 0 ? [] : ['## What limits the missed targets', '', ...lines];
}
