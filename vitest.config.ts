import { defineConfig } from 'vitest/config';

// Expected dates and times are written for UTC, whatever the zone of the machine running the tests;
// the files about an office's own time zone switch to it themselves (test/support/timeZone.ts).
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['test/support/tempRoot.ts'],
    testTimeout: 20_000,
    // Set-ups make real apps (migrations, scrypt, PDFs): on a loaded 2-core runner they outgrow the 10 s default.
    hookTimeout: 30_000,
  },
});
