// The synthetic département the benches run on: built by bench/make-departement.ts into the bench's
// own database the first time (or when it holds fewer parcels than asked), then opened and migrated.
import { execFileSync } from 'node:child_process';
import { openDb, type Db } from '../../server/db.ts';
import { migrate } from '../../server/migrate.ts';
import { connect, ensureDatabase } from './pg.ts';

export async function openDepartement(url: string, parcels: number, log: (m: string) => void): Promise<Db> {
  await ensureDatabase(url);
  const c = await connect(url);
  const has = await c.query(`SELECT to_regclass('public.cadastre_parcelles') IS NOT NULL AS t`);
  const held = has.rows[0].t ? Number((await c.query('SELECT count(*) FROM cadastre_parcelles')).rows[0].count) : 0;
  await c.end();
  if (held < parcels) {
    log(`building the département (${parcels} parcels)…`);
    execFileSync('npx', ['tsx', 'bench/make-departement.ts', '--parcels', String(parcels), '--database-url', url], { stdio: 'inherit' });
  }
  const db = await openDb({ databaseUrl: url, pool: { min: 1, max: 4 } });
  await migrate(db);
  return db;
}
