import type { PassResult } from './runBenchmarkPass.js';

/** A ratio over several passes: its median and its run-to-run spread. */
export interface RatioSpread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One contender on one workload, over every pass. */
export interface ContenderSummary {
  readonly contenderId: string;
  /** Median over passes of the median nanoseconds per call. */
  readonly nsPerCall: number;
  /** Its time divided by the core's time in the same pass: above 1 is slower than the core. */
  readonly timeVsCore: RatioSpread;
}

/** One workload over every pass. */
export interface WorkloadSummary {
  readonly id: number;
  readonly coreId: string;
  readonly contenders: readonly ContenderSummary[];
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Turns the timings of several passes into ratios to the core: each ratio is
 * computed within one pass (one process), then summarised across passes.
 *
 * @param passes - at least one pass, each timing the same workloads and contenders
 * @param coreIds - the contender ids that are the core (one per workload kind)
 * @returns one summary per workload, contenders in the first pass's workload order sorted by time
 */
export function summarizePasses(passes: readonly PassResult[], coreIds: readonly string[]): WorkloadSummary[] {
  const first = passes[0];
  if (first === undefined) throw new RangeError('no passes to summarise');
  return first.workloads.map((workload) => {
    const coreId = workload.timings.find((timing) => coreIds.includes(timing.contenderId))?.contenderId;
    if (coreId === undefined) throw new RangeError(`workload ${workload.id} has no core timing`);
    const perPass = passes.map((pass) => {
      const timings = pass.workloads.find((candidate) => candidate.id === workload.id)?.timings ?? [];
      const core = timings.find((timing) => timing.contenderId === coreId)!.nsPerCall;
      return { timings, core };
    });
    const contenders = workload.timings.map(({ contenderId }) => {
      const times: number[] = [];
      const ratios: number[] = [];
      for (const { timings, core } of perPass) {
        const timing = timings.find((candidate) => candidate.contenderId === contenderId);
        if (timing === undefined) continue;
        times.push(timing.nsPerCall);
        ratios.push(timing.nsPerCall / core);
      }
      return {
        contenderId,
        nsPerCall: median(times),
        timeVsCore: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
      };
    });
    contenders.sort((a, b) => a.timeVsCore.median - b.timeVsCore.median);
    return { id: workload.id, coreId, contenders };
  });
}
