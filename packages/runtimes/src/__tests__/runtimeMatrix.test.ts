// The runtime matrix: the handler with a memory store, bundled and served by each runtime's own
// server API, passes the HTTP conformance suite run by its CLI (as .ci/run runs it against the
// command-line server). A `node:` import reaching the handler's entry fails every leg but Node's
// at the bundle step (platform `neutral`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformanceCli } from '@metadata-semantics/conformance';
import { afterAll, describe, expect, test } from 'vitest';
import { bundleModule } from '../bundleModule.js';
import { settingsAsVariables } from '../conformanceHandler.js';
import { runtimes } from '../runtimes.js';
import type { RunningServer } from '../startServerProcess.js';

const scratch = mkdtempSync(join(tmpdir(), 'metadata-semantics-runtimes-'));
const settings = { secretKey: `sk_test_matrix_${crypto.randomUUID()}`, frontendUserHeader: 'X-Test-User' };

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the handler passes the HTTP conformance suite on every runtime', () => {
  test.each(runtimes.map((runtime) => [`${runtime.name}, ${runtime.serverApi}`, runtime] as const))('%s', async (_name, runtime) => {
    // Arrange: bundle the runtime's server entry and start it
    const bundle = await bundleModule({ path: fileURLToPath(new URL(`../serve/${runtime.entry}`, import.meta.url)) }, runtime.platform);
    const bundlePath = join(scratch, runtime.entry.replace(/\.ts$/, '.mjs'));
    writeFileSync(bundlePath, bundle.code);
    const server: RunningServer = await runtime.start(bundlePath, settingsAsVariables(settings));
    const lines: string[] = [];

    // Act: the conformance CLI, with the arguments .ci/run gives it
    let exitCode: number;
    try {
      exitCode = await runConformanceCli(
        ['--base-url', server.url, '--frontend-header', `${settings.frontendUserHeader}: {user_id}`],
        { out: (line) => lines.push(line), err: (line) => lines.push(line), env: { CLERK_SECRET_KEY: settings.secretKey } },
      );
    } finally {
      await server.stop();
    }

    // Assert: no case failed, none was skipped but those no HTTP server can run, and cleanup worked
    const problems = lines.filter(
      (line) => line.startsWith('FAIL') || line.startsWith('warning') || (line.startsWith('skipped') && !line.includes(': cannot run over HTTP:')),
    );
    expect({ exitCode, problems, summary: lines.at(-1) }).toEqual({
      exitCode: 0,
      problems: [],
      summary: expect.stringMatching(/^[1-9]\d* passed, 0 failed\b/),
    });
  });
});
