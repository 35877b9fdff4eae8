import { chromium, type Browser } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** From spawning the web host on an empty data directory to the first-run page answering a click. */
async function once(browser: Browser): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-'));
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
    await page.getByLabel("Code de l'office").click();
    const ms = performance.now() - started;
    await page.close();
    return ms;
  } finally {
    proc.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchColdStart(): Promise<Record<string, number>> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await once(browser));
  await browser.close();
  runs.sort((a, b) => a - b);
  return { web_cold_start_ms: runs[2]! };
}
