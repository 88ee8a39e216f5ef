import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export const sharedTestConfig = {
  restoreMocks: true,
  testTimeout: 20_000,
  passWithNoTests: true,
} as const;

/**
 * `sosw` and `sosw/<entry>` imported by the examples resolve to the sources here (the package's
 * `exports` point at the built dist/, which tests must not depend on).
 */
export const sourceAliases = {
  alias: ['aws', 'sqlite', 'local', 'testing', 'cdk']
    .map((entry) => ({ find: `sosw/${entry}`, replacement: fileURLToPath(new URL(`./src/${entry}.ts`, import.meta.url)) }))
    .concat([{ find: 'sosw', replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }])
    .map(({ find, replacement }) => ({ find: new RegExp(`^${find}$`), replacement })),
};

export default defineConfig({
  resolve: sourceAliases,
  test: {
    ...sharedTestConfig,
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
  },
});
