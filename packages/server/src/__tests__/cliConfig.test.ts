import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyingEndpoint } from '../webhooks/__tests__/support/verifyingEndpoint.js';
import { generateWebhookSecret } from '../webhooks/webhookSecret.js';
import { packageDir, runCli, startCli, stopCli } from './support/cli.js';

// The command line's configuration file, as a user writes one: a module exporting handler options (here a zod
// schema), found in the working folder or named by --config, loaded under `pnpm start` as the README runs it.
// Files live under packages/server/temp/ so that they resolve zod and the package by name, as in a project.
const repositoryRoot = join(packageDir, '..', '..');
mkdirSync(join(packageDir, 'temp'), { recursive: true });
const root = mkdtempSync(join(packageDir, 'temp', 'cli-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const key = 'sk_test_config';
const roleSchema = `schemas: { user: { publicMetadata: z.object({ role: z.enum(['admin', 'member']) }) } }`;

function folderWith(name: string, text: string): { folder: string; file: string } {
  const folder = mkdtempSync(join(root, 'case-'));
  writeFileSync(join(folder, name), text);
  return { folder, file: join(folder, name) };
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Creates a member, then tries a role the schema refuses and one it takes. */
async function refusesBadRole(url: string): Promise<void> {
  const created = await call(url, 'POST', '/v1/users', { public_metadata: { role: 'member' } });
  const id = created.body['id'] as string;
  const refused = await call(url, 'PATCH', `/v1/users/${id}/metadata`, { public_metadata: { role: 'owner' } });
  const after = await call(url, 'GET', `/v1/users/${id}`);
  const taken = await call(url, 'PATCH', `/v1/users/${id}/metadata`, { public_metadata: { role: 'admin' } });
  expect(created.status).toBe(200);
  expect(refused.status).toBe(422);
  expect((refused.body['errors'] as { code: string }[]).map((error) => error.code)).toEqual(['schema_mismatch']);
  expect(after.body['public_metadata']).toEqual({ role: 'member' });
  expect(taken.status).toBe(200);
}

describe('the configuration file', () => {
  it('pnpm start --config metadata-semantics.config.ts (with defineConfig and a zod schema): a PATCH the schema refuses is 422', async () => {
    // Arrange
    const { file } = folderWith(
      'metadata-semantics.config.ts',
      `import { defineConfig } from '@metadata-semantics/server';\nimport { z } from 'zod';\n\nexport default defineConfig({ ${roleSchema} });\n`,
    );

    // Act
    const cli = await startCli({}, 60_000, { command: ['pnpm', 'start'], cwd: repositoryRoot, args: ['--config', file, '--store', 'memory', '--port', '0', '--secret-key', key] });
    try {
      // Assert
      expect(cli.output()).toContain(`config: ${file} (schemas)`);
      await refusesBadRole(cli.url);
    } finally {
      await stopCli(cli);
    }
  });

  it('metadata-semantics.config.mjs in the working folder is found without --config', async () => {
    // Arrange
    const { folder, file } = folderWith('metadata-semantics.config.mjs', `import { z } from 'zod';\n\nexport default { ${roleSchema} };\n`);

    // Act
    const cli = await startCli({ STORE: 'memory', PORT: '0', SECRET_KEY: key }, 45_000, { cwd: folder });
    try {
      // Assert
      expect(cli.output()).toContain(`config: ${file} (schemas)`);
      await refusesBadRole(cli.url);
    } finally {
      await stopCli(cli);
    }
  });

  const failures: { name: string; file: string; text: string; message: RegExp }[] = [
    { name: 'a syntax error', file: 'metadata-semantics.config.mjs', text: 'export default {', message: /: cannot load it: .*(Unexpected end of input|SyntaxError)/ },
    { name: 'an import that fails', file: 'metadata-semantics.config.mjs', text: "import 'no-such-package-here';\nexport default {};", message: /: cannot load it: .*no-such-package-here/ },
    { name: 'no default export', file: 'metadata-semantics.config.mjs', text: 'export const schemas = {};', message: /: it has no default export: export default defineConfig/ },
    { name: 'a default export that is not an object', file: 'metadata-semantics.config.js', text: 'export default 42;', message: /: its default export must be an object/ },
    { name: 'a misspelt key', file: 'metadata-semantics.config.mjs', text: 'export default { schema: {} };', message: /: unknown key "schema": it may hold schemas, maxBodyBytes/ },
    { name: 'a key of the wrong type', file: 'metadata-semantics.config.mjs', text: "export default { maxBodyBytes: '1mb' };", message: /: maxBodyBytes must be a number of bytes/ },
    { name: 'a schema that is no schema', file: 'metadata-semantics.config.mjs', text: 'export default { schemas: { user: { publicMetadata: { parse() {} } } } };', message: /: .*Standard Schema/ },
    { name: 'an unknown kind of resource', file: 'metadata-semantics.config.mjs', text: 'export default { schemas: { users: {} } };', message: /: .*users/ },
    { name: 'webhooks that are no object', file: 'metadata-semantics.config.mjs', text: "export default { webhooks: ['http://localhost:3001/hooks'] };", message: /: webhooks must be createMetadataHandler's webhooks option/ },
    {
      name: 'a webhook endpoint with no http URL',
      file: 'metadata-semantics.config.mjs',
      text: `export default { webhooks: { endpoints: [{ url: 'localhost:3001/hooks', secret: '${generateWebhookSecret()}' }] } };`,
      message: /: webhooks\.endpoints\[0\]\.url must be an http:\/\/ or https:\/\/ URL/,
    },
    {
      name: 'a webhook endpoint with no secret',
      file: 'metadata-semantics.config.mjs',
      text: "export default { webhooks: { endpoints: [{ url: 'http://localhost:3001/hooks' }] } };",
      message: /: webhooks\.endpoints\[0\]\.secret must be whsec_/,
    },
  ];

  it.each(failures)('$name: exit 1 naming the file, before anything is created', async ({ file, text, message }) => {
    // Arrange
    const { folder, file: path } = folderWith(file, text);

    // Act
    const run = await runCli({ STORE: 'pglite', PORT: '0', SECRET_KEY: key, DATA_DIR: '' }, [], { cwd: folder });

    // Assert
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^metadata-semantics-server: configuration file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${message.source}`, 'm'));
    expect(run.stdout).not.toContain('opening the embedded database');
  });

  it('webhooks: the file’s endpoints get each event they take, verified; WEBHOOK_URL, when set, replaces them', async () => {
    // Arrange
    const secret = generateWebhookSecret();
    const fromFile = await verifyingEndpoint(secret);
    const fromSettings = await verifyingEndpoint(secret);
    const endpoint = `{ url: '${fromFile.url}', secret: '${secret}', eventTypes: ['user.created'] }`;
    const { folder, file } = folderWith('metadata-semantics.config.mjs', `export default { webhooks: { endpoints: [${endpoint}], instanceId: 'ins_from_config' } };\n`);
    const env = { STORE: 'memory', PORT: '0', SECRET_KEY: key, LOG: 'off' };
    const createAndChange = async (url: string): Promise<string> => {
      const id = (await call(url, 'POST', '/v1/users', { public_metadata: { role: 'member' } })).body['id'] as string;
      await call(url, 'PATCH', `/v1/users/${id}/metadata`, { public_metadata: { role: 'admin' } });
      return id;
    };
    const eventually = async (check: () => void): Promise<void> => {
      for (let tries = 0; ; tries++) {
        try {
          return check();
        } catch (error) {
          if (tries > 200) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };

    /** Starts the server with `more` settings, creates and changes a user, waits for `delivered`, stops it. */
    const runWith = async (more: Record<string, string>, delivered: () => void) => {
      const cli = await startCli({ ...env, ...more }, 45_000, { cwd: folder });
      try {
        const id = await createAndChange(cli.url);
        await eventually(delivered);
        return { cli, id };
      } finally {
        await stopCli(cli);
      }
    };

    try {
      // Act
      const { cli, id: filed } = await runWith({}, () => expect(fromFile.received).toHaveLength(1));
      const { id: set } = await runWith({ WEBHOOK_URL: fromSettings.url, WEBHOOK_SECRET: secret }, () => expect(fromSettings.received).toHaveLength(2));

      // Assert
      expect(cli.output()).toContain(`config: ${file} (webhooks)`);
      expect(cli.output()).toContain(`webhooks: ${fromFile.url} (user.created; from the configuration file)`);
      expect(fromFile.received.map(({ event }) => [event?.type, (event?.data as { id?: string }).id, (event as { instance_id?: string }).instance_id])).toEqual([
        ['user.created', filed, 'ins_from_config'],
      ]);
      expect(fromSettings.received.map(({ event }) => [event?.type, (event?.data as { id?: string }).id, (event as { instance_id?: string }).instance_id])).toEqual([
        ['user.created', set, 'ins_from_config'],
        ['user.updated', set, 'ins_from_config'],
      ]);
    } finally {
      await fromFile.close();
      await fromSettings.close();
    }
  });

  it('--config naming no file, and two configuration files in the working folder, are refused', async () => {
    // Arrange
    const { folder } = folderWith('metadata-semantics.config.js', 'export default {};');
    writeFileSync(join(folder, 'metadata-semantics.config.mjs'), 'export default {};');

    // Act
    const missing = await runCli({ STORE: 'memory', PORT: '0' }, ['--config', 'nowhere.config.mjs'], { cwd: root });
    const two = await runCli({ STORE: 'memory', PORT: '0' }, [], { cwd: folder });

    // Assert
    expect([missing.code, two.code]).toEqual([1, 1]);
    expect(missing.stderr).toContain(`--config=${join(root, 'nowhere.config.mjs')}: no such file`);
    expect(two.stderr).toContain('more than one in the working folder');
  });
});
