import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { toReport, type ConformanceResult } from './conformanceReport.js';
import { loadConformanceCases } from './loadConformanceCases.js';
import { runHttpConformance, type HttpConformanceReport, type HttpFrontendOptions } from './runHttpConformance.js';

/**
 * Where {@link runConformanceCli} writes.
 *
 * @public
 */
export interface ConformanceCliIo {
  /** One line of results (a failing case, the final count). */
  readonly out: (line: string) => void;
  /** One line of diagnostics (usage, warnings). */
  readonly err: (line: string) => void;
  /** Environment variables; `CLERK_SECRET_KEY` is read when `--secret-key` is not given. */
  readonly env: { readonly [name: string]: string | undefined };
  /** The fetch to use; default the global `fetch`. */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Interrupts the run (Ctrl-C): the rest of the cases are skipped and cleanup still happens. */
  readonly signal?: AbortSignal;
}

const usage = `Usage: metadata-conformance --base-url <url> [--secret-key <key>] [options]

Runs the metadata-semantics conformance vectors against a Clerk-compatible
Backend API. It creates its own user (and organization and membership), touches
nothing else, and deletes what it created at the end.

Options:
  --base-url <url>           the API origin before /v1, e.g. http://127.0.0.1:8787 (required)
  --secret-key <key>         the secret key (default: the CLERK_SECRET_KEY environment variable)
  --filter <id-or-topic>     run only these cases (repeatable), e.g. --filter merge --filter limits/depth-65-rejected
  --json <file>              also write a machine-readable report to <file>
  --frontend-header <h>      enables the frontend cases: a header "Name: value" that signs a request
                             in as the test user, {user_id} replaced by its id (repeatable)
  --frontend-url <url>       where PATCH /v1/me/metadata is served (default: --base-url)
  --skip-choices             leave out the cases whose rule is this library's choice (source "choice")
  --ignore-error-codes       check only the status of expected errors, not their codes (for servers,
                             such as Clerk itself, with codes of their own)
  --list                     print the case ids and exit
  --help                     print this help
  --version                  print the version

Prints one line per failing case and a final line "N passed, N failed" (", N skipped" when
cases could not run); exits 1 when a case fails or none passed, 2 on a usage error.
When it cannot create what it needs (server down, wrong key), it stops, says why once
and counts no case that did not run; exits 1.`;

function frontendOptions(headers: readonly string[], url: string | undefined): HttpFrontendOptions | string | undefined {
  if (headers.length === 0) return url === undefined ? undefined : '--frontend-url needs --frontend-header';
  const parsed: Array<[string, string]> = [];
  for (const header of headers) {
    const colon = header.indexOf(':');
    if (colon <= 0) return `--frontend-header must look like "Name: value", got ${JSON.stringify(header)}`;
    parsed.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
  }
  return {
    ...(url === undefined ? {} : { baseUrl: url }),
    headers: (userId) => Object.fromEntries(parsed.map(([name, value]) => [name, value.split('{user_id}').join(userId)])),
  };
}

/** A case the run never reached because it stopped (see HttpConformanceReport.fatal). */
const notRun = (result: ConformanceResult): boolean => result.outcome === 'failed' && (result.message ?? '').startsWith('not run:');

/** The end of a run: skip reasons, cleanup warnings, the count of the cases that ran, and why it stopped. */
function summarise(report: HttpConformanceReport, io: ConformanceCliIo): number {
  const ran = toReport(report.results.filter((result) => !notRun(result)));
  // A run that stopped before any case ran has nothing to count: the reason is the whole story.
  const counting = report.fatal === undefined || ran.passed + ran.failed > 0;
  const skipReasons = new Map<string, number>();
  for (const result of ran.results) {
    if (result.outcome === 'skipped') skipReasons.set(result.message ?? '', (skipReasons.get(result.message ?? '') ?? 0) + 1);
  }
  if (counting) for (const [reason, count] of skipReasons) io.err(`skipped ${count}: ${reason}`);
  for (const problemText of report.cleanupProblems) io.err(`warning: could not delete ${problemText}`);
  if (counting) {
    if (ran.passed === 0 && ran.failed === 0) io.err('metadata-conformance: no case ran');
    io.out(`${ran.passed} passed, ${ran.failed} failed${ran.skipped > 0 ? `, ${ran.skipped} skipped` : ''}`);
  }
  if (report.fatal === undefined) return ran.failed === 0 && ran.passed > 0 ? 0 : 1;
  const notRunCount = report.results.length - ran.results.length;
  io.err(`metadata-conformance: ${counting ? `stopped, ${notRunCount} cases not run` : 'stopped before any case ran'}: ${report.fatal}`);
  return 1;
}

function usageProblem(
  baseUrl: string | undefined,
  secretKey: string | undefined,
  frontend: HttpFrontendOptions | string | undefined,
): string | undefined {
  if (baseUrl === undefined || !/^https?:\/\//.test(baseUrl)) return '--base-url <http(s) url> is required';
  if (/\/v1\/?$/.test(baseUrl)) return '--base-url is the origin before /v1 (e.g. https://api.clerk.com), not the /v1 URL';
  if (secretKey === undefined || secretKey === '') return '--secret-key <key> (or CLERK_SECRET_KEY) is required';
  return typeof frontend === 'string' ? frontend : undefined;
}

/**
 * The `metadata-conformance` command: runs the vectors over HTTP with
 * {@link runHttpConformance} and reports like a test runner.
 *
 * @param args - the command-line arguments, without `node` and the script
 * @param io - where to write, the environment, and optionally a fetch and an abort signal
 * @returns the exit code: 0 when every case that ran passed (and at least one did), 1 otherwise, 2 on a usage error
 *
 * @remarks
 * Prints `FAIL <id>: <reason>` per failing case and the final line
 * `N passed, N failed` (with `, N skipped` when some cases could not run), and
 * warnings about resources it could not delete to `io.err`. A run that stops
 * (see {@link HttpConformanceReport.fatal}) prints its reason once to
 * `io.err` and counts only the cases that ran (no count line when none did);
 * it returns 1. The secret key is never printed or written to the JSON report.
 *
 * @public
 */
export async function runConformanceCli(args: readonly string[], io: ConformanceCliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'base-url': { type: 'string' },
        'secret-key': { type: 'string' },
        filter: { type: 'string', multiple: true },
        json: { type: 'string' },
        'frontend-header': { type: 'string', multiple: true },
        'frontend-url': { type: 'string' },
        'skip-choices': { type: 'boolean' },
        'ignore-error-codes': { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`metadata-conformance: ${(error as Error).message}`);
    io.err(usage);
    return 2;
  }
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  if (values.version === true) {
    // Read when asked, from the package's own package.json (src/ and dist/ sit beside it).
    const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
    io.out(version);
    return 0;
  }
  let cases;
  try {
    cases = loadConformanceCases(values.filter === undefined ? {} : { filter: values.filter });
    if (values['skip-choices'] === true) cases = cases.filter((testCase) => testCase.source !== 'choice');
  } catch (error) {
    io.err(`metadata-conformance: ${(error as Error).message}`);
    return 2;
  }
  if (values.list === true) {
    for (const testCase of cases) io.out(`${testCase.id}  ${testCase.description}`);
    return 0;
  }
  const baseUrl = values['base-url'];
  const secretKey = values['secret-key'] ?? io.env['CLERK_SECRET_KEY'];
  const frontend = frontendOptions(values['frontend-header'] ?? [], values['frontend-url']);
  const problem = usageProblem(baseUrl, secretKey, frontend);
  if (problem !== undefined) {
    io.err(`metadata-conformance: ${problem}`);
    io.err(usage);
    return 2;
  }
  const report = await runHttpConformance({
    baseUrl: baseUrl!,
    secretKey: secretKey!,
    cases,
    ...(frontend === undefined ? {} : { frontend: frontend as HttpFrontendOptions }),
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    ignoreErrorCodes: values['ignore-error-codes'] === true,
    onResult: (result) => {
      // Cases that never ran because the run stopped are not cases that failed: the reason is said once, at the end.
      if (result.outcome === 'failed' && !notRun(result)) io.out(`FAIL ${result.id}: ${result.message ?? ''}`);
    },
  });
  if (values.json !== undefined) {
    writeFileSync(values.json, `${JSON.stringify({ baseUrl, ...report }, null, 2)}\n`);
  }
  return summarise(report, io);
}
