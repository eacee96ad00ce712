// Packs every publishable package as users would receive it, then checks the
// tarball with publint (strict) and arethetypeswrong (ESM-only profile).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packDir = mkdtempSync(join(tmpdir(), 'metadata-semantics-pack-'));
let failures = 0;
try {
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const dir = join(root, 'packages', name);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.private) continue;
    const before = new Set(readdirSync(packDir));
    execFileSync('pnpm', ['pack', '--pack-destination', packDir], { cwd: dir, stdio: 'ignore' });
    const tarball = readdirSync(packDir).find((file) => !before.has(file));
    for (const [tool, args] of [
      ['publint', ['--strict', join(packDir, tarball)]],
      ['attw', ['--profile', 'esm-only', join(packDir, tarball)]],
    ]) {
      try {
        execFileSync('pnpm', ['exec', tool, ...args], { cwd: root, stdio: 'pipe' });
        console.log(`${manifest.name}: ${tool} clean`);
      } catch (error) {
        failures++;
        console.error(`${manifest.name}: ${tool} found problems`);
        console.error(String(error.stdout ?? ''), String(error.stderr ?? ''));
      }
    }
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);
