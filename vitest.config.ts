import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    // Set-ups make real apps (migrations, scrypt, PDFs): on a loaded 2-core runner they outgrow the 10 s default.
    hookTimeout: 30_000,
  },
});
