import { defineConfig } from 'vitest/config';

// Browser tests: each file starts its own web host and drives Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['e2e/build-ui.global.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
