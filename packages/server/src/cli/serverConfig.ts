// The configuration file's type and `defineConfig`: pure (no `node:` import), so the package's main entry can
// export them. Loading a file is cliConfig.ts's.
import type { MetadataHandlerOptions } from '../handler/handlerOptions.js';

/**
 * The names of the {@link MetadataHandlerOptions} a configuration file may set.
 *
 * @remarks
 * The extension point for handler options the command line should take from the file: one more name here, and
 * its run-time check in the command line's loader. `webhooks` takes the handler's own shape
 * ({@link MetadataWebhookOptions}); `WEBHOOK_URL` (or `--webhook-url`), when set, replaces its endpoints.
 *
 * @public
 */
export type ConfigHandlerOptionName = 'schemas' | 'maxBodyBytes' | 'maxFieldBytes' | 'maxDepth' | 'basePath' | 'webhooks';

/**
 * What a configuration file of `metadata-semantics-server` exports by default: handler options (the same types
 * as {@link createMetadataHandler}'s) and the data to start with.
 *
 * @remarks
 * The command line finds `metadata-semantics.config.js`, `.mjs` or `.ts` in its working folder, or reads the file
 * `--config` names. Settings (port, store, data folder, key) stay flags and environment variables.
 *
 * @public
 */
export interface MetadataServerConfig extends Pick<MetadataHandlerOptions, ConfigHandlerOptionName> {
  /**
   * A data file, as `metadata-semantics-server export` writes it, loaded into the store when it is empty; a
   * relative path is read from the configuration file's folder. `--seed` wins over it.
   */
  readonly seed?: string;
}

/**
 * Types a configuration file's default export, as Vite's and Vitest's `defineConfig` do; returns it as it is.
 *
 * @example
 * ```ts
 * // metadata-semantics.config.ts
 * import { defineConfig } from '@metadata-semantics/server';
 * import { z } from 'zod';
 *
 * export default defineConfig({
 *   schemas: { user: { publicMetadata: z.object({ role: z.enum(['admin', 'member']) }) } },
 * });
 * ```
 *
 * @public
 */
export function defineConfig(config: MetadataServerConfig): MetadataServerConfig {
  return config;
}
