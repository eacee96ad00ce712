import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The console ships in the server package's command-line entry only: what `@metadata-semantics/server` and
// `/node` bundle (the Fetch handler and serveNodeHttp) holds none of its modules, nor any of the CLI's but one:
// the configuration file's type and `defineConfig`, pure, which the main entry exports for config files.

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The files esbuild bundles for an entry, relative to this package. */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: packageRoot,
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'node',
    conditions: ['@metadata-semantics/source'],
    external: ['pg', '@electric-sql/pglite', '@electric-sql/pglite/*'],
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

const CONFIG_TYPES = /(^|\/)server\/src\/cli\/serverConfig\.ts$/;
const consoleModule = (input: string): boolean => (/(^|\/)server\/src\/cli(\/|\.ts$)/.test(input) && !CONFIG_TYPES.test(input)) || /^src\//.test(input) || input.includes('console/');

describe('the server’s entries', () => {
  it.each([
    ['@metadata-semantics/server', 'handler/createMetadataHandler.ts'],
    ['@metadata-semantics/server/node', 'adapter/node/serveNodeHttp.ts'],
  ])('%s bundles no console module', async (entry, itsModule) => {
    const inputs = await bundledInputs(entry);
    expect(inputs.some((input) => input.endsWith(`server/src/${itsModule}`))).toBe(true);
    expect(inputs.filter(consoleModule)).toEqual([]);
  });

  it('the command line’s entry does (the check sees a console module where one is)', async () => {
    const inputs = await bundledInputs('../server/src/cli.ts');
    expect(inputs.filter(consoleModule)).toEqual(expect.arrayContaining([expect.stringMatching(/server\/src\/cli\/console\/withConsole\.ts$/)]));
  });
});
