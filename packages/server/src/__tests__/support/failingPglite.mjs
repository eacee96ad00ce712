// `node --import` this file to run with a PGlite that fills its folder half-way and then fails to open: a start
// that fails after it created files.
import { register } from 'node:module';

const driver = `import { mkdirSync, writeFileSync } from 'node:fs';
export const PGlite = {
  async create(folder) {
    writeFileSync(folder + '/PG_VERSION', '17\\n');
    mkdirSync(folder + '/base');
    throw new Error('disk trouble (a PGlite that fails on purpose)');
  },
};`;
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === '@electric-sql/pglite') return { url: ${JSON.stringify(`data:text/javascript,${encodeURIComponent(driver)}`)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
