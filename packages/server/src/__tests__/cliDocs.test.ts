import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliArguments, packageDir, startCli, stopCli } from './support/cli.js';

// The command-line examples of docs/server.md marked `<!-- cli-example:name -->`, run as shown: the shell
// block after the marker, with `metadata-semantics-server` the command from source.
const repositoryRoot = join(packageDir, '..', '..');
const markdown = readFileSync(join(repositoryRoot, 'docs', 'server.md'), 'utf8');
const root = mkdtempSync(join(tmpdir(), 'metadata-cli-docs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The lines of the shell block after `<!-- cli-example:name -->`. */
function example(name: string): string[] {
  const marker = markdown.indexOf(`<!-- cli-example:${name} -->\n\`\`\`sh\n`);
  expect(marker, `docs/server.md has no cli-example:${name}`).toBeGreaterThanOrEqual(0);
  const start = markdown.indexOf('\n', markdown.indexOf('```sh', marker)) + 1;
  return markdown.slice(start, markdown.indexOf('\n```', start)).split('\n');
}

function bash(script: string, cwd: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env: { ...process.env, ...env }, timeout: 180_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, output: stdout + stderr });
    });
  });
}

describe('the command-line examples of docs/server.md', () => {
  it('pnpm-silent: `pnpm -s start` with a bad flag prints the server’s line alone, exit code 1', async () => {
    // Arrange
    const [command, ...expected] = example('pnpm-silent');

    // Act
    const run = await bash(command!.replace(/^\$ /, ''), repositoryRoot);

    // Assert
    expect(run).toEqual({ code: 1, output: `${expected.join('\n')}\n` });
  });

  it('data: export, seed into a fresh folder, export again: the same file; then reset', async () => {
    // Arrange: a stopped server's data folder in the working folder, and the command on PATH.
    const cwd = mkdtempSync(join(root, 'data-'));
    const bin = join(root, 'bin');
    mkdirSync(bin, { recursive: true });
    const command = join(bin, 'metadata-semantics-server');
    writeFileSync(command, `#!/bin/sh\nexec "${process.execPath}" ${cliArguments.map((argument) => `'${argument}'`).join(' ')} "$@"\n`);
    chmodSync(command, 0o755);
    const server = await startCli({ STORE: 'pglite', PORT: '0', SECRET_KEY: 'sk_test_docs' }, 45_000, { cwd });
    try {
      const created = await fetch(`${server.url}/v1/users`, { method: 'POST', headers: { authorization: 'Bearer sk_test_docs' }, body: '{"first_name":"Ada"}' });
      expect(created.status).toBe(200);
    } finally {
      expect(await stopCli(server)).toBe(0);
    }

    // Act
    const run = await bash(`set -e\n${example('data').join('\n')}`, cwd, { PATH: `${bin}:${process.env['PATH']}` });

    // Assert
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('same');
    expect(readFileSync(join(cwd, 'data.json'), 'utf8')).toContain('"first_name": "Ada"');
    expect(readdirSync(join(cwd, 'copy')).filter((name) => !name.startsWith('metadata-semantics-server.'))).toEqual([]);
  });
});
