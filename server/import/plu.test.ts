import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { runImport, totals } from './index.ts';
import { copyInto, count, invalidGeometries, real, scratch, snapshot, truncatedCopy, writeZip } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

// Extracts (fixtures/SOURCES.md): the objects around Arpaillargues' village and Pezou's hamlets, in both
// forms of each delivery; the invalid geometries of the other files with a few neighbours. The whole
// deliveries: plu.data.test.ts.
const ARPA = real('plu/30014_arpaillargues-et-aureillac');
const PEZOU = real('plu/41175_pezou');
const geojson = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.geojson') && !f.startsWith('commune_')).map((f) => path.join(dir, f));
const tmp = scratch('plu');

async function documentCounts(idurba: string) {
  const n = (t: string, where = '') => count(db, t, `idurba = ?${where}`, [idurba]);
  return {
    zones: await n('plu_zone_urba'),
    prescriptions: { surf: await n('plu_prescription', ` AND nature_geom = 'surf'`), lin: await n('plu_prescription', ` AND nature_geom = 'lin'`), pct: await n('plu_prescription', ` AND nature_geom = 'pct'`) },
    informations: { surf: await n('plu_information', ` AND nature_geom = 'surf'`), lin: await n('plu_information', ` AND nature_geom = 'lin'`), pct: await n('plu_information', ` AND nature_geom = 'pct'`) },
  };
}
const ARPA_COUNTS = { zones: 22, prescriptions: { surf: 19, lin: 2, pct: 3 }, informations: { surf: 2, lin: 0, pct: 1 } };
const ARPA_READ = 49;

describe('Arpaillargues-et-Aureillac 30014 (CNIG 2017)', () => {
  it('from the shapefiles: its zones, prescriptions and informations, the DOC_URBA row and partition DU_30014', async () => {
    const report = await runImport(db.knex, 'plu', [path.join(ARPA, 'original')]);
    expect(totals(report)).toEqual({ read: ARPA_READ, imported: ARPA_READ, repaired: 0, rejected: 0 });
    expect(report.documents).toEqual(['30014_PLU_20171013']);
    expect(await documentCounts('30014_PLU_20171013')).toEqual(ARPA_COUNTS);
    expect(await db.knex('plu_doc_urba').select('idurba', 'typedoc', 'etat', 'nomproc', 'datappro', 'typeref', 'dateref', 'partition'))
      .toEqual([{ idurba: '30014_PLU_20171013', typedoc: 'PLU', etat: '03', nomproc: 'R', datappro: '20171013', typeref: '02', dateref: '20150101', partition: 'DU_30014' }]);
    expect(await db.knex('plu_doc_urba_com').select('idurba', 'insee')).toEqual([{ idurba: '30014_PLU_20171013', insee: '30014' }]);
  });

  it('attributes are read in the right encoding (Windows-1252 .cpg) and numeric codes padded', async () => {
    const zone = await db.knex('plu_zone_urba').where({ libelle: 'Ucp' }).first('libelong', 'typezone', 'nomfic', 'datvalid');
    expect(zone).toEqual({ libelong: 'Zone urbaine soumise à des prescriptions architecturales particulières', typezone: 'U',
      nomfic: '30014_reglement_20171013.pdf#page=24', datvalid: '20171013' });
    // TYPEPSC is a number field (N11) in PRESCRIPTION_LIN: 15 stays "15", 7 would be "07".
    expect(await db.knex('plu_prescription').where({ nature_geom: 'lin' }).distinct('typepsc').pluck('typepsc')).toEqual(['15']);
    expect(await db.knex('plu_information').where({ nature_geom: 'pct' }).distinct('typeinf', 'stypeinf').select()).toEqual([{ typeinf: '16', stypeinf: '00' }]);
  });

  it('the informations carrying another idurba (a defect of this delivery) are attached to the document, and the report says so', async () => {
    const report = await runImport(db.knex, 'plu', [path.join(ARPA, 'original')]);
    expect(report.notes).toContainEqual(expect.stringMatching(/30014_INFO_SURF_20171013\.shp : 2 objet\(s\) portent l'idurba 30014_PLU_20141013, rattaché\(s\) au document de la livraison 30014_PLU_20171013/));
  });

  it('from the GeoJSON (WGS 84): the same document, replacing the shapefile import — no duplicates', async () => {
    const areaBefore = (await db.knex.raw(`SELECT sum(ST_Area(geom)) AS a FROM plu_zone_urba`)).rows[0].a;
    const report = await runImport(db.knex, 'plu', geojson(ARPA));
    expect(totals(report)).toEqual({ read: ARPA_READ, imported: ARPA_READ, repaired: 0, rejected: 0 });
    expect(await count(db, 'plu_doc_urba')).toBe(1);
    expect(await documentCounts('30014_PLU_20171013')).toEqual(ARPA_COUNTS);
    // Same zoning, a reprojection round trip apart (WGS 84, 7 decimals ≈ 1 cm).
    const areaAfter = (await db.knex.raw(`SELECT sum(ST_Area(geom)) AS a FROM plu_zone_urba`)).rows[0].a;
    expect(Math.abs(areaAfter - areaBefore) / areaBefore).toBeLessThan(1e-5);
  });

  it('from a zip of the delivery', async () => {
    const dir = path.join(ARPA, 'original');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
    const zip = writeZip(path.join(tmp, '30014_PLU_20171013.zip'), files.map((f) => ({ name: `30014_PLU_20171013/${f}`, file: path.join(dir, f) })));
    const report = await runImport(db.knex, 'plu', [zip]);
    expect(totals(report).imported).toBe(ARPA_READ);
    expect(report.files[0]!.file).toMatch(/30014_PLU_20171013\.zip!\/30014_PLU_20171013\/Donnees_geographiques\/30014_ZONE_URBA_20171013\.shp$/);
    expect(await documentCounts('30014_PLU_20171013')).toEqual(ARPA_COUNTS);
  });
});

describe('Pezou 41175 (CNIG 2014)', () => {
  it('from the 2014 shapefiles: upper-case fields, no IDURBA in the zones, typezone Nh, UTF-8 without .cpg', async () => {
    const report = await runImport(db.knex, 'plu', [path.join(PEZOU, 'original')]);
    expect(totals(report)).toEqual({ read: 89, imported: 89, repaired: 0, rejected: 0 });
    expect(report.documents).toEqual(['4117520140603']);
    expect(report.partitions).toEqual(['DU_41175']);
    expect(await documentCounts('4117520140603')).toEqual({ zones: 30, prescriptions: { surf: 23, lin: 10, pct: 26 }, informations: { surf: 0, lin: 0, pct: 0 } });
    expect(await db.knex('plu_zone_urba').where({ idurba: '4117520140603', typezone: 'Nh' }).count<{ count: number }[]>('* as count')).toEqual([{ count: 18 }]);
    const nh = await db.knex('plu_zone_urba').where({ idurba: '4117520140603', typezone: 'Nh' }).first('libelong', 'destdomi', 'insee', 'datappro', 'datvalid');
    expect(nh).toEqual({ libelong: "Secteur de zone naturelle où l'évolution modéré du bâti existant est admis", destdomi: '01', insee: '41175', datappro: '20140603', datvalid: null });
    expect(await db.knex('plu_doc_urba').where({ idurba: '4117520140603' }).first('typedoc', 'etat', 'typeref', 'dateref', 'siren'))
      .toEqual({ typedoc: 'PLU', etat: '03', typeref: '01', dateref: '2011', siren: null });
  });

  it('the GeoJSON of the same PLU (idurba 41175_PLU_20140603) replaces it: one document per partition', async () => {
    await runImport(db.knex, 'plu', geojson(PEZOU));
    expect(await db.knex('plu_doc_urba').where({ partition: 'DU_41175' }).pluck('idurba')).toEqual(['41175_PLU_20140603']);
    expect(await count(db, 'plu_zone_urba', `idurba LIKE '41175%'`)).toBe(30);
    expect(await count(db, 'plu_zone_urba', `idurba = '4117520140603'`)).toBe(0);
  });
});

describe('invalid geometries (deliberate in these files): repaired with ST_MakeValid, or rejected, and named', () => {
  it('Areines 41003: 1 zone repaired (#25), no DOC_URBA nor IDURBA: the document is named from the partition and DATAPPRO', async () => {
    const report = await runImport(db.knex, 'plu', [real('plu/41003_areines/zone_urba.geojson')]);
    const f = report.files[0]!;
    expect({ read: f.read, imported: f.imported, rejected: f.rejected }).toEqual({ read: 36, imported: 36, rejected: [] });
    expect(f.repaired).toEqual([{ feature: '#25 (A)', reason: expect.stringMatching(/^invalid geometry \(Self-intersection\[.*\]\) made valid$/) }]);
    expect(report.documents).toEqual(['41003_PLU_20130903']);
    expect(report.partitions).toEqual(['DU_41003']);
  });

  it('Portes du Berry PLUi 200011781 (GeoJSON; its zones #30, #45, #64 are #13, #14, #15 of the extract): 2 zones repaired, 1 rejected (nothing polygonal left)', async () => {
    const report = await runImport(db.knex, 'plu', [real('plu/plui_200011781_cc-portes-du-berry/zone_urba.geojson')]);
    const f = report.files[0]!;
    expect({ read: f.read, imported: f.imported }).toEqual({ read: 15, imported: 14 });
    expect(f.repaired.map((r) => r.feature)).toEqual(['#14 (A)', '#15 (N)']);
    expect(f.rejected).toEqual([{ feature: '#13 (N)', reason: expect.stringMatching(/^géométrie invalide \(Too few points in geometry component\[.*\]\) dont il ne reste rien de surfacique une fois rendue valide$/) }]);
    expect(report.documents).toEqual(['200011781_PLUi_20180101']);
    // A PLUi without DOC_URBA_COM covers the communes its zones name (this file names only one).
    expect(await db.knex('plu_doc_urba_com').where({ idurba: '200011781_PLUi_20180101' }).pluck('insee')).toEqual(['18007']);
  });

  it('Trois Provinces PLUi 241800432 (shapefiles, around Sancoins): 1 zone repaired (UA, #199 of the delivery), everything else as delivered', async () => {
    const report = await runImport(db.knex, 'plu', [real('plu/plui_241800432_cc-les-trois-provinces/original')]);
    expect(totals(report)).toEqual({ read: 19, imported: 19, repaired: 1, rejected: 0 });
    expect(report.files.find((f) => f.table === 'plu_zone_urba')!.repaired.map((r) => r.feature)).toEqual(['#4 (UA)']);
    expect(report.partitions).toEqual(['DU_241800432']);
  });

  it('nothing invalid reached the tables', async () => {
    expect(await invalidGeometries(db)).toBe(0);
  });
});

describe('deliveries that cannot be imported leave the database exactly as it was', () => {
  const shapefileSet = (stem: string, dir = path.join(PEZOU, 'original', 'Donnees_geographiques')) =>
    fs.readdirSync(dir).filter((f) => f.startsWith(`${stem}.`)).map((f) => path.join(dir, f));

  it('a truncated .dbf: error naming the file', async () => {
    const before = await snapshot(db);
    const dir = path.join(tmp, 'cut');
    copyInto(dir, shapefileSet('PRESCRIPTION_PCT'));
    truncatedCopy(path.join(dir, 'PRESCRIPTION_PCT.dbf'), path.join(dir, 'PRESCRIPTION_PCT.dbf'), 0.6);
    copyInto(dir, [path.join(PEZOU, 'original', 'DOC_URBA.dbf')]);
    await expect(runImport(db.knex, 'plu', [dir])).rejects.toThrow(/PRESCRIPTION_PCT\.shp: PRESCRIPTION_PCT\.dbf is \d+ bytes where its header announces 26 records \(\d+ bytes\): truncated file\?/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a shapefile in an unknown CRS is refused; one without .prj too, unless the CRS is given', async () => {
    const before = await snapshot(db);
    const dir = path.join(tmp, 'crs');
    copyInto(dir, shapefileSet('PRESCRIPTION_PCT').filter((f) => !/\.(prj|qpj)$/.test(f)));
    copyInto(dir, [path.join(PEZOU, 'original', 'DOC_URBA.dbf')]);
    await expect(runImport(db.knex, 'plu', [dir])).rejects.toThrow(/PRESCRIPTION_PCT\.shp: has no \.prj, so its coordinate system is unknown/);
    fs.writeFileSync(path.join(dir, 'PRESCRIPTION_PCT.prj'), 'PROJCS["NTF_Paris_Lambert_II_etendu",GEOGCS["GCS_NTF_Paris",DATUM["D_NTF",SPHEROID["Clarke_1880_IGN",6378249.2,293.4660212936269]]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",600000.0],PARAMETER["False_Northing",2200000.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",45.89891888888889],PARAMETER["Standard_Parallel_2",47.69601444444444],PARAMETER["Latitude_Of_Origin",46.8],UNIT["Meter",1.0]]');
    await expect(runImport(db.knex, 'plu', [dir])).rejects.toThrow(/PRESCRIPTION_PCT\.shp: has an unknown coordinate system in its \.prj \(PROJCS\["NTF_Paris_Lambert_II_etendu"/);
    expect(await snapshot(db)).toEqual(before);
    fs.rmSync(path.join(dir, 'PRESCRIPTION_PCT.prj'));
    const report = await runImport(db.knex, 'plu', [dir], { srid: 2154 });
    expect(totals(report).imported).toBe(26);
  });

  it('a folder holding both the GeoJSON and the original shapefiles imports the original delivery once, with a notice per table', async () => {
    const both = await runImport(db.knex, 'plu', [ARPA]);
    const original = await runImport(db.knex, 'plu', [path.join(ARPA, 'original')]);
    expect(both.files.map((f) => f.file)).toEqual(original.files.map((f) => f.file));
    expect(totals(both)).toEqual(totals(original));
    const notices = both.notes.filter((n) => n.includes('deux fichiers dans deux formats'));
    expect(notices.length).toBe(6); // zone_urba, prescriptions (surf, lin, pct), informations (surf, pct)
    for (const n of notices) expect(n).toMatch(/^[A-Z_]+ : deux fichiers dans deux formats, .*\.shp est importé \(livraison d'origine\) et .*\.geojson ignoré$/);
  }, 300_000); // two whole imports of the delivery

  it('two files of the same format for one table are still refused: nothing tells which is meant', async () => {
    const dir = path.join(tmp, 'twice');
    copyInto(path.join(dir, 'a'), [path.join(ARPA, 'zone_urba.geojson')]);
    copyInto(path.join(dir, 'b'), [path.join(ARPA, 'zone_urba.geojson')]);
    await expect(runImport(db.knex, 'plu', [dir])).rejects.toThrow(/has two files for ZONE_URBA: .*zone_urba\.geojson and .*zone_urba\.geojson; import one of them/);
  });
});
