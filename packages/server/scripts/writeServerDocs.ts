// pnpm docs:server: writes the generated parts of docs/server.md (see serverDocs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedParts } from './serverDocs.js';

const file = new URL('../../../docs/server.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withGeneratedParts(before);
writeFileSync(file, after);
console.log(after === before ? 'docs/server.md is current' : 'docs/server.md: its generated parts were written');
