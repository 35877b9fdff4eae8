import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, timeToFirstPage } from './webHost';

/** From spawning the web host on an empty data directory to the first-run page answering a click. */
async function once(browser: Awaited<ReturnType<typeof launchChromium>>): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-'));
  try {
    return await timeToFirstPage(browser, dataDir, 'Code de l’office');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchColdStart(): Promise<Record<string, number>> {
  const browser = await launchChromium();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await once(browser));
  await browser.close();
  runs.sort((a, b) => a - b);
  return { web_cold_start_ms: runs[2]! };
}
