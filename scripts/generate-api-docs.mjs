// Regenerates docs/api/ from the api-extractor doc models (packages/*/temp/*.api.json,
// written by each package's build). With --check, fails when docs/api/ is out of date.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const input = mkdtempSync(join(tmpdir(), 'metadata-semantics-api-'));
try {
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const temp = join(root, 'packages', name, 'temp');
    if (!existsSync(temp)) continue;
    for (const file of readdirSync(temp)) {
      if (file.endsWith('.api.json')) copyFileSync(join(temp, file), join(input, file));
    }
  }
  const output = join(root, 'docs', 'api');
  rmSync(output, { recursive: true, force: true });
  execFileSync('pnpm', ['exec', 'api-documenter', 'markdown', '-i', input, '-o', output], { cwd: root, stdio: 'pipe' });
} finally {
  rmSync(input, { recursive: true, force: true });
}
if (check) {
  const drift = execFileSync('git', ['status', '--porcelain', '--', 'docs/api'], { cwd: root, encoding: 'utf8' });
  if (drift.trim() !== '') {
    console.error('docs/api is out of date; run `pnpm api:update` and commit the result:\n' + drift);
    process.exit(1);
  }
  console.log('docs/api is current');
}
