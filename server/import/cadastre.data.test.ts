// The cadastre importer on whole real communes (npm run test:data); cadastre.test.ts holds the rules,
// proved on extracts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { runImport, totals } from './index.ts';
import { count, invalidGeometries, shared } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db?.close(); });

describe('whole Etalab communes', () => {
  it('Épinay-sur-Orge 91216: its 4,241 parcels, one without contenance, AB 37 as in the file', async () => {
    const report = await runImport(db.knex, 'cadastre', [shared('cadastre/etalab/cadastre-91216-parcelles.json')]);
    expect(totals(report)).toEqual({ read: 4241, imported: 4241, repaired: 0, rejected: 0 });
    expect(await count(db, 'cadastre_parcelles', 'commune = ?', ['91216'])).toBe(4241);
    expect(await count(db, 'cadastre_parcelles', 'commune = ? AND contenance IS NULL', ['91216'])).toBe(1);
    expect(await count(db, 'cadastre_parcelles', `commune = '91216' AND section = 'ZB'`)).toBe(639);
    expect(await db.knex('cadastre_parcelles').where({ id: '91216000AB0037' }).first('contenance', 'created', 'updated'))
      .toEqual({ contenance: 254881, created: '2007-10-10', updated: '2015-05-12' });
  });

  it('Paris 18e 75118: its 6,821 parcels in 84 sections, nothing repaired or rejected', async () => {
    const report = await runImport(db.knex, 'cadastre', [shared('cadastre/etalab/cadastre-75118-parcelles.json')]);
    expect(totals(report)).toEqual({ read: 6821, imported: 6821, repaired: 0, rejected: 0 });
    const { rows: [n] } = await db.knex.raw(`SELECT count(DISTINCT section)::int AS n FROM cadastre_parcelles WHERE commune = '75118'`);
    expect(n.n).toBe(84);
  });
});

describe('the EDIGEO-converted communes, every feuille', () => {
  it('Luxiol 25354 (8 feuilles), Cornillon-Confoux 13029 and Paris 3e 75103: every parcel, building and section', async () => {
    const report = await runImport(db.knex, 'cadastre', [shared('cadastre/edigeo-converted')]);
    const counts = async (table: string) => Object.fromEntries((await db.knex(table).whereIn('commune', ['25354', '13029', '75103'])
      .groupBy('commune').select('commune', db.knex.raw('count(*)::int AS n'))).map((r: { commune: string; n: number }) => [r.commune, r.n]));
    expect(await counts('cadastre_parcelles')).toEqual({ 25354: 511, 13029: 389, 75103: 50 });
    expect(await counts('cadastre_batiments')).toEqual({ 25354: 252, 13029: 239, 75103: 67 });
    expect(await counts('cadastre_sections')).toEqual({ 25354: 8, 13029: 1, 75103: 1 });
    expect(totals(report).rejected).toBe(0);
    expect(await invalidGeometries(db)).toBe(0);
  });
});
