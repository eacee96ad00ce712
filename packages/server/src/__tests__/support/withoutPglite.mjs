// `node --import` this file to run as if @electric-sql/pglite were not installed (an optional peer dependency).
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === '@electric-sql/pglite' || specifier.startsWith('@electric-sql/pglite/')) {
    const error = new Error("Cannot find package '@electric-sql/pglite' imported from the server");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
