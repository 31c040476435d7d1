import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'scripts/**/*.test.ts', 'client/**/*.test.ts'],
    // *.data.test.ts need the full real data: npm run test:data (vitest.data.config.ts).
    exclude: ['**/node_modules/**', 'client/e2e/**', '**/*.data.test.ts'],
    globalSetup: ['server/testing/global-setup.ts'],
    setupFiles: ['server/testing/setup.ts'],
    // Each test file opens its own database from the migrated template; PGlite is memory-hungry
    // (~0.5–1 GB per instance), so at most two files run at once on our 2-core machines.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
