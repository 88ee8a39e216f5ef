import { defineConfig } from 'vitest/config';

export const sharedTestConfig = {
  restoreMocks: true,
  testTimeout: 20_000,
  passWithNoTests: true,
} as const;

export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
  },
});
