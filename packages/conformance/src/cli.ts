#!/usr/bin/env node
// The metadata-conformance command. All logic is in runConformanceCli, so tests can run it in process.
import { runConformanceCli } from './runConformanceCli.js';

const controller = new AbortController();
process.once('SIGINT', () => {
  // Finish the current case and clean up; a second Ctrl-C kills the process.
  process.stderr.write('metadata-conformance: interrupted, cleaning up\n');
  controller.abort();
});

process.exitCode = await runConformanceCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  signal: controller.signal,
});
