import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's `chromium` package; `.ci/run` installs it (no browser download exists on this network). */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Flags for a closed network: without the background-networking ones Chromium keeps dialling
 * Google's hosts and gets refused. Playwright gives every launch a fresh empty profile
 * (`--user-data-dir` in a new temporary folder), so none is passed here.
 */
export const chromiumFlags: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or `undefined` when they can. */
export function chromiumMissing(path: string = chromiumPath): string | undefined {
  return existsSync(path) ? undefined : `${path} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`;
}

/**
 * Skips the calling test with the reason when Chromium is absent, except under `CI=true`,
 * where a missing browser is a broken set-up and fails the test.
 */
export function requireChromium(skip: (note: string) => void, path: string = chromiumPath, env: NodeJS.ProcessEnv = process.env): void {
  const missing = chromiumMissing(path);
  if (missing === undefined) return;
  if (env['CI'] === 'true') throw new Error(`CI=true and ${missing}`);
  skip(missing);
}

/** Launches headless Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumFlags] });
}
