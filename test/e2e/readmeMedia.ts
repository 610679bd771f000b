// The README's screenshots and its animated tour, taken from the real workbench by the
// readmeMedia suite (`npm run readme:media`), so they show the extension as it is now.
// Written only when asked (IMAGE_STUDIO_README_MEDIA=1): the pictures carry file names with
// the time in them and text rendered by the browser, so they are not byte-stable, and an
// ordinary test run must not change files in the repository.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/poll';

/** Set by `npm run readme:media` (scripts/run.mjs); nothing is written without it. */
export const README_MEDIA_ASKED = process.env.IMAGE_STUDIO_README_MEDIA === '1';
/** Where the README takes them from (relative links; vsce makes them absolute in the package). */
export const README_MEDIA_DIR = join(process.cwd(), 'media', 'readme');
/** Width of the stills: crisp where GitHub and the Marketplace show them (about 900 px wide, more on dense screens). */
export const STILL_WIDTH = 1280;
/** Width of the tour's frames: smaller, as every frame of a GIF is a whole picture. */
export const TOUR_WIDTH = 1024;
export const MAX_STILL_BYTES = 300 * 1024;
export const MAX_TOUR_BYTES = 1.5 * 1024 * 1024;

const TOASTS = '.notifications-toasts .notification-list-item';

/** Collects the README's stills and the frames of its tour while a suite walks through the extension. */
export class ReadmeMedia {
  private readonly frames: { png: Buffer; delayMs: number }[] = [];

  constructor(
    private readonly page: Page,
    private readonly dir = README_MEDIA_DIR,
  ) {}

  /**
   * A frame of the tour, shown for `delayMs`. Waits for notifications to go first (a
   * toast over the picture would be in the README for good) and moves the mouse out of
   * the way (hover tooltips, the brush outline).
   */
  async frame(delayMs = 1500): Promise<Buffer> {
    const png = await this.capture();
    this.frames.push({ png, delayMs });
    return png;
  }

  /** A still, media/readme/<name>.png, that is also the tour's next frame; returns its size in bytes. */
  async still(name: string, delayMs = 2000): Promise<number> {
    const png = await this.frame(delayMs);
    const bytes = await sharp(png)
      .resize({ width: STILL_WIDTH })
      // A palette (libimagequant) keeps UI pictures a fraction of their full-colour size.
      .png({ palette: true, effort: 10, compressionLevel: 9 })
      .toBuffer();
    this.write(`${name}.png`, bytes);
    return bytes.length;
  }

  /** Writes the frames so far as media/readme/<name>.gif, looping; returns its size in bytes and frame count. */
  async writeTour(name = 'tour'): Promise<{ bytes: number; frames: number }> {
    if (this.frames.length === 0) throw new Error('the tour has no frames');
    const frames = await Promise.all(this.frames.map(({ png }) => sharp(png).resize({ width: TOUR_WIDTH }).png().toBuffer()));
    const gif = await sharp(frames, { join: { animated: true } })
      // Little dithering: flat UI colours stay flat, which keeps frames small and text crisp.
      .gif({ delay: this.frames.map(({ delayMs }) => delayMs), loop: 0, effort: 10, dither: 0.3, interPaletteMaxError: 8 })
      .toBuffer();
    this.write(`${name}.gif`, gif);
    return { bytes: gif.length, frames: frames.length };
  }

  private async capture(): Promise<Buffer> {
    const { page } = this;
    // An empty spot of the title bar: no tooltip, no brush outline over the canvas.
    await page.mouse.move(1120, 16);
    await waitFor(async () => (await page.locator(TOASTS).count()) === 0, 'the notifications to go before a README picture', 15_000).catch(async () => {
      const texts = await page.locator(TOASTS).allTextContents();
      throw new Error(`a notification would cover a README picture: ${texts.join(' | ')}`);
    });
    return page.screenshot({ animations: 'disabled', caret: 'hide' });
  }

  /** Whole files only: written beside, then renamed over the old one. */
  private write(name: string, bytes: Buffer): void {
    mkdirSync(this.dir, { recursive: true });
    const partial = join(this.dir, `.${name}.partial`);
    writeFileSync(partial, bytes);
    renameSync(partial, join(this.dir, name));
  }
}
