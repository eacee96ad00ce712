// `pnpm --filter @metadata-semantics/bench bench:commits -- --old <commit> [--new <commit>]`: the served memory
// store's PATCH throughput of two commits of the server, measured interleaved in one run. Each commit's server
// and core sources are taken with `git archive` into a temporary folder and bundled with this package's
// benchmark server (serveForBenchmark.ts), so only the server differs; the servers then take turns under the
// same load, round after round, beside a bare node:http server, and each ratio is taken within its round (a slow
// spell of the machine slows both). Writes its section of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { startServer, type Load, type LoadOptions, type RunningServer } from './benchServer.js';
import { COMMITS_END, COMMITS_START, renderCommitComparison, type CommitComparison } from './renderCommitComparison.js';
import { createWorkloads } from './createWorkloads.js';
import { writeReportSection } from './writeReportSection.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repositoryDir = path.resolve(packageDir, '../..');

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

function log(message: string): void {
  process.stderr.write(`[bench:commits] ${message}\n`);
}

const git = (...args: string[]): string => execFileSync('git', args, { cwd: repositoryDir, encoding: 'utf8' }).trim();

/** The server's and core's sources at a commit, in a new folder: `<folder>/packages/{server,core}/src`. */
function sourcesAt(commit: string, into: string): string {
  mkdirSync(into, { recursive: true });
  const archive = execFileSync('git', ['archive', commit, 'packages/server/src', 'packages/core/src'], { cwd: repositoryDir, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', into], { input: archive });
  return into;
}

/** Resolves the workspace packages the benchmark server imports to one commit's sources. */
function sourcesOf(folder: string): Plugin {
  const entries: Record<string, string> = {
    '@metadata-semantics/server': 'packages/server/src/index.ts',
    '@metadata-semantics/server/node': 'packages/server/src/node.ts',
    '@metadata-semantics/core': 'packages/core/src/index.ts',
  };
  return {
    name: 'commit-sources',
    setup(builder) {
      builder.onResolve({ filter: /^@metadata-semantics\/(server|core)(\/node)?$/ }, (args) => ({ path: path.join(folder, entries[args.path]!) }));
    },
  };
}

/** The benchmark server bundled over one commit's sources, as measureServerThroughput bundles it. */
async function bundleAt(folder: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(packageDir, 'src/serveForBenchmark.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['@electric-sql/pglite'],
    plugins: [sourcesOf(folder)],
    logLevel: 'warning',
  });
  return outfile;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const oldCommit = option('old');
if (oldCommit === undefined) throw new Error('usage: bench:commits --old <commit> [--new <commit>] [--rounds 7] [--seconds 3]');
const newCommit = option('new') ?? 'HEAD';
const rounds = Number(option('rounds') ?? 7);
const load: LoadOptions = { seconds: Number(option('seconds') ?? 3), warmupSeconds: 1, connections: 64 };
const commits = { old: git('rev-parse', '--short', oldCommit), new: git('rev-parse', '--short', newCommit) };

const temporary = mkdtempSync(path.join(os.tmpdir(), 'metadata-bench-commits-'));
// The bundles go beside this package's node_modules, where the benchmark server's own imports resolve.
const bundles = path.join(packageDir, 'temp/commits');
mkdirSync(bundles, { recursive: true });
const running: RunningServer[] = [];
try {
  const body = JSON.stringify({ public_metadata: createWorkloads()[0]!.patch });
  const oldScript = await bundleAt(sourcesAt(commits.old, path.join(temporary, 'old')), path.join(bundles, 'old.mjs'));
  const newScript = await bundleAt(sourcesAt(commits.new, path.join(temporary, 'new')), path.join(bundles, 'new.mjs'));
  // The bare server is the same in both bundles (it does not use the server package).
  const servers = {
    bare: await startServer(newScript, ['bare'], body),
    old: await startServer(oldScript, ['memory'], body),
    new: await startServer(newScript, ['memory'], body),
    wrapped: await startServer(newScript, ['memory-fetch'], body),
  };
  running.push(...Object.values(servers));
  const loads: Record<keyof typeof servers, Load[]> = { bare: [], old: [], new: [], wrapped: [] };
  for (let round = 0; round < rounds; round++) {
    // Old and new swap places every round, so neither always follows the other.
    const order: (keyof typeof servers)[] = round % 2 === 0 ? ['bare', 'old', 'new', 'wrapped'] : ['bare', 'new', 'old', 'wrapped'];
    for (const name of order) loads[name].push(await servers[name].load(load, 'patch'));
    const last = (name: keyof typeof servers): number => loads[name][round]!.requestsPerSecond;
    log(`round ${round + 1}/${rounds}: bare ${last('bare').toFixed(0)}, old ${last('old').toFixed(0)}, new ${last('new').toFixed(0)}, wrapped ${last('wrapped').toFixed(0)} requests/s`);
  }
  const ratios = (name: keyof typeof servers, base: keyof typeof servers): number[] =>
    loads[name].map((measured, round) => measured.requestsPerSecond / loads[base][round]!.requestsPerSecond);
  const summary = (name: keyof typeof servers) => ({
    requestsPerSecond: median(loads[name].map((measured) => measured.requestsPerSecond)),
    cpuMicrosPerRequest: median(loads[name].map((measured) => measured.cpuMicrosPerRequest)),
    vsBare: median(ratios(name, 'bare')),
  });
  const newVsOld = ratios('new', 'old');
  const comparison: CommitComparison = {
    commits,
    rounds,
    load,
    bare: summary('bare'),
    old: summary('old'),
    new: summary('new'),
    wrapped: summary('wrapped'),
    newVsOld: { median: median(newVsOld), min: Math.min(...newVsOld), max: Math.max(...newVsOld) },
    wrappedVsNew: median(ratios('wrapped', 'new')),
    loadAverage: os.loadavg()[0]!,
    cpus: os.cpus().length,
  };
  log(`new / old: median ${comparison.newVsOld.median.toFixed(3)} (range ${comparison.newVsOld.min.toFixed(3)}–${comparison.newVsOld.max.toFixed(3)})`);
  if (!process.argv.includes('--no-write')) {
    writeReportSection(path.resolve(repositoryDir, 'docs/benchmarks.md'), COMMITS_START, COMMITS_END, renderCommitComparison(comparison).join('\n'));
    log('wrote its section of docs/benchmarks.md');
  }
} finally {
  await Promise.all(running.map((server) => server.stop()));
  rmSync(temporary, { recursive: true, force: true });
}
