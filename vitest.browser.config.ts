// Browser tests (npm run test:browser): the built client in the system Chromium, driven by
// playwright-core, and in the system Firefox ESR over WebDriver BiDi (client/e2e/firefox.ts), against
// the app served in-process on a test database.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['client/e2e/**/*.e2e.test.ts'],
    // Same template database as the unit tests, so that testDb() works.
    globalSetup: ['server/testing/global-setup.ts', 'client/e2e/build-client.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    // Building the client, loading the demo commune and starting the browser.
    hookTimeout: 300_000,
  },
});
