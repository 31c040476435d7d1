// Seeds a freshly migrated database for the browser test: the demo commune from server/demo/load.ts
// when it exports loadDemo(db), otherwise the small fixture of fixture.ts.
import type { Db } from '../../server/db.ts';
import * as demo from '../../server/demo/load.ts';
import { seedFixture } from './fixture.ts';

export async function seed(db: Db): Promise<{ source: 'demo' | 'fixture' }> {
  const loadDemo = (demo as Record<string, unknown>).loadDemo;
  if (typeof loadDemo === 'function') {
    await (loadDemo as (db: Db) => Promise<unknown>)(db);
    return { source: 'demo' };
  }
  await seedFixture(db);
  return { source: 'fixture' };
}
