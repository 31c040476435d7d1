// The browser test on the full real data (npm run test:data-browser): the README's import commands run
// on a fresh embedded database, then each commune seen in Chromium (client/e2e/*.data-e2e.test.ts).
// The data folder is found as in vitest.data.config.ts: TERRIER_SHARED_DATA, else ../shared/data.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const sharedData = path.resolve(root, process.env.TERRIER_SHARED_DATA || '../shared/data');

export default defineConfig({
  test: {
    include: ['client/e2e/**/*.data-e2e.test.ts'],
    // The data is there (or the run stops at once, saying where it looked), and the client is built.
    globalSetup: ['vitest.data.setup.ts', 'client/e2e/build-client.ts'],
    provide: { sharedData },
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    // The imports, each a CLI process opening the embedded database.
    hookTimeout: 900_000,
  },
});
