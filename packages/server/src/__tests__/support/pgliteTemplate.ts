// A new PGlite database made once per test run (the server project's global setup) and loaded by each test file
// that needs an empty PGlite (in memory, or a folder a test prepares): loading its files takes a fraction of a second, where a new database
// (initdb in WebAssembly) takes seconds of CPU. The same database a new PGlite makes; only the first start
// itself is skipped, which these files do not test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/** The environment variable naming the template's files (a tarball from `dumpDataDir`). */
const TEMPLATE_VARIABLE = 'METADATA_SEMANTICS_TEST_PGLITE';

/** Makes the template and names it in this process's environment (which the test workers inherit). */
export async function setup(): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'metadata-pglite-template-'));
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const file = join(folder, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_VARIABLE] = file;
  return () => rmSync(folder, { recursive: true, force: true });
}

/**
 * An empty PGlite with `options`, in memory or in the new folder `dataDir`: from the run's template when there is
 * one, else made anew.
 */
export function newPglite(options: PGliteOptions = {}, dataDir?: string): Promise<PGlite> {
  const template = process.env[TEMPLATE_VARIABLE];
  const loaded = template ? { ...options, loadDataDir: new Blob([readFileSync(template)]) } : options;
  return dataDir === undefined ? PGlite.create(loaded) : PGlite.create(dataDir, loaded);
}
