import { mutationVitestConfig } from '../../scripts/mutation/vitestConfig.mjs';
import base from './vitest.config.ts';

export default mutationVitestConfig(base);
