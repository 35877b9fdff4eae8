import { defineConfig } from '@playwright/test';

/**
 * The demo office is in Moroni. The web host (spawned with this environment) and the browser both
 * run on its time, UTC+3, so a time shown or printed in UTC instead of the office's shows up.
 */
export const OFFICE_TIME_ZONE = 'Indian/Comoro';
process.env.TZ = OFFICE_TIME_ZONE;

/** Debian's Chromium drives the web host; Playwright never downloads a browser of its own here. */
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/support/tempRoot.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list']],
  use: {
    locale: 'fr-FR',
    timezoneId: OFFICE_TIME_ZONE,
    viewport: { width: 1280, height: 800 },
    // Recording a trace costs Chromium a screencast frame per change: 40 % of the CPU of a spec on a
    // two-core runner (cash.spec: 68 s of CPU with it, 41 s without). To see a failure step by step,
    // run that spec again with `npx playwright test <spec> --trace retain-on-failure`.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
