import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Expected dates and times are written for UTC, whatever the zone of the machine running the tests;
// the files about an office's own time zone switch to it themselves (test/support/timeZone.ts).
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Vitest's default (one worker less than the CPUs) runs files one by one on a two-core runner,
    // while much of a test waits on other processes (pdftotext, PostgreSQL, the workbook thread):
    // two workers there took the suite from 250 to 190 s, the slowest test still under 5 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/support/tempRoot.ts', 'test/support/pgTemplate.ts'],
    testTimeout: 20_000,
    // Set-ups make real apps (migrations, scrypt, PDFs): on a loaded 2-core runner they outgrow the 10 s default.
    hookTimeout: 30_000,
  },
});
