// The PLU importer on whole real deliveries (npm run test:data); plu.test.ts holds the rules, proved on
// extracts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { crsFromWkt } from './crs.ts';
import { runImport, totals } from './index.ts';
import { count, invalidGeometries, shared } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db?.close(); });

async function documentCounts(idurba: string) {
  const n = (t: string, where = '') => count(db, t, `idurba = ?${where}`, [idurba]);
  return {
    zones: await n('plu_zone_urba'),
    prescriptions: { surf: await n('plu_prescription', ` AND nature_geom = 'surf'`), lin: await n('plu_prescription', ` AND nature_geom = 'lin'`), pct: await n('plu_prescription', ` AND nature_geom = 'pct'`) },
    informations: { surf: await n('plu_information', ` AND nature_geom = 'surf'`), lin: await n('plu_information', ` AND nature_geom = 'lin'`), pct: await n('plu_information', ` AND nature_geom = 'pct'`) },
  };
}
const geojson = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.geojson') && !f.startsWith('commune_')).map((f) => path.join(dir, f));
const ARPA_COUNTS = { zones: 90, prescriptions: { surf: 77, lin: 15, pct: 93 }, informations: { surf: 18, lin: 0, pct: 6 } };

describe('whole deliveries', () => {
  it('Arpaillargues 30014, shapefiles then GeoJSON: 299 objects, the same document, the same zoning', async () => {
    const dir = shared('plu/30014_arpaillargues-et-aureillac');
    const report = await runImport(db.knex, 'plu', [path.join(dir, 'original')]);
    expect(totals(report)).toEqual({ read: 299, imported: 299, repaired: 0, rejected: 0 });
    expect(await documentCounts('30014_PLU_20171013')).toEqual(ARPA_COUNTS);
    expect(report.notes).toContainEqual(expect.stringMatching(/30014_INFO_SURF_20171013\.shp : 18 objet\(s\) portent l'idurba 30014_PLU_20141013/));
    const area = async () => (await db.knex.raw(`SELECT sum(ST_Area(geom)) AS a FROM plu_zone_urba WHERE idurba = '30014_PLU_20171013'`)).rows[0].a;
    const before = await area();
    expect(totals(await runImport(db.knex, 'plu', geojson(dir)))).toEqual({ read: 299, imported: 299, repaired: 0, rejected: 0 });
    expect(await documentCounts('30014_PLU_20171013')).toEqual(ARPA_COUNTS);
    expect(Math.abs((await area()) - before) / before).toBeLessThan(1e-5);
  });

  it('Pezou 41175 (CNIG 2014): 177 objects, 118 zones of which 29 Nh', async () => {
    const report = await runImport(db.knex, 'plu', [shared('plu/41175_pezou/original')]);
    expect(totals(report)).toEqual({ read: 177, imported: 177, repaired: 0, rejected: 0 });
    expect(await documentCounts('4117520140603')).toEqual({ zones: 118, prescriptions: { surf: 23, lin: 10, pct: 26 }, informations: { surf: 0, lin: 0, pct: 0 } });
    expect(await count(db, 'plu_zone_urba', `idurba = '4117520140603' AND typezone = 'Nh'`)).toBe(29);
  });

  it('Portes du Berry PLUi 200011781: 222 zones, #45 and #64 repaired, #30 rejected', async () => {
    const report = await runImport(db.knex, 'plu', [shared('plu/plui_200011781_cc-portes-du-berry/zone_urba.geojson')]);
    const f = report.files[0]!;
    expect({ read: f.read, imported: f.imported }).toEqual({ read: 222, imported: 221 });
    expect(f.repaired.map((r) => r.feature)).toEqual(['#45 (A)', '#64 (N)']);
    expect(f.rejected.map((r) => r.feature)).toEqual(['#30 (N)']);
  });

  it('Trois Provinces PLUi 241800432: 684 objects, zone #199 (UA) repaired', async () => {
    const report = await runImport(db.knex, 'plu', [shared('plu/plui_241800432_cc-les-trois-provinces/original')]);
    expect(totals(report)).toEqual({ read: 684, imported: 684, repaired: 1, rejected: 0 });
    expect(report.files.find((f) => f.table === 'plu_zone_urba')!.repaired.map((r) => r.feature)).toEqual(['#199 (UA)']);
  });

  it('Areines 41003: 36 zones, #25 repaired', async () => {
    const f = (await runImport(db.knex, 'plu', [shared('plu/41003_areines/zone_urba.geojson')])).files[0]!;
    expect({ read: f.read, imported: f.imported, repaired: f.repaired.map((r) => r.feature) }).toEqual({ read: 36, imported: 36, repaired: ['#25 (A)'] });
  });

  it('nothing invalid reached the tables', async () => {
    expect(await invalidGeometries(db)).toBe(0);
  });
});

it('every .prj of the real PLU and SUP data is recognised as Lambert-93', () => {
  const prjs = ['plu', 'sup'].flatMap((k) => fs.readdirSync(shared(k), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.prj$/i.test(f)).map((f) => shared(k, f)));
  expect(prjs.length).toBeGreaterThan(15);
  for (const f of prjs) expect(crsFromWkt(fs.readFileSync(f, 'latin1'))?.srid, f).toBe(2154);
});
