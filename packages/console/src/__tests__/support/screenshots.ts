// The docs' screenshots of the console (docs/console/*.png): written by `pnpm docs:console`, otherwise compared
// with the one the test takes, decoded and compared by the browser itself (no PNG library), with a tolerance:
// Chromium and font versions move bytes, not what the page shows.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

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

/** What varies from run to run on a page though the seed data is fixed: ids and the server's times. */
const VARYING_TEXT = String.raw`\b(?:user|org|orgmem)_[A-Za-z0-9]+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`;

/**
 * Covers each id and time on the page with a grey box of its own size (set through the CSSOM, which the
 * page's CSP allows), so the rest of the page, the sentence around an id included, is compared pixel for pixel.
 * Under the box its characters are digits for the time of the screenshot (of one width in the page's fonts), so
 * an id's random letters move no column or line break. `window.uncoverVaryingText()` puts the page back.
 */
function coverVaryingText(page: Page): Promise<void> {
  return page.evaluate((source) => {
    const pattern = new RegExp(source, 'g');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const changed: [Text, string][] = [];
    for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
      const text = node.data;
      const even = text.replace(pattern, (match) => match.replace(/[A-Za-z0-9]/g, '0'));
      if (even !== text) {
        changed.push([node, text]);
        node.data = even;
      }
    }
    const cover = (rect: DOMRect): void => {
      const box = document.createElement('div');
      box.dataset['screenshotCover'] = '';
      Object.assign(box.style, { position: 'absolute', left: `${rect.left + scrollX}px`, top: `${rect.top + scrollY}px`, width: `${rect.width}px`, height: `${rect.height}px`, background: '#9aa0a6' });
      document.body.append(box);
    };
    for (const [node, text] of changed) {
      for (const match of text.matchAll(pattern)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        for (const rect of range.getClientRects()) cover(rect);
      }
    }
    // A form field holding an id (a filter): the field is of fixed size, so it is covered whole.
    const fields = [...document.querySelectorAll('input')].filter((input) => new RegExp(source).test(input.value));
    for (const input of fields) cover(input.getBoundingClientRect());
    (window as unknown as { uncoverVaryingText: () => void }).uncoverVaryingText = () => {
      for (const [node, text] of changed) node.data = text;
      document.querySelectorAll('[data-screenshot-cover]').forEach((box) => box.remove());
    };
  }, VARYING_TEXT);
}

/** Takes the page's screenshot `name`; writes it (updating) or says how far it is from the one in the docs. */
export async function screenshot(browser: Browser, page: Page, name: string): Promise<{ name: string; difference?: PixelDifference; missing?: boolean }> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await coverVaryingText(page);
  const taken = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
  await page.evaluate(() => (window as unknown as { uncoverVaryingText: () => void }).uncoverVaryingText());
  const file = new URL(`${name}.png`, screenshotFolder);
  if (updatingScreenshots) {
    mkdirSync(screenshotFolder, { recursive: true });
    writeFileSync(file, taken);
    return { name };
  }
  if (!existsSync(file)) return { name, missing: true };
  return { name, difference: await pixelDifference(browser, readFileSync(file), taken) };
}
