import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, stopCli } from './support/cli.js';

// The console as the command line serves it (its files from the build's dist/console/): on by default behind a
// printed one-time URL, off with CONSOLE=off, and the same with LOG=off and with HOST=0.0.0.0.

const SIGN_IN_LINE = /^console sign-in \(one-time URL, CONSOLE=off to turn the console off\): (http:\/\/\S+)$/gm;

const signInUrls = (output: string): string[] => [...output.matchAll(SIGN_IN_LINE)].map(([, url]) => url!);

describe('the CLI’s console', () => {
  it('prints a one-time sign-in URL whose cookie opens the built page; LOG=off keeps it working', async () => {
    const cli = await startCli({ STORE: 'memory', PORT: '0', LOG: 'off' });
    try {
      const [url] = signInUrls(cli.output());
      expect(url).toMatch(new RegExp(`^${cli.url}/console/sign-in\\?token=[\\w-]{43}$`));
      expect((await fetch(`${cli.url}/console/`)).status).toBe(401);
      const signedIn = await fetch(url!, { redirect: 'manual' });
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${cli.url}/console/`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(readFileSync(new URL('../../dist/console/index.html', import.meta.url), 'utf8'));
      // Used once, the URL is replaced by a new one, printed.
      expect((await fetch(url!, { redirect: 'manual' })).status).toBe(401);
      await expect.poll(() => signInUrls(cli.output()).length).toBe(2);
      expect(cli.output()).not.toMatch(/^\d{4}-\d\d-\d\dT\S+ GET /m);
    } finally {
      expect(await stopCli(cli)).toBe(0);
    }
  });

  it('with HOST=0.0.0.0 prints a sign-in URL on 127.0.0.1 and shows nothing without it', async () => {
    const cli = await startCli({ STORE: 'memory', PORT: '0', HOST: '0.0.0.0' });
    try {
      const [url] = signInUrls(cli.output());
      const port = new URL(cli.url).port;
      expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/console/sign-in\\?token=`));
      const local = `http://127.0.0.1:${port}`;
      expect((await fetch(`${local}/console/`)).status).toBe(401);
      expect((await fetch(`${local}/v1/users`, { headers: { 'x-metadata-semantics-console': '1' } })).status).toBe(401);
      const cookie = (await fetch(url!, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
      const listed = await fetch(`${local}/v1/users`, { headers: { cookie, 'x-metadata-semantics-console': '1', origin: local } });
      expect(listed.status).toBe(200);
      // The request log names the sign-in's path, never its token or the session.
      await expect.poll(() => cli.output()).toMatch(/^\d{4}-\d\d-\d\dT\S+ GET \/console\/sign-in 303 /m);
      const token = new URL(url!).searchParams.get('token')!;
      expect(cli.output().split('\n').filter((line) => line.includes(token))).toEqual([expect.stringMatching(/^console sign-in /)]);
      expect(cli.output()).not.toContain(cookie.split('=')[1]);
    } finally {
      expect(await stopCli(cli)).toBe(0);
    }
  });

  it('CONSOLE=off serves no console page and prints no sign-in URL', async () => {
    const cli = await startCli({ STORE: 'memory', PORT: '0', CONSOLE: 'off' });
    try {
      expect(cli.output()).toMatch(/^console: off \(CONSOLE=off\)$/m);
      expect(signInUrls(cli.output())).toEqual([]);
      // The API's own answer to a path it does not serve without a key: no page.
      const response = await fetch(`${cli.url}/console/`);
      expect([response.status, response.headers.get('content-type')]).toEqual([401, 'application/json']);
    } finally {
      expect(await stopCli(cli)).toBe(0);
    }
  });

  it('refuses a CONSOLE other than on or off, and --help says what it does', async () => {
    const refused = await runCli({ STORE: 'memory', PORT: '0', CONSOLE: 'yes' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CONSOLE');
    const help = await runCli({}, ['--help']);
    expect(help.stdout).toMatch(/^ {2}--console on\|off {2}\(CONSOLE\)\n {6}a console in the browser at \/console\//m);
  });
});
