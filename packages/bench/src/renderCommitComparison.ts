import type { LoadOptions } from './benchServer.js';

/** The markers around the section of docs/benchmarks.md that bench:commits writes (and bench keeps). */
export const COMMITS_START = '<!-- commits:start -->';
export const COMMITS_END = '<!-- commits:end -->';

/** One server's medians over the rounds. */
export interface ServedSummary {
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest: number;
  /** Its throughput over the bare server's, within each round: the median. */
  readonly vsBare: number;
}

/** What bench:commits measured. */
export interface CommitComparison {
  readonly commits: { readonly old: string; readonly new: string };
  readonly rounds: number;
  readonly load: LoadOptions;
  readonly bare: ServedSummary;
  readonly old: ServedSummary;
  readonly new: ServedSummary;
  /** The new commit's handler behind a wrapper, `(request) => handler(request)`. */
  readonly wrapped: ServedSummary;
  /** The new commit's throughput over the old one's, within each round: median and range. */
  readonly newVsOld: { readonly median: number; readonly min: number; readonly max: number };
  readonly wrappedVsNew: number;
  readonly loadAverage: number;
  readonly cpus: number;
}

const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const ratio = (value: number): string => `${value.toFixed(2)}×`;

/** The section's Markdown lines. */
export function renderCommitComparison(comparison: CommitComparison): string[] {
  const { commits, rounds, load } = comparison;
  const row = (label: string, summary: ServedSummary, vsOld: string): string =>
    `| ${label} | ${count(summary.requestsPerSecond)} | ${summary.cpuMicrosPerRequest.toFixed(0)} µs | ${ratio(summary.vsBare)} | ${vsOld} |`;
  const { median, min, max } = comparison.newVsOld;
  return [
    COMMITS_START,
    '## Server throughput: one commit against another, interleaved',
    '',
    `PATCH of a user's metadata on the memory store, served by \`serveNodeHttp\`, at commit \`${commits.old}\` (old) and \`${commits.new}\` (new).`,
    'Each commit\'s server and core sources are bundled with the same benchmark server, so only the server differs. The',
    'servers take turns under the same load, round after round (old and new swap places every round), and each ratio is',
    `taken within its round; the table shows medians over the ${rounds} rounds. \`pnpm --filter @metadata-semantics/bench bench:commits -- --old <commit>\``,
    'writes this section.',
    '',
    '| Server | Requests/s | Server CPU per request | vs bare node:http | vs old |',
    '| --- | ---: | ---: | ---: | ---: |',
    row('bare node:http (parse + re-serialise)', comparison.bare, '–'),
    row(`old: createMetadataHandler + memoryStore (\`${commits.old}\`)`, comparison.old, '1.00×'),
    row(`new: createMetadataHandler + memoryStore (\`${commits.new}\`)`, comparison.new, `**${ratio(median)}** (${ratio(min)}–${ratio(max)})`),
    row(`new, behind a wrapper \`(request) => handler(request)\``, comparison.wrapped, `${ratio(comparison.wrappedVsNew)} of new`),
    '',
    `Target: new ≥ 0.95× old (median of ${rounds} rounds): ${median >= 0.95 ? '✅ met' : '❌ missed'}. autocannon, ${load.connections} connections,`,
    `${load.warmupSeconds} s of warm-up then ${load.seconds} s measured per load; ${comparison.cpus} CPUs, load average ${comparison.loadAverage.toFixed(1)} at the end`,
    '(other work ran on the machine: the ratios within a round are what counts).',
    COMMITS_END,
  ];
}
