import { SERVER_TARGET, type TargetResult } from './evaluateTargets.js';

// What limits each target that can be missed, from the profiles the report embeds (node:inspector;
// packages/bench/src/profile*.ts reproduce them). Kept as prose next to the numbers so a reader of a red row
// sees why at once.
const EXPLANATIONS: ReadonlyArray<readonly [target: RegExp, title: string, text: readonly string[]]> = [
  [
    /^Workload \d+: core within/,
    'The floor target in every run',
    [
      'Each run is a fresh process timing every contender for its share of CPU, one after the other, on a machine of 2',
      'cores that other work shares: the core and the floor are not timed at the same instant, so a run where the',
      "floor's turn fell in a quiet spell and the core's in a busy one shows the core further from the floor than",
      'the median run does. The runs column of the targets table gives the spread.',
      '',
      'A workload whose every run misses (the lowest of its runs above the target) is no such accident: its cost is the',
      "core's own, and the profiles above show where it goes beyond the floor's. On workload 4 (500 levels, one key",
      'per level) the core does a fixed amount of work at each level that the floor skips: checking that the patch and',
      'the target are plain objects (their prototypes: never a class instance, never an array merged as an object),',
      'reading the target\'s key only if it is its own (never one inherited from `Object.prototype`), looking for the keys',
      'the patch deletes before the first copy (so the copy never becomes a slow dictionary object), and keeping the path',
      'for errors and the depth limit. With one key per level, that fixed work is a large part of all the work. The ratio',
      'also depends on what the process ran before: workload 4 alone in a fresh process measures the core at about 3× the',
      'floor, both functions then having seen one object shape; after the other workloads, as in every run here (and in',
      'a server), both have seen many. The reducers belong to the core, which this round did not change.',
    ],
  ],
  [
    /^Workload 1 \(stretch\)/,
    "Matching json-merge-patch's mutating apply",
    [
      'A mutating apply writes into the target and allocates nothing. An immutable merge must copy every object on the',
      'patched path: the spine-copy floor, which does only that, is itself several times slower than the mutating apply',
      '(see workload 1 above). The core is within 1.5× of that floor; the rest of the gap is the price of not mutating.',
    ],
  ],
  [
    /^The two reducers alone/,
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
    /^optimistic \+ core/,
    'optimistic + core within 2,048 bytes',
    [
      "The bundle is the optimistic store and the parts of the core it calls: the reducers, and the core's operations",
      '(`updateMetadata`, `replaceMetadata`: field names and wire names, the field type checks, the size limit counted in',
      'UTF-8 bytes, the depth limit, errors with paths), which the store runs so that its view ends where the server',
      "ends. `packages/core/src/metadataOperations.ts` is the largest part (see the bundle's sources in",
      '`pnpm --filter @metadata-semantics/bench bench`\'s size table). No law or check was dropped to save bytes,',
      'and neither package was changed in this round (another change was under way in both).',
    ],
  ],
  [
    /^Lists at .*\(PGlite, postgresStore\)$/,
    'List pages on postgresStore',
    [
      '`postgresStore` is the store for several processes sharing one database: it keeps nothing in memory, so a page',
      'at an offset walks the creation index past every row before it (`OFFSET` has no shortcut in PostgreSQL), and a',
      'count reads every row of the kind. Its first pages stay cheap; deep pages grow with the offset. Keyset paging',
      "(`starting_after`) would not, but Clerk's list operations page by offset. An order on an attribute (first name)",
      'reads its partial index over the attributes parsed as jsonb, as creation order reads its own. A filter on an',
      'attribute reads every row of the kind, its attributes being one JSON text column parsed per row where the text',
      'holds the value: an index would need one per filtered field, or a GIN index over the parsed attributes. The command-line',
      "server's store, `exclusivePostgresStore`, answers the same requests from memory (the rows above) with the memory",
      "store's structures: creation order kept as an array (a page is a slice, a count a length), a value index per",
      'filtered field, another order sorted once until a change can move it. Text queries (`query=`) test every user in',
      'every store: a substring has no index short of trigrams.',
    ],
  ],
  [
    new RegExp(`^${SERVER_TARGET}, PATCH, memoryStore:`),
    'PATCH throughput with the memory store',
    [
      'The handler answers with the whole Clerk user object (the answer bytes column); the bare server answers with the',
      "147-byte patch it parsed. Sending the answer and node:http's own parsing are most of the server's CPU (the",
      "profile above), so the answer's size alone lowers the ceiling: the padded reference row is a bare server that",
      'only parses the body and answers as many bytes as the handler, and it alone stays near 0.8×: at 0.7×, the',
      'routes, the core operation, the store and serialising the answer would have to fit in about a tenth of the bare',
      "server's CPU per request. The server CPU column is the steadier measure (throughput also depends on how much of",
      'the two cores autocannon takes in that moment): what the handler spends beyond the padded bare server goes to',
      'the routes, the core operation (whose 8 KB limit serialises the changed field once more), serialising the answer',
      "and the store. Left: the answer's size, which the Clerk API fixes, and serialising the changed field twice (once",
      'for the limit, once for the answer), which sharing would need the core to hand out its JSON text.',
    ],
  ],
  [
    new RegExp(`^${SERVER_TARGET}, [^:]*exclusivePostgresStore`),
    'Throughput with PGlite',
    [
      'PGlite is PostgreSQL compiled to WebAssembly, running on the server\'s one JavaScript thread. The store writes',
      'every request of a batch in one statement, and a statement takes milliseconds of that thread; the PGlite share of',
      'the profile above is that statement. Requests to one user coalesce into one row per batch; spread over many users',
      '(the reference row "each of 1,000 users in turn"), each request adds its own row to the statement, and PostgreSQL\'s',
      'work per row written (the heap tuple, its write-ahead log record, the index entry) is what remains.',
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
  for (const [target, title, text] of EXPLANATIONS) {
    if (!targets.some((row) => row.status === 'missed' && target.test(row.target))) continue;
    lines.push(`### ${title}`, '', ...text, '');
  }
  return lines.length === 0 ? [] : ['## What limits the missed targets', '', ...lines];
}
