import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, stopCli } from './support/cli.js';

// Data in and out of the command-line server: `--seed` fills an empty store, `export` writes every resource in
// the same format, `reset` empties a PGlite data folder; export, seed into a fresh folder and export again give
// the same file, ids, timestamps and versions included.
const root = mkdtempSync(join(tmpdir(), 'metadata-cli-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const key = 'sk_test_data';

async function call(url: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(response.status, `${method} ${path}`).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('seed, export, reset', () => {
  it('export → seed into a fresh folder → export gives an identical file; a store holding data is not seeded again; export and reset are refused while a server holds the folder; reset empties it', async () => {
    // Arrange: a store written through the API (a metadata change, so a version above 1).
    const first = join(root, 'first');
    const second = join(root, 'second');
    const env = { STORE: 'pglite', PORT: '0', SECRET_KEY: key };
    const a = await startCli({ ...env, DATA_DIR: first });
    let busyExport;
    try {
      const user = await call(a.url, 'POST', '/v1/users', { first_name: 'Ada', public_metadata: { role: 'admin' } });
      await call(a.url, 'PATCH', `/v1/users/${user['id'] as string}/metadata`, { private_metadata: { plan: 'pro', seats: 3 } });
      await call(a.url, 'POST', '/v1/users', { first_name: 'Grace', unsafe_metadata: { theme: 'dark' } });
      const organization = await call(a.url, 'POST', '/v1/organizations', { name: 'Acme', slug: 'acme', public_metadata: { tier: 1 } });
      await call(a.url, 'POST', `/v1/organizations/${organization['id'] as string}/memberships`, { user_id: user['id'], role: 'org:admin' });
      busyExport = await runCli({ ...env, DATA_DIR: first }, ['export']);
    } finally {
      expect(await stopCli(a)).toBe(0);
    }

    // Act
    const exported = await runCli({ ...env, DATA_DIR: first }, ['export']);
    const seedFile = join(root, 'data.json');
    writeFileSync(seedFile, exported.stdout);
    const b = await startCli({ ...env, DATA_DIR: second }, 45_000, { args: ['--seed', seedFile] });
    let busyReset;
    try {
      busyReset = await runCli({ ...env, DATA_DIR: second }, ['reset']);
    } finally {
      expect(await stopCli(b)).toBe(0);
    }
    const again = await runCli({ ...env, DATA_DIR: second }, ['export']);
    // A store that holds data is not seeded again.
    const restarted = await startCli({ ...env, DATA_DIR: second }, 45_000, { args: ['--seed', seedFile] });
    expect(await stopCli(restarted)).toBe(0);
    const reset = await runCli({ ...env, DATA_DIR: second }, ['reset']);
    const afterReset = await runCli({ ...env, DATA_DIR: second }, ['export']);

    // Assert: the same file, holding what was written.
    expect(exported.code, exported.stderr).toBe(0);
    const data = JSON.parse(exported.stdout) as { format: string; resources: { kind: string; version: number }[] };
    expect(data.format).toBe('metadata-semantics-data/1');
    expect(data.resources.map((resource) => resource.kind)).toEqual(['user', 'user', 'organization', 'organization_membership']);
    expect(data.resources[0]!.version).toBe(2);
    expect(b.output()).toContain(`seed: 4 resources loaded from ${seedFile}`);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(exported.stdout);
    expect(restarted.output()).toContain(`seed: ${seedFile} not loaded: the store holds 4 resources already`);
    // Messages go to stderr, the data alone to stdout.
    expect(exported.stderr).toContain('opening the embedded database');
    // Refused while a server holds the folder, changing nothing.
    expect(busyExport.code).toBe(1);
    expect(busyExport.stderr).toContain(`DATA_DIR=${first}: in use by another metadata-semantics-server (pid ${a.child.pid}`);
    expect(busyReset.code).toBe(1);
    expect(busyReset.stderr).toContain(`DATA_DIR=${second}: in use by another metadata-semantics-server (pid ${b.child.pid}`);
    // Reset: the database gone, nothing left to export.
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`reset: the database in ${second} is removed`);
    // The session signing key stays (the secret key is given here, so none is kept).
    expect(readdirSync(second)).toEqual(['metadata-semantics-server.session-key.json']);
    expect([afterReset.code, afterReset.stdout]).toEqual([1, '']);
    expect(afterReset.stderr).toContain(`DATA_DIR=${second}: holds no database (yet)`);
  });

  const user = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    kind: 'user', key: id, createdAt: 1, updatedAt: 1, version: 1, attributes: {}, metadata: { public_metadata: {}, private_metadata: {}, unsafe_metadata: {} }, ...extra,
  });
  const organization = (id: string, slug: string): Record<string, unknown> => ({
    kind: 'organization', key: id, createdAt: 1, updatedAt: 1, version: 1, attributes: { name: id, slug }, metadata: { public_metadata: {}, private_metadata: {} },
  });
  const file = (resources: unknown[]): string => JSON.stringify({ format: 'metadata-semantics-data/1', resources });
  const bad: { name: string; text: string; message: string }[] = [
    { name: 'not JSON', text: '{"format":', message: ': not JSON' },
    { name: 'another format', text: JSON.stringify({ users: [] }), message: ': must be { "format": "metadata-semantics-data/1", "resources": [ … ] }' },
    { name: 'a missing metadata field', text: file([user('user_1', { metadata: { public_metadata: {} } })]), message: ': resources[0] (user user_1): metadata must hold public_metadata, private_metadata, unsafe_metadata' },
    { name: 'a number JSON.parse would change', text: file([user('user_1')]).replace('"createdAt":1', '"createdAt":9007199254740993'), message: ': not JSON' },
    { name: 'a key twice', text: file([user('user_1'), user('user_1')]), message: ': resources[1] (user user_1): listed twice' },
    { name: 'a membership of no listed user', text: file([organization('org_1', 'one'), { ...organization('org_1/user_9', 'x'), kind: 'organization_membership', attributes: {} }]), message: ': resources[1] (organization_membership org_1/user_9): a membership\'s key is' },
    { name: 'one slug twice', text: file([organization('org_1', 'acme'), organization('org_2', 'acme')]), message: ': organization org_2: ' },
  ];

  it.each(bad)('a seed with $name: exit 1 naming the file, nothing seeded', async ({ text, message }) => {
    // Arrange
    const folder = mkdtempSync(join(root, 'bad-'));
    const path = join(folder, 'seed.json');
    writeFileSync(path, text);

    // Act
    const run = await runCli({ STORE: 'pglite', PORT: '0', SECRET_KEY: key, DATA_DIR: join(folder, 'data') }, ['--seed', path]);

    // Assert
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain(`metadata-semantics-server: data file ${path}${message}`);
    expect(existsSync(join(folder, 'data'))).toBe(false);
  });

  it("the configuration's seed, read from the configuration file's folder; --seed wins over it", async () => {
    // Arrange
    const folder = mkdtempSync(join(root, 'config-'));
    writeFileSync(join(folder, 'metadata-semantics.config.mjs'), "export default { seed: './seed.json' };\n");
    writeFileSync(join(folder, 'seed.json'), file([user('user_from_config')]));
    writeFileSync(join(root, 'flag.json'), file([user('user_from_flag'), user('user_too')]));

    // Act
    const fromConfig = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: key }, 45_000, { cwd: folder });
    let found;
    try {
      found = await fetch(`${fromConfig.url}/v1/users/user_from_config`, { headers: { authorization: `Bearer ${key}` } });
    } finally {
      await stopCli(fromConfig);
    }
    const fromFlag = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: key }, 45_000, { cwd: folder, args: ['--seed', join(root, 'flag.json')] });
    await stopCli(fromFlag);

    // Assert
    expect(found.status).toBe(200);
    expect(fromFlag.output()).toContain(`seed: 2 resources loaded from ${join(root, 'flag.json')}`);
  });
});
