import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The mutation baselines' inputs (scripts/mutation.mjs): what core's and optimistic's tests import, found from
// the import graph, so that a change to any of them makes CI re-test every mutant, and a change to a test-kit
// module those tests never import (the CLI launchers) does not.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const script = new URL('../../../../scripts/mutation.mjs', import.meta.url).href;
const { inputFiles, inputsHash, hashOf } = (await import(script)) as {
  inputFiles: (name: string) => string[];
  inputsHash: (name: string) => string;
  hashOf: (files: readonly string[], read: (file: string) => Buffer) => string;
};
const read = (file: string): Buffer => readFileSync(join(root, file));

/** The test-kit modules a package's test files name in an import, read from their text. */
function testKitImports(name: string): string[] {
  const src = join(root, 'packages', name, 'src');
  const tests = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.test.ts'));
  const named = tests.flatMap((path) => [...readFileSync(join(src, path), 'utf8').matchAll(/from '@metadata-semantics\/test-kit\/(\w+)'/g)].map((match) => match[1]!));
  return [...new Set(named)].map((module) => `packages/test-kit/src/${module}.ts`);
}

describe.each(['core', 'optimistic'])('%s', (name) => {
  const files = inputFiles(name);

  it('holds every test-kit module its tests import, and not the CLI launchers, which none imports', () => {
    expect(testKitImports(name).length).toBeGreaterThan(0);
    expect(files).toEqual(expect.arrayContaining(testKitImports(name)));
    expect(files).not.toContain('packages/test-kit/src/serverCli.ts');
    expect(files).not.toContain('packages/test-kit/src/cliServer.ts');
  });

  it('changes its hash when any one input changes', () => {
    const hash = hashOf(files, read);
    expect(inputsHash(name)).toBe(hash);
    for (const file of files) {
      const changed = hashOf(files, (path) => (path === file ? Buffer.concat([read(path), Buffer.from(' ')]) : read(path)));
      expect(changed, file).not.toBe(hash);
    }
  });
});
