// The console's three built files (packages/console, bundled by the server's build into dist/console/), read
// once at start: the page, its script and its style.
import { existsSync, readFileSync } from 'node:fs';

/** A file the console serves: its bytes and its type. */
export interface ConsoleAsset {
  readonly body: Uint8Array;
  readonly contentType: string;
}

/** The console's files by their name under `/console/` (`''` is the page). */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>;

const FILES: readonly (readonly [name: string, file: string, contentType: string])[] = [
  ['', 'index.html', 'text/html; charset=utf-8'],
  ['console.js', 'console.js', 'text/javascript; charset=utf-8'],
  ['console.css', 'console.css', 'text/css; charset=utf-8'],
];

/** The console's files in `directory`, or `undefined` when it holds none of them (a source checkout not built yet). */
export function readConsoleAssets(directory: URL): ConsoleAssets | undefined {
  if (!FILES.every(([, file]) => existsSync(new URL(file, directory)))) return undefined;
  return new Map(FILES.map(([name, file, contentType]) => [name, { body: readFileSync(new URL(file, directory)), contentType }]));
}
