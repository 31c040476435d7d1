// The SUP importer on whole real deliveries (npm run test:data); sup.test.ts holds the rules, proved on
// extracts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { runImport, totals } from './index.ts';
import { count, invalidGeometries, shared } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db?.close(); });

const AC1_PARTITION = '172014607_SUP_2A_AC1';
const inPartition = (table: string, partition = AC1_PARTITION) => count(db, table, 'partition = ?', [partition]);

describe('whole deliveries', () => {
  it('AC1 Corse-du-Sud, shapefiles then GeoJSON: 104 générateurs, 206 assiettes (102 tampons), 102 servitudes once the repeats are dropped', async () => {
    const dir = shared('sup/ac1_2a_corse-du-sud');
    await runImport(db.knex, 'sup', [path.join(dir, 'original')]);
    expect(await inPartition('sup_generateur')).toBe(104);
    expect(await inPartition('sup_assiette')).toBe(206);
    expect(await count(db, 'sup_assiette', `partition = ? AND modegeoass = 'Zone tampon'`, [AC1_PARTITION])).toBe(102);
    for (const t of ['sup_servitude', 'sup_acte', 'sup_servitude_acte']) expect(await inPartition(t), t).toBe(102);
    expect(await count(db, 'sup_generateur', `partition = ? AND attributs->>'adresse' LIKE '2A041|%'`, [AC1_PARTITION])).toBe(21);
    const report = await runImport(db.knex, 'sup', fs.readdirSync(dir).filter((f) => /\.(geo)?json$/.test(f)).map((f) => path.join(dir, f)));
    expect(totals(report).rejected).toBe(6);
    expect(await inPartition('sup_generateur')).toBe(104);
    expect(await inPartition('sup_assiette')).toBe(206);
  });

  it('EL10: the seven coeurs de parcs nationaux', async () => {
    const report = await runImport(db.knex, 'sup', [shared('sup/el10_fr_parcs-nationaux')]);
    expect(report.partitions).toEqual(['SUP_FR_EL10']);
    expect(await inPartition('sup_assiette', 'SUP_FR_EL10')).toBe(7);
  });

  it('nothing invalid reached the tables', async () => {
    expect(await invalidGeometries(db)).toBe(0);
  });
});
