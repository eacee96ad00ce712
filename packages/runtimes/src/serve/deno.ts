// Deno: the handler on Deno.serve. Prints `listening on <url>` once it accepts requests.
import { conformanceHandler, settingsFromVariables } from '../conformanceHandler.js';

/** The part of Deno's global this file uses (Deno's own types are not a dependency). */
declare const Deno: {
  readonly env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen: (address: { hostname: string; port: number }) => void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
};

const handler = conformanceHandler(settingsFromVariables((name) => Deno.env.get(name)));
Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}`) },
  handler,
);
