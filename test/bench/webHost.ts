import { chromium, type Browser } from '@playwright/test';
import { launchWebHost } from '../support/webHost';

/** The Debian Chromium the e2e tests use, headless and quiet. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });

/**
 * Milliseconds from spawning the built web host on `dataDir` to the first page answering a click
 * on the field labelled `label`, which is when a clerk can start typing.
 */
export async function timeToFirstPage(browser: Browser, dataDir: string, label: string): Promise<number> {
  const started = performance.now();
  const { url, proc } = await launchWebHost({ dataDir });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByLabel(label).click();
    const ms = performance.now() - started;
    await page.close();
    return ms;
  } finally {
    proc.kill();
    await new Promise((r) => proc.once('exit', r));
  }
}
