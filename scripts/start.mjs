// `pnpm start`: a small demo of the two operations (the local server replaces it once it exists).
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  ['--conditions=@metadata-semantics/source', '--import', 'tsx', new URL('./demo.ts', import.meta.url).pathname],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
