import { defineConfig } from 'vitest/config';

// Unit tests: services, core math, parsers. E2E tests live in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
