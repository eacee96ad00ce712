// The command line's configuration file: found in the working folder or named by --config, imported, and its
// default export checked before anything starts. Each failure names the file.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMetadataHandler } from '../handler/createMetadataHandler.js';
import type { ConfigHandlerOptionName, MetadataServerConfig } from './serverConfig.js';
import { describeCause, StartupError } from './startupError.js';

/** The names the server looks for in its working folder, in this order. */
export const CONFIG_FILE_NAMES = ['metadata-semantics.config.js', 'metadata-semantics.config.mjs', 'metadata-semantics.config.ts'] as const;

/** A configuration file, loaded and checked. */
export interface LoadedConfig {
  /** Absolute. */
  readonly path: string;
  readonly config: MetadataServerConfig;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What each key of the file may hold, checked roughly here (the handler checks the rest when the file is
 * loaded: schema by schema, limits by limit). A handler option the file may set is one entry here and one
 * name in {@link ConfigHandlerOptionName}.
 */
const configKeys: { readonly [K in keyof MetadataServerConfig]-?: { readonly what: string; readonly holds: (value: unknown) => boolean } } = {
  schemas: { what: 'an object of schemas per kind: { user: { publicMetadata: schema } }', holds: isObject },
  maxBodyBytes: { what: 'a number of bytes', holds: (value) => typeof value === 'number' },
  maxFieldBytes: { what: 'a number of bytes', holds: (value) => typeof value === 'number' },
  maxDepth: { what: 'a number', holds: (value) => typeof value === 'number' },
  basePath: { what: 'a path prefix, such as /api/clerk', holds: (value) => typeof value === 'string' },
  seed: { what: 'the path of a data file, such as ./seed.json', holds: (value) => typeof value === 'string' },
  webhooks: {
    what: "createMetadataHandler's webhooks option: { endpoints: [{ url, secret, eventTypes? }] }",
    // `delivery`: false, delivery options, or a delivery; a function or a string would fail later, less clearly.
    holds: (value) => isObject(value) && (value['delivery'] === undefined || value['delivery'] === false || isObject(value['delivery'])),
  },
};

/** The configuration file to load: the one `--config` names, or the one in the working folder, or none. */
function configPath(explicit: string | undefined, workingDirectory: string): string | undefined {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new StartupError('--config', explicit, 'no such file');
    return explicit;
  }
  const found = CONFIG_FILE_NAMES.map((name) => join(workingDirectory, name)).filter((path) => existsSync(path));
  if (found.length > 1) throw new StartupError(`configuration files ${found.join(', ')}`, undefined, 'more than one in the working folder: keep one, or choose one with --config');
  return found[0];
}

async function importConfig(path: string): Promise<unknown> {
  const fail = (cause: string): never => {
    throw new StartupError(`configuration file ${path}`, undefined, cause);
  };
  let exported: { default?: unknown };
  try {
    exported = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[cm]?ts$/.test(path)) {
      fail("this node cannot load TypeScript by itself: run the server through tsx (NODE_OPTIONS='--import tsx', as pnpm start does), or write the file as .mjs");
    }
    fail(`cannot load it: ${describeCause(error)}`);
  }
  if (exported!.default === undefined) fail('it has no default export: export default defineConfig({ … })');
  return exported!.default;
}

/** Checks the default export's shape, then lets the handler check its options: a bad one names the file. */
function checkConfig(path: string, config: unknown): MetadataServerConfig {
  const fail = (cause: string): never => {
    throw new StartupError(`configuration file ${path}`, undefined, cause);
  };
  if (!isObject(config)) fail('its default export must be an object: export default defineConfig({ … })');
  const known = Object.keys(configKeys);
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const rule = configKeys[key as keyof MetadataServerConfig];
    if (rule === undefined) fail(`unknown key ${JSON.stringify(key)}: it may hold ${known.join(', ')}`);
    if (value !== undefined && !rule!.holds(value)) fail(`${key} must be ${rule!.what}`);
  }
  const { seed, ...options } = config as MetadataServerConfig;
  try {
    // The check starts no delivery: the endpoints are checked, nothing is sent.
    const webhooks = options.webhooks === undefined ? {} : { webhooks: { ...options.webhooks, delivery: false as const } };
    createMetadataHandler({ secretKey: 'sk_test_config_check', ...options, ...webhooks });
  } catch (error) {
    fail(describeCause(error).replace(/^createMetadataHandler: /, ''));
  }
  // The seed is read from the configuration file's folder.
  return { ...(config as MetadataServerConfig), ...(seed === undefined ? {} : { seed: resolve(dirname(path), seed) }) };
}

/**
 * Loads the configuration file `--config` names (`explicit`, absolute) or the one in the working folder: none
 * is no configuration. `.js` and `.mjs` load in any Node; `.ts` needs a TypeScript loader (tsx, under
 * `pnpm start`).
 */
export async function loadCliConfig(explicit: string | undefined, workingDirectory: string): Promise<LoadedConfig | undefined> {
  const path = configPath(explicit, workingDirectory);
  if (path === undefined) return undefined;
  return { path, config: checkConfig(path, await importConfig(path)) };
}
