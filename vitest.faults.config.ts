import { defineConfig } from 'vitest/config';

/** `npm run test:faults`: crashes, full disks and damaged files, each with its before/after counts. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
  },
});
