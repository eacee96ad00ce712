// The docs' screenshots of the console (docs/console/*.png): written by `pnpm docs:console`, otherwise compared
// with the one the test takes, decoded and compared by the browser itself (no PNG library), with a tolerance:
// Chromium and font versions move bytes, not what the page shows.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';

export const screenshotFolder = new URL('../../../../../docs/console/', import.meta.url);

/** Set by `pnpm docs:console`: write the screenshots instead of comparing them. */
export const updatingScreenshots = process.env['UPDATE_CONSOLE_SCREENSHOTS'] === '1';

/** A pixel counts as changed when a channel moves by more than this (antialiasing moves a few). */
const CHANNEL_TOLERANCE = 48;
/** The share of changed pixels a screenshot may have and still be current. */
export const PIXEL_TOLERANCE = 0.005;

export interface PixelDifference {
  readonly sameSize: boolean;
  /** Changed pixels over all pixels (1 when the sizes differ). */
  readonly changedShare: number;
}

/** Decodes two PNGs in a blank page of `browser` and measures how much they differ. */
export async function pixelDifference(browser: Browser, a: Uint8Array, b: Uint8Array): Promise<PixelDifference> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ([first, second, tolerance]) => {
        const decode = async (base64: string) => {
          const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d')!;
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height);
        };
        const [x, y] = [await decode(first), await decode(second)];
        if (x.width !== y.width || x.height !== y.height) return { sameSize: false, changedShare: 1 };
        let changed = 0;
        for (let index = 0; index < x.data.length; index += 4) {
          for (let channel = 0; channel < 4; channel++) {
            if (Math.abs(x.data[index + channel]! - y.data[index + channel]!) > tolerance) {
              changed++;
              break;
            }
          }
        }
        return { sameSize: true, changedShare: changed / (x.width * x.height) };
      },
      [Buffer.from(a).toString('base64'), Buffer.from(b).toString('base64'), CHANNEL_TOLERANCE] as const,
    );
  } finally {
    await page.close();
  }
}

/**
 * What varies from run to run on a page though the seed data is fixed: ids and the server's times. They are
 * covered by grey boxes of their own size, so the rest of the page is compared pixel for pixel.
 */
export function varyingText(page: Page): Locator {
  return page.locator('dd, td, h1, .status').filter({ hasText: /\b(user|org|orgmem)_\w+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/ });
}

/** Takes the page's screenshot `name`; writes it (updating) or says how far it is from the one in the docs. */
export async function screenshot(browser: Browser, page: Page, name: string): Promise<{ name: string; difference?: PixelDifference; missing?: boolean }> {
  const taken = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide', mask: [varyingText(page)], maskColor: '#9aa0a6' });
  const file = new URL(`${name}.png`, screenshotFolder);
  if (updatingScreenshots) {
    mkdirSync(screenshotFolder, { recursive: true });
    writeFileSync(file, taken);
    return { name };
  }
  if (!existsSync(file)) return { name, missing: true };
  return { name, difference: await pixelDifference(browser, readFileSync(file), taken) };
}
