import { defineConfig } from 'vitest/config';

process.env.TZ = 'UTC';

/**
 * `npm run test:package`: the desktop installer's files, laid out by electron-builder from the
 * built dist/, then Guichet started from them alone. Runs after `npm run build`.
 */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['test/support/tempRoot.ts'],
    testTimeout: 60_000,
  },
});
