import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';

/** The installed `@clerk/clerk-js` build folder: `clerk.browser.js` and the chunks it loads beside itself. */
export const clerkJsDist = dirname(createRequire(import.meta.url).resolve('@clerk/clerk-js'));

/** A running {@link startPageServer}. */
export interface PageServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8' };

/**
 * Serves `pages` (path to HTML) and, under `/clerk-js/`, the installed clerk-js build, so the
 * browser never needs Clerk's CDN: `clerk.browser.js` sets its chunks' public path from its own
 * script address.
 */
export async function startPageServer(pages: Readonly<Record<string, string>>): Promise<PageServer> {
  const server = createServer((request, response) => {
    void answer(pages, request.url ?? '/').then(({ status, type, body }) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

async function answer(pages: Readonly<Record<string, string>>, url: string): Promise<{ status: number; type: string; body: string | Buffer }> {
  const path = new URL(url, 'http://page').pathname;
  const page = pages[path];
  if (page !== undefined) return { status: 200, type: contentTypes['.html']!, body: page };
  const file = path.startsWith('/clerk-js/') ? normalize(join(clerkJsDist, path.slice('/clerk-js/'.length))) : undefined;
  if (file === undefined || !file.startsWith(`${clerkJsDist}/`) || !file.endsWith('.js')) return notFound;
  return readFile(file).then(
    (body) => ({ status: 200, type: contentTypes['.js']!, body }),
    () => notFound,
  );
}

const notFound = { status: 404, type: 'text/plain', body: 'not found' };

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
