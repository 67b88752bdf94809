import { defineConfig } from 'vitest/config';

// Unit tests: services, core math, parsers, and the renderer's pure modules. E2E tests live in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
