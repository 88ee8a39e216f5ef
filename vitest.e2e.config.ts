import { defineConfig } from 'vitest/config';
import { sharedTestConfig, sourceAliases } from './vitest.unit.config.js';

// End to end: the embedded runtime, the CLI as a subprocess, the dashboard in Chromium.
export default defineConfig({
  resolve: sourceAliases,
  test: {
    ...sharedTestConfig,
    include: ['test/e2e/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
