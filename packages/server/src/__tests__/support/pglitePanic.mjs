// Loaded into a command-line server under test (node --import): makes the embedded database fail as PGlite does
// on a full disk once the file METADATA_TEST_PANIC_WHEN exists: the next batch statement fails with a PANIC,
// and every statement after it spins the thread for good, as PGlite's next query after a PANIC does. Plain
// JavaScript: it loads before tsx.
import { existsSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const trigger = process.env.METADATA_TEST_PANIC_WHEN;
const query = PGlite.prototype.query;
let panicked = false;

PGlite.prototype.query = async function queryUntilPanic(text, params, options) {
  if (panicked) for (;;);
  if (trigger !== undefined && text.includes('json_to_recordset') && existsSync(trigger)) {
    panicked = true;
    throw Object.assign(new Error('could not write to file "pg_wal/xlogtemp.42": No space left on device'), { severity: 'PANIC', code: '53100' });
  }
  return query.call(this, text, params, options);
};
