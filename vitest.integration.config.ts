import { defineConfig } from 'vitest/config';
import { sharedTestConfig, sourceAliases } from './vitest.unit.config.js';

// The AWS tier: the adapters against moto_server, started once by the global setup.
export default defineConfig({
  resolve: sourceAliases,
  test: {
    ...sharedTestConfig,
    include: ['test/integration/**/*.test.ts'],
    globalSetup: ['test/integration/aws/global-setup.ts'],
    setupFiles: ['test/integration/aws/setup-env.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
