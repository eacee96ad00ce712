import { measure } from 'mitata';
import { contendersFor } from './contenders.js';
import { createWorkloads } from './createWorkloads.js';

/** The timing of one contender on one workload in one pass. */
export interface Timing {
  readonly contenderId: string;
  /** Median nanoseconds per call. */
  readonly nsPerCall: number;
  /** Calls measured. */
  readonly calls: number;
}

/** Every timing of one pass (one process), by workload id. */
export interface PassResult {
  readonly pass: number;
  readonly workloads: readonly { readonly id: number; readonly timings: readonly Timing[] }[];
}

/** Options of one pass. */
export interface PassOptions {
  readonly pass: number;
  readonly seed: number;
  /** Minimum CPU time spent measuring each contender, in milliseconds. */
  readonly minCpuMs: number;
  /** Only these workload ids (all when omitted). */
  readonly workloadIds?: readonly number[];
}

declare const gc: (() => void) | undefined;

/**
 * Times every contender on every workload, in this process. The contender
 * order rotates with the pass number so drift does not favour one position.
 *
 * @param options - the pass number, seed and time budget
 * @returns the median time per call of each contender
 */
export async function runBenchmarkPass(options: PassOptions): Promise<PassResult> {
  const workloads = createWorkloads(options.seed).filter(
    (workload) => options.workloadIds === undefined || options.workloadIds.includes(workload.id),
  );
  const results: { id: number; timings: Timing[] }[] = [];
  for (const workload of workloads) {
    const entries = contendersFor(workload.kind);
    const rotation = options.pass % entries.length;
    const ordered = [...entries.slice(rotation), ...entries.slice(0, rotation)];
    const timings: Timing[] = [];
    for (const contender of ordered) {
      const call = contender.prepare(workload.target, workload.patch);
      if (typeof gc === 'function') gc();
      const stats = await measure(call, { min_cpu_time: options.minCpuMs * 1e6, min_samples: 8 });
      timings.push({ contenderId: contender.id, nsPerCall: stats.p50, calls: stats.ticks });
    }
    results.push({ id: workload.id, timings });
  }
  return { pass: options.pass, workloads: results };
}
