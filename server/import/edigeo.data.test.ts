// The EDIGEO reader on every raw feuille of the shared data (npm run test:data), against the Etalab
// conversion of the same feuilles (cadastre/edigeo-converted, made with @etalab/edigeo-parser, WGS 84
// rounded to 7 decimals): the rules themselves are proved on extracts in edigeo.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { runImport, totals } from './index.ts';
import { invalidGeometries, shared } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db?.close(); });

const COMMUNES = ['13029', '25354', '75103'];
const CONVERTED = ['13029_cornillon-confoux_1-feuille', '25354_luxiol_8-feuilles', '75103_paris-3e_1-feuille']
  .map((d, i) => shared('cadastre/edigeo-converted', d, `cadastre-${COMMUNES[i]}-parcelles.json`));

describe('raw EDIGEO of Cornillon-Confoux (1 feuille), Luxiol (8 feuilles, tar.bz2) and Paris 3e (folder)', () => {
  it('gives the parcels of the Etalab conversion: same ids and fields, same contenance, geometry within 1 cm', async () => {
    await runImport(db.knex, 'cadastre', CONVERTED);
    await db.knex.raw(`CREATE TABLE etalab_ref AS SELECT id, commune, prefixe, section, numero, contenance, arpente, created, updated, geom
      FROM cadastre_parcelles WHERE commune = ANY(?)`, [COMMUNES]);

    const report = await runImport(db.knex, 'cadastre', [shared('cadastre/edigeo-raw')]);
    expect(totals(report)).toEqual({ read: 950, imported: 950, repaired: 0, rejected: 0 });
    expect(report.communes).toEqual(COMMUNES);

    const { rows: [cmp] } = await db.knex.raw(`
      SELECT count(*) FILTER (WHERE e.id IS NULL)::int AS only_edigeo,
             count(*) FILTER (WHERE p.id IS NULL)::int AS only_etalab,
             count(*) FILTER (WHERE (p.commune, p.prefixe, p.section, p.numero, p.contenance, p.arpente, p.created, p.updated)
               IS DISTINCT FROM (e.commune, e.prefixe, e.section, e.numero, e.contenance, e.arpente, e.created, e.updated))::int AS fields_differ,
             max(ST_HausdorffDistance(p.geom, e.geom)) AS max_distance
        FROM (SELECT * FROM cadastre_parcelles WHERE commune = ANY(?)) p
        FULL JOIN etalab_ref e ON e.id = p.id`, [COMMUNES]);
    console.log(`EDIGEO vs Etalab conversion: max distance ${(cmp.max_distance * 100).toFixed(2)} cm over 950 parcels`);
    expect(cmp).toMatchObject({ only_edigeo: 0, only_etalab: 0, fields_differ: 0 });
    expect(cmp.max_distance).toBeLessThan(0.01);
    expect(await invalidGeometries(db)).toBe(0);
  });
});
