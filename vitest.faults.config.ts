import { defineConfig } from 'vitest/config';

// Expected dates and times are written for UTC, whatever the zone of the machine running the tests;
// the files about an office's own time zone switch to it themselves (test/support/timeZone.ts).
process.env.TZ = 'UTC';

/** `npm run test:faults`: crashes, full disks and damaged files, each with its before/after counts. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['test/support/tempRoot.ts'],
    testTimeout: 120_000,
  },
});
