import { SERVER_TARGET, type TargetResult } from './evaluateTargets.js';

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
    `${SERVER_TARGET} (memoryStore)`,
    'Server PATCH throughput with the memory store',
    [
      'The handler answers with the whole Clerk user object (the answer bytes column); the bare server answers with the',
      '147-byte patch it parsed. On this machine sending the answer is the largest single cost (the socket-write line',
      'of the profile above), so the answer\'s size alone lowers the ceiling: the padded reference row is a bare server',
      'that only parses the body and answers as many bytes as the handler. The server CPU column is the steadier',
      'measure (throughput also depends on how much of the two cores autocannon takes in that moment): what the',
      'handler spends beyond the padded bare server goes to serialising the answer and to the routes, the core',
      'operation (whose 8 KB limit serialises the changed field once more) and the store, the other lines of the',
      'profile. Done: `serveNodeHttp` runs the handler\'s routes on node:http directly (the "through Request/Response"',
      'reference row is the Fetch path it skips), user objects are serialised from one literal, the size limit counts',
      'UTF-8 bytes only near the limit, the key check does not hash, bodies are buffered and answers are written once.',
      'Left: the answer\'s size, which the Clerk API fixes, and serialising the changed field twice (once for the limit,',
      'once for the answer), which sharing would need the core to hand out its JSON text.',
    ],
  ],
  [
    `${SERVER_TARGET} (postgresStore on PGlite)`,
    'Server PATCH throughput with PGlite',
    [
      'PGlite is PostgreSQL compiled to WebAssembly, running on the server\'s one JavaScript thread; the profile above',
      'shows most of that thread\'s CPU inside PGlite. A change takes two statements, reading the row and writing it',
      'only if its version is unchanged (the least a merge computed in JavaScript needs to lose no concurrent change).',
      'The reference row "bare node:http + PGlite" runs just those two statements per request with no library code: it',
      'is the ceiling for this store, and the gap between it and the handler\'s PGlite row is what this library costs.',
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
