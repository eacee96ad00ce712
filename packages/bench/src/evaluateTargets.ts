import type { Contender } from './contenders.js';
import type { WorkloadSummary } from './summarizePasses.js';

/** Whether a target was met in the measured run. */
export type TargetStatus = 'met' | 'missed' | 'not measured';

/** One target of the issue, with what was measured. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly status: TargetStatus;
}

/** What the targets are checked against. */
export interface TargetInputs {
  readonly summaries: readonly WorkloadSummary[];
  readonly contenders: readonly Contender[];
  /** Gzipped bytes of the two reducers alone. */
  readonly reducersGzipBytes: number;
  readonly reducersBudgetBytes: number;
  /** Per store, the slowest median of the `limit=10` pages (first, middle, last) at 100,000 users, in ms. */
  readonly listPages?: readonly { readonly store: string; readonly slowestMs: number }[];
  /** Gzipped bytes of the optimistic store with the core, and the aim; absent when not measured. */
  readonly optimisticGzipBytes?: number;
  readonly optimisticAimBytes?: number;
  /** Served throughput over the bare node:http baseline, per target (a request and a store), with the ratio it must reach; absent when not measured. */
  readonly serverThroughputRatios?: readonly { readonly store: string; readonly ratio: number; readonly target?: number }[];
}

/** The server targets' rows begin so: `Server throughput, PATCH, memoryStore: ≥ 0.7× a bare node:http server`. */
export const SERVER_TARGET = 'Server throughput';
/** The ratio of a server target that names none. */
export const SERVER_TARGET_RATIO = 0.5;

/** The list target's rows begin so. */
export const LIST_PAGE_TARGET = 'Lists at 100,000 users: a limit=10 page under 1 ms at any offset';

/** A server target's row name. */
export function serverTargetName(store: string, ratio: number): string {
  return `${SERVER_TARGET}, ${store}: ≥ ${ratio}× a bare node:http server`;
}

/** The target: the core within this many times the spine-copy floor's time. */
export const FLOOR_TARGET = 1.5;

/** Formats a ratio for prose: `1.23×`, `45.6×`, `1,234×`, and `1/7,700×` below 0.01. */
export function formatTimes(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  if (ratio >= 100) return `${Math.round(ratio).toLocaleString('en-US')}×`;
  if (ratio >= 10) return `${ratio.toFixed(1)}×`;
  if (ratio >= 0.01) return `${ratio.toFixed(2)}×`;
  return `1/${Math.round(1 / ratio).toLocaleString('en-US')}×`;
}

/**
 * Checks the targets against one run's summaries.
 *
 * @param inputs - the summaries, contenders, size and optional server numbers
 * @returns one row per target, in the order
 */
export function evaluateTargets(inputs: TargetInputs): TargetResult[] {
  const byId = new Map(inputs.contenders.map((contender) => [contender.id, contender]));
  const rows: TargetResult[] = [];
  for (const summary of inputs.summaries) {
    const floor = summary.contenders.find((entry) => byId.get(entry.contenderId)?.group === 'floor');
    if (floor === undefined) continue;
    // The floor's time relative to the core, inverted: how many floors the core costs.
    const coreVsFloor = 1 / floor.timeVsCore.median;
    // In every run, not just the median: the run where the floor was fastest against the core.
    const worstRun = 1 / floor.timeVsCore.min;
    rows.push({
      target: `Workload ${summary.id}: core within ${FLOOR_TARGET}× of the spine-copy floor in every run`,
      measured: `core = ${formatTimes(coreVsFloor)} the floor (runs: ${formatTimes(1 / floor.timeVsCore.max)}–${formatTimes(worstRun)})`,
      status: worstRun <= FLOOR_TARGET ? 'met' : 'missed',
    });
  }
  const workload1 = inputs.summaries.find((summary) => summary.id === 1);
  if (workload1 !== undefined) {
    const immutable = workload1.contenders.filter((entry) => byId.get(entry.contenderId)?.group === 'immutable');
    const slowest = Math.min(...immutable.map((entry) => entry.timeVsCore.median));
    rows.push({
      target: 'Workload 1: ≥ 5× the throughput of every immutable same-semantics contender',
      measured: immutable
        .map((entry) => `${byId.get(entry.contenderId)!.label}: ${formatTimes(entry.timeVsCore.median)}`)
        .join('; '),
      status: immutable.length > 0 && slowest >= 5 ? 'met' : 'missed',
    });
    const raw = workload1.contenders.find((entry) => byId.get(entry.contenderId)?.group === 'mutating');
    if (raw !== undefined) {
      rows.push({
        target: "Workload 1 (stretch): match json-merge-patch's mutating apply while staying immutable",
        measured: `core takes ${formatTimes(1 / raw.timeVsCore.median)} the time of the raw mutating apply`,
        status: raw.timeVsCore.median >= 1 ? 'met' : 'missed',
      });
    }
  }
  const workload2 = inputs.summaries.find((summary) => summary.id === 2);
  if (workload2 !== undefined) {
    const cloneBased = workload2.contenders.filter((entry) => byId.get(entry.contenderId)?.cloneBased === true);
    const slowest = Math.min(...cloneBased.map((entry) => entry.timeVsCore.median));
    rows.push({
      target: 'Workload 2: ≥ 1,000× the clone-based contenders (cost follows the patch)',
      measured: cloneBased
        .map((entry) => `${byId.get(entry.contenderId)!.label}: ${formatTimes(entry.timeVsCore.median)}`)
        .join('; '),
      status: cloneBased.length > 0 && slowest >= 1000 ? 'met' : 'missed',
    });
  }
  rows.push({
    target: `The two reducers alone: ≤ ${inputs.reducersBudgetBytes} B minified + gzipped`,
    measured: `${inputs.reducersGzipBytes} B`,
    status: inputs.reducersGzipBytes <= inputs.reducersBudgetBytes ? 'met' : 'missed',
  });
  if (inputs.optimisticGzipBytes !== undefined && inputs.optimisticAimBytes !== undefined) {
    rows.push({
      target: `optimistic + core (createOptimisticMetadataStore): ≤ ${inputs.optimisticAimBytes.toLocaleString('en-US')} B minified + gzipped (the aim)`,
      measured: `${inputs.optimisticGzipBytes.toLocaleString('en-US')} B`,
      status: inputs.optimisticGzipBytes <= inputs.optimisticAimBytes ? 'met' : 'missed',
    });
  }
  for (const entry of inputs.listPages ?? []) {
    rows.push({
      target: `${LIST_PAGE_TARGET} (${entry.store})`,
      measured: `slowest page's median: ${entry.slowestMs.toFixed(2)} ms`,
      status: entry.slowestMs < 1 ? 'met' : 'missed',
    });
  }
  const server = inputs.serverThroughputRatios;
  if (server === undefined || server.length === 0) {
    rows.push({ target: SERVER_TARGET, measured: 'not measured', status: 'not measured' });
  }
  for (const entry of server ?? []) {
    const target = entry.target ?? SERVER_TARGET_RATIO;
    rows.push({
      target: serverTargetName(entry.store, target),
      measured: formatTimes(entry.ratio),
      status: entry.ratio >= target ? 'met' : 'missed',
    });
  }
  return rows;
}
