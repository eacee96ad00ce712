// Regenerates docs/api/ from the api-extractor doc models (packages/*/temp/*.api.json,
// written by each package's build). With --check, fails when docs/api/ is out of date.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * api-documenter documents one entry point per package, and refuses two models of one
 * package. A subpath entry's model (`server-node.api.json` for `@metadata-semantics/server/node`)
 * is therefore documented as a package of its own, `@metadata-semantics/server-node`; its
 * package documentation names the real import path.
 */
function asOwnPackage(modelText, unscopedName) {
  const model = JSON.parse(modelText);
  const packageName = model.name;
  const documentedName = `${packageName.slice(0, packageName.indexOf('/') + 1)}${unscopedName}`;
  return modelText.replaceAll(`"${packageName}"`, `"${documentedName}"`).replaceAll(`"${packageName}!`, `"${documentedName}!`);
}
const check = process.argv.includes('--check');
const input = mkdtempSync(join(tmpdir(), 'metadata-semantics-api-'));
try {
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const temp = join(root, 'packages', name, 'temp');
    if (!existsSync(temp)) continue;
    for (const file of readdirSync(temp)) {
      if (!file.endsWith('.api.json')) continue;
      if (file === `${name}.api.json`) copyFileSync(join(temp, file), join(input, file));
      else writeFileSync(join(input, file), asOwnPackage(readFileSync(join(temp, file), 'utf8'), file.slice(0, -'.api.json'.length)));
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
