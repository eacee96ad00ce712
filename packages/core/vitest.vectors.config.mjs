// The conformance vectors alone, for measuring what they catch (pnpm mutation:report).
import { mutationVitestConfig } from '../../scripts/mutation/vitestConfig.mjs';
import base from './vitest.config.ts';

export default mutationVitestConfig(base, ['src/__tests__/conformance.test.ts']);
