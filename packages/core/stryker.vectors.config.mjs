// The conformance vectors alone: what an implementation in another language that
// passes them is pinned to (pnpm mutation:report). No baseline: always a full run.
import { strykerConfig } from '../../scripts/mutation/strykerConfig.mjs';

export default { ...strykerConfig({ name: 'vectors', vitestConfig: 'vitest.vectors.config.mjs', incrementalFile: undefined }), thresholds: { high: 100, low: 0, break: null } };
