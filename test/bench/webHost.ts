import { chromium, type Browser } from '@playwright/test';
import { spawn } from 'node:child_process';

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
  const proc = spawn(process.execPath, ['dist/main/web.cjs'], {
    env: { ...process.env, GUICHET_DATA_DIR: dataDir, PORT: '0' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /(http:\/\/\S+#token=\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      proc.on('exit', () => reject(new Error('web host exited')));
    });
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
