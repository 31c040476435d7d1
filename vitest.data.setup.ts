// Global setup of `npm run test:data` and `npm run test:data-browser` only (never of `npm test`): the full real data is not in the
// repository, so say at once where it was looked for rather than failing file by file.
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default function requireData(project: TestProject): void {
  const sharedData = project.config.provide?.sharedData as string;
  if (!['cadastre', 'plu', 'sup'].every((d) => fs.existsSync(path.join(sharedData, d)))) {
    throw new Error(`npm run test:data needs the full real data (cadastre/, plu/, sup/), not found in ${sharedData}: `
      + 'set TERRIER_SHARED_DATA to its folder (vitest.data.config.ts says where it looks by default).');
  }
}
