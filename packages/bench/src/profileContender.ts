import { bundleForNode } from './bundleForNode.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  positionTicks?: { line: number; ticks: number }[];
}

/** Where one contender's time goes on one workload, from V8's CPU profiler. */
export interface ContenderProfile {
  readonly workloadId: number;
  readonly contenderId: string;
  readonly nsPerCall: number;
  /** Self time by function, largest first, as a share of all samples. */
  readonly functions: readonly { readonly name: string; readonly share: number }[];
  /** Self time by line of the unminified bundle (inlined builtins such as spread or `delete` land on their line). */
  readonly lines: readonly { readonly source: string; readonly share: number }[];
  /** The .cpuprofile file, when kept. */
  readonly file?: string;
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const TARGET_FILE = 'profileTarget.mjs';

/**
 * Runs one contender on one workload in a loop under V8's CPU profiler (the
 * loop only, not the workload's setup), from an unminified esbuild bundle so
 * functions keep their names, and summarises the profile by function and by
 * source line (self time).
 *
 * @param workloadId - the workload number
 * @param contenderId - the contender id; empty for the workload's core
 * @param seconds - how long to loop
 * @param keep - keep the .cpuprofile file (for Chrome DevTools) instead of deleting it
 * @returns the summary
 */
export async function profileContender(
  workloadId: number,
  contenderId: string,
  seconds: number,
  keep = false,
): Promise<ContenderProfile> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'metadata-profile-'));
  try {
    const bundle = path.join(directory, TARGET_FILE);
    await bundleForNode(path.join(packageDir, 'src/profileTarget.ts'), bundle);
    const file = path.join(directory, `workload${workloadId}-${contenderId || 'core'}.cpuprofile`);
    const output = execFileSync(process.execPath, [bundle, String(workloadId), contenderId, String(seconds), file], {
      encoding: 'utf8',
    });
    const { contender, nsPerCall } = JSON.parse(output) as { contender: string; nsPerCall: number };
    const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
    const total = profile.samples.length;
    const hits = new Map<number, number>();
    for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
    const byFunction = new Map<string, number>();
    const byLine = new Map<number, number>();
    for (const node of profile.nodes) {
      const { functionName, url } = node.callFrame;
      const name = url.endsWith(TARGET_FILE) || url === '' ? functionName || '(anonymous)' : `${functionName || '(anonymous)'} (${path.basename(url)})`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + (hits.get(node.id) ?? 0));
      if (!url.endsWith(TARGET_FILE)) continue;
      for (const tick of node.positionTicks ?? []) byLine.set(tick.line, (byLine.get(tick.line) ?? 0) + tick.ticks);
    }
    const sourceLines = readFileSync(bundle, 'utf8').split('\n');
    return {
      workloadId,
      contenderId: contender,
      nsPerCall,
      functions: [...byFunction]
        .map(([name, count]) => ({ name, share: count / total }))
        .sort((a, b) => b.share - a.share)
        .slice(0, 12),
      lines: [...byLine]
        .map(([line, count]) => ({ source: (sourceLines[line - 1] ?? '').trim(), share: count / total }))
        .sort((a, b) => b.share - a.share)
        .slice(0, 10),
      ...(keep ? { file } : {}),
    };
  } finally {
    if (!keep) rmSync(directory, { recursive: true, force: true });
  }
}
