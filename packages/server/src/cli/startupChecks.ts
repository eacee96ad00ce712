// What the command-line server checks before it creates anything: where it listens, its configuration file and
// its seed. (The data folder and the database driver are checked by the store's opening, before it creates.)
import type { StoredResource } from '../store/metadataStore.js';
import { loadCliConfig, type LoadedConfig } from './cliConfig.js';
import type { CliSettings } from './cliSettings.js';
import { readDataFile } from './dataFile.js';
import { checkListenable } from './listenCheck.js';
import { describeCause, StartupError } from './startupError.js';
import { checkSeed } from './storeData.js';

/** A data file to fill an empty store with, read and checked. */
export interface Seed {
  readonly path: string;
  readonly resources: readonly StoredResource[];
}

export interface CheckedStart {
  readonly loaded: LoadedConfig | undefined;
  readonly seed: Seed | undefined;
}

/** Runs the checks; the first that fails is a {@link StartupError}, and nothing was created. */
export async function checkBeforeStart(settings: CliSettings, workingDirectory: string): Promise<CheckedStart> {
  // A busy port is found before the data folder or the database is touched.
  await checkListenable(settings.host, settings.port);
  const loaded = await loadCliConfig(settings.config, workingDirectory);
  const path = settings.seed ?? loaded?.config.seed;
  if (path === undefined) return { loaded, seed: undefined };
  const resources = readDataFile(path);
  await checkSeed(resources).catch((error: unknown) => {
    throw new StartupError(`data file ${path}`, undefined, describeCause(error));
  });
  return { loaded, seed: { path, resources } };
}
