import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exclusivePostgresStore } from '../index.js';
import { runCli } from './support/cli.js';
import { newPglite } from './support/pgliteTemplate.js';

// The command-line server keeps PGlite's whole table in memory: on a table larger than its heap allows, it
// refuses to start with a start-up error that names the size and the alternative, instead of crashing with
// V8's out-of-memory. Its heap is lowered to 64 MiB here, so that a small folder is too large.
const root = mkdtempSync(join(tmpdir(), 'metadata-cli-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const USERS = 12_000;
/** Metadata of 10,000 characters each (115 MiB in all), which PostgreSQL compresses: quick to write, large to read. */
const METADATA = ['{"public_metadata":{"note":"', 'x'.repeat(10_000), '"},"private_metadata":{},"unsafe_metadata":{}}'];
const ATTRIBUTES = '{}';
const JSON_MIB = Math.ceil((USERS * (ATTRIBUTES.length + METADATA.join('').length)) / 2 ** 20);

/** A data folder whose table (the store's own, made by its migration) holds USERS users, written in one statement. */
async function folderWithLargeTable(name: string): Promise<string> {
  const folder = join(root, name);
  const db = await newPglite({}, folder);
  try {
    await exclusivePostgresStore(db).migrate();
    await db.query(
      `INSERT INTO metadata_semantics_resources (kind, key, attributes, metadata, created_at, updated_at, version)
       SELECT 'user', 'user_' || i, $1, $2 || repeat('x', $3) || $4, 1700000000000 + i, 1700000000000 + i, 1
       FROM generate_series(1, $5::int) AS i`,
      [ATTRIBUTES, METADATA[0], METADATA[1]!.length, METADATA[2], USERS],
    );
  } finally {
    await db.close();
  }
  return folder;
}

describe('metadata-semantics-server on a table larger than its memory', () => {
  it('refuses to start, exit code 1, naming the rows, the bytes and STORE=postgres: no out-of-memory crash', async () => {
    // Arrange
    const folder = await folderWithLargeTable('large');
    const filesBefore = readdirSync(folder).sort();

    // Act
    const run = await runCli(
      { STORE: 'pglite', DATA_DIR: folder, PORT: '0', SECRET_KEY: 'sk_test_memory_limit', NODE_OPTIONS: '--max-old-space-size=64' },
      [],
      { timeoutMs: 90_000 },
    );

    // Assert
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^metadata-semantics-server: DATA_DIR=${folder}: the database holds 12,000 resources with ${JSON_MIB} MiB of JSON`));
    expect(lines[0]).toContain('STORE=postgres');
    expect(lines[0]).toContain('postgresStore');
    expect(run.stdout).not.toContain('listening on');
    expect(readdirSync(folder).sort()).toEqual(filesBefore);
  }, 120_000);
});
