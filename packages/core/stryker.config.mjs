import { strykerConfig } from '../../scripts/mutation/strykerConfig.mjs';

export default strykerConfig({
  name: 'suite',
  vitestConfig: 'vitest.mutation.config.mjs',
  incrementalFile: 'mutation/stryker-incremental.json',
});
