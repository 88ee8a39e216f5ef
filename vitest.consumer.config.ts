import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from './vitest.unit.config.js';

// Consumer: the packed tarball installed into a fresh project with the README's install lines;
// every entry imported with plain node, a strict consumer type-checked, the README path and the
// runnable blocks of every doc run from there.
export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/consumer/**/*.test.ts'],
    globalSetup: ['test/consumer/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
