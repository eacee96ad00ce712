/** The markers around the schemas section of docs/benchmarks.md, which bench:schemas writes and bench keeps. */
export const SCHEMAS_START = '<!-- schemas:start -->';
export const SCHEMAS_END = '<!-- schemas:end -->';
