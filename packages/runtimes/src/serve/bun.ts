// Bun: the handler on Bun.serve. Prints `listening on <url>` once it accepts requests.
import { conformanceHandler, settingsFromVariables } from '../conformanceHandler.js';

/** The part of Bun's global this file uses (Bun's own types are not a dependency). */
declare const Bun: {
  readonly env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch: (request: Request) => Promise<Response> }): { readonly url: URL };
};

const handler = conformanceHandler(settingsFromVariables((name) => Bun.env[name]));
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handler });
console.log(`listening on ${server.url.origin}`);
