// Global setup of the browser tests: build the client once for the whole run, so that no test
// runs against a stale client/dist (TERRIER_E2E_SKIP_BUILD=1 reuses an existing build).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(): Promise<void> {
  if (process.env.TERRIER_E2E_SKIP_BUILD && fs.existsSync(path.join(ROOT, 'client/dist/index.html'))) return;
  await build({ configFile: path.join(ROOT, 'client/vite.config.ts'), logLevel: 'warn' });
}
