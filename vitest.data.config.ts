// Tests on the full real data (npm run test:data): whole communes and deliveries, the densest real tiles.
// The data is not in the repository: TERRIER_SHARED_DATA names its folder, else ../shared/data beside
// the project. `npm test` runs on the extracts in fixtures/real instead.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const sharedData = path.resolve(root, process.env.TERRIER_SHARED_DATA || '../shared/data');

export default defineConfig({
  test: {
    include: ['server/**/*.data.test.ts'],
    // vitest.data.setup.ts stops the run at once, with where it looked, when the data is absent.
    globalSetup: ['vitest.data.setup.ts', 'server/testing/global-setup.ts'],
    provide: { sharedData },
    // As in vitest.config.ts: PGlite is memory-hungry, and these files import whole communes.
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
