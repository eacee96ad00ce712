// `pnpm --filter @metadata-semantics/bench exec tsx --conditions=@metadata-semantics/source src/explainLists.ts
// --keep-postgres /work/tmp/pg1m --users 1000000 [--path '/v1/users?query=grace999991' …]`: starts the PostgreSQL server
// kept by `bench:lists -- --keep-postgres` (its table seeded), sends each list request of the bench (or the paths
// given) through the handler over postgresStore, and prints `EXPLAIN (ANALYZE, BUFFERS)` of every SELECT it sent:
// where a request's time goes, in pages read rather than milliseconds a loaded machine blurs.
import { parseArgs } from 'node:util';
import { createMetadataHandler, postgresStore } from '@metadata-semantics/server';
import pg from 'pg';
import { listRequestsFor } from './measureListLatency.js';
import { startPostgres } from './startPostgres.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { 'keep-postgres': { type: 'string' }, users: { type: 'string', default: '1000000' }, path: { type: 'string', multiple: true, default: [] }, 'no-list-indexes': { type: 'boolean', default: false }, repeats: { type: 'string', default: '9' } },
});
if (values['keep-postgres'] === undefined) throw new Error('--keep-postgres <folder> (a folder bench:lists seeded) is required');
const server = await startPostgres({ fsync: 'off', shared_buffers: '512MB' }, values['keep-postgres']);
const pool = new pg.Pool({ connectionString: server.url, max: 4 });
try {
  const sent: { text: string; params: unknown[] }[] = [];
  const store = postgresStore({ query: (text: string, params?: unknown[]) => (sent.push({ text, params: params ?? [] }), pool.query(text, params) as never) }, { listIndexes: !values['no-list-indexes'] });
  await store.migrate();
  const handler = createMetadataHandler({ secretKey: 'sk_test_explain', store });
  const paths = values.path.length > 0 ? values.path : listRequestsFor(Number(values.users)).map((request) => request.path);
  const request = async (path: string): Promise<{ status: number; ms: number }> => {
    const started = performance.now();
    const response = await handler(new Request(`http://localhost${path}`, { headers: { authorization: 'Bearer sk_test_explain' } }));
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };
  for (const path of paths) {
    // The request's median of 9 (after a warm-up), and each statement it sent: where the time outside them goes.
    await request(path);
    const repeats = Number(values.repeats);
    const times = await Array.from({ length: repeats }).reduce<Promise<number[]>>(async (done) => [...(await done), (await request(path)).ms], Promise.resolve([]));
    sent.length = 0;
    const response = await request(path);
    const perStatement = [];
    for (const statement of [...sent]) {
      const samples: number[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        const started = performance.now();
        await pool.query(statement.text, statement.params);
        samples.push(performance.now() - started);
      }
      perStatement.push(`${samples.sort((a, b) => a - b)[Math.floor(repeats / 2)]!.toFixed(2)} ms: ${statement.text.slice(0, 60).replace(/\s+/g, ' ')}`);
    }
    process.stdout.write(`\n## ${path}: median ${times.sort((a, b) => a - b)[Math.floor(repeats / 2)]!.toFixed(2)} ms; statements alone:\n${perStatement.join('\n')}\n`);
    for (const statement of sent.filter((each) => /^\s*(WITH|SELECT)/.test(each.text) && !each.text.includes('pg_class'))) {
      const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.params);
      process.stdout.write(`\n### ${path} (${response.status})\n${statement.text}\n${JSON.stringify(statement.params)}\n${rows.map((row) => row['QUERY PLAN']).join('\n')}\n`);
    }
  }
} finally {
  await pool.end();
  await server.stop();
}
