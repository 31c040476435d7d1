import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { ImportError, runImport, totals } from './index.ts';
import { count, invalidGeometries, real, scratch, snapshot, truncatedCopy } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

// Extracts (fixtures/SOURCES.md): 347 of Épinay's 4,241 parcels; windows of Luxiol and Cornillon-Confoux,
// Paris 3e whole. The whole files: cadastre.data.test.ts.
const EPINAY = real('cadastre/etalab/cadastre-91216-parcelles.json');
const EDIGEO = real('cadastre/edigeo-converted');
const tmp = scratch('cadastre');
const parcelle = async (id: string) => (await db.knex.raw(
  `SELECT id, commune, prefixe, section, numero, contenance, arpente, created, updated, ST_SRID(geom) AS srid,
          GeometryType(geom) AS type, ST_Area(geom) AS area, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y
     FROM cadastre_parcelles WHERE id = ?`, [id])).rows[0];

describe('Épinay-sur-Orge 91216 (Etalab parcelles, WGS 84, 347 parcels around AB 37)', () => {
  it('imports its parcels with the Etalab fields verbatim, in Lambert-93', async () => {
    const report = await runImport(db.knex, 'cadastre', [EPINAY]);
    expect(totals(report)).toEqual({ read: 347, imported: 347, repaired: 0, rejected: 0 });
    expect(await count(db, 'cadastre_parcelles', 'commune = ?', ['91216'])).toBe(347);
    const p = await parcelle('91216000AB0037');
    expect(p).toMatchObject({ commune: '91216', prefixe: '000', section: 'AB', numero: '37', contenance: 254881, arpente: true,
      created: '2007-10-10', updated: '2015-05-12', srid: 2154, type: 'MULTIPOLYGON' });
    // Lambert-93 metres around Épinay, and an area close to the legal contenance.
    expect(p.x).toBeGreaterThan(640000); expect(p.x).toBeLessThan(660000);
    expect(p.y).toBeGreaterThan(6830000); expect(p.y).toBeLessThan(6850000);
    expect(Math.abs(p.area - 254881) / 254881).toBeLessThan(0.05);
  });

  it('the parcel without contenance gets contenance NULL', async () => {
    expect(await count(db, 'cadastre_parcelles', 'commune = ? AND contenance IS NULL', ['91216'])).toBe(1);
  });

  it('without a communes layer, a communes row named from the COG, without boundary but with the emprise of its parcels, is created', async () => {
    expect((await db.knex('communes').where({ insee: '91216' }).select('nom', db.knex.raw('geom IS NULL AS nogeom'),
      db.knex.raw(`ST_Covers(emprise, (SELECT ST_SetSRID(ST_Extent(geom)::geometry, 2154) FROM cadastre_parcelles WHERE commune = '91216')) AS covers`)))[0])
      .toEqual({ nom: 'Épinay-sur-Orge', nogeom: true, covers: true });
  });

  it('re-importing the commune (here gzipped) replaces it: no duplicates', async () => {
    const gz = path.join(tmp, 'cadastre-91216-parcelles.json.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(EPINAY)));
    await db.knex('cadastre_parcelles').where({ id: '91216000AB0037' }).update({ contenance: 1 });
    const report = await runImport(db.knex, 'cadastre', [gz]);
    expect(totals(report).imported).toBe(347);
    expect(await count(db, 'cadastre_parcelles', 'commune = ?', ['91216'])).toBe(347);
    expect((await parcelle('91216000AB0037')).contenance).toBe(254881);
  });
});

describe('EDIGEO-converted communes (folder with communes, sections, parcelles, batiments)', () => {
  it('imports every layer of Luxiol 25354, Cornillon-Confoux 13029 and Paris 3e 75103, skipping feuilles and lieux-dits', async () => {
    const report = await runImport(db.knex, 'cadastre', [EDIGEO]);
    const counts = async (table: string) => Object.fromEntries((await db.knex(table).whereIn('commune', ['25354', '13029', '75103'])
      .groupBy('commune').select('commune', db.knex.raw('count(*)::int AS n'))).map((r: { commune: string; n: number }) => [r.commune, r.n]));
    expect(await counts('cadastre_parcelles')).toEqual({ 25354: 34, 13029: 23, 75103: 50 });
    expect(await counts('cadastre_batiments')).toEqual({ 25354: 39, 13029: 13, 75103: 67 });
    expect(await counts('cadastre_sections')).toEqual({ 25354: 4, 13029: 1, 75103: 1 });
    expect(report.notes.filter((n) => /feuilles|lieux_dits/.test(n))).toHaveLength(6);
    expect(totals(report).rejected).toBe(0);
  });

  it('the communes layer gives the name and the boundary', async () => {
    const rows = await db.knex('communes').whereIn('insee', ['25354', '13029', '75103']).orderBy('insee')
      .select('insee', 'nom', db.knex.raw('GeometryType(geom) AS type'));
    expect(rows).toEqual([
      { insee: '13029', nom: 'CORNILLON-CONFOUX', type: 'MULTIPOLYGON' },
      { insee: '25354', nom: 'LUXIOL', type: 'MULTIPOLYGON' },
      { insee: '75103', nom: 'PARIS 03', type: 'MULTIPOLYGON' },
    ]);
    const { rows: [s] } = await db.knex.raw(`SELECT id, commune, prefixe, code FROM cadastre_sections WHERE id = '25354000AK'`);
    expect(s).toEqual({ id: '25354000AK', commune: '25354', prefixe: '000', code: 'AK' });
  });

  it('re-importing replaces each layer of each commune: counts unchanged', async () => {
    const before = await snapshot(db);
    await runImport(db.knex, 'cadastre', [EDIGEO]);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('geometries and rows that cannot go in as they are', () => {
  it('repairs a bow-tie, closes an open ring, rejects what is unusable — each named with its reason', async () => {
    const sq = (x: number) => [[x, 48.5], [x + 0.001, 48.5], [x + 0.001, 48.501], [x, 48.501], [x, 48.5]];
    const feature = (id: string, geometry: unknown, extra: object = {}) => ({
      type: 'Feature', id, geometry, properties: { id, commune: '91001', prefixe: '000', section: 'A', numero: id.slice(-4).replace(/^0+/, ''), ...extra },
    });
    const file = path.join(tmp, 'cadastre-91001-parcelles.json');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
      feature('910010000A0001', { type: 'Polygon', coordinates: [sq(2.3)] }),
      feature('910010000A0002', { type: 'Polygon', coordinates: [[[2.31, 48.5], [2.311, 48.501], [2.311, 48.5], [2.31, 48.501], [2.31, 48.5]]] }),
      feature('910010000A0003', { type: 'Polygon', coordinates: [sq(2.32).slice(0, 4)] }),
      feature('910010000A0004', { type: 'Point', coordinates: [2.33, 48.5] }),
      feature('910010000A0005', null),
      feature('910010000A0006', { type: 'Polygon', coordinates: [[[2.34, 48.5], [2.34, 48.5], [2.34, 48.5], [2.34, 48.5]]] }),
      feature('910010000A0001', { type: 'Polygon', coordinates: [sq(2.35)] }),
      feature('91001-A-7', { type: 'Polygon', coordinates: [sq(2.36)] }),
      feature('910010000A0008', { type: 'Polygon', coordinates: [sq(2.37)] }, { contenance: -5 }),
    ] }));
    const report = await runImport(db.knex, 'cadastre', [file]);
    const f = report.files[0]!;
    expect({ read: f.read, imported: f.imported }).toEqual({ read: 9, imported: 3 });
    expect(f.repaired).toEqual([
      { feature: '910010000A0003', reason: '1 unclosed ring(s) closed' },
      { feature: '910010000A0002', reason: expect.stringMatching(/^invalid geometry \(Self-intersection\[.*\]\) made valid$/) },
    ]);
    expect(f.rejected).toEqual(expect.arrayContaining([
      { feature: '910010000A0001', reason: 'doublon : la même clé apparaît deux fois dans le fichier' },
      { feature: '91001-A-7', reason: 'parcel id "91001-A-7" is not a 14-character cadastral id' },
      { feature: '910010000A0008', reason: 'negative contenance -5' },
      { feature: '910010000A0005', reason: 'no geometry' },
      { feature: '910010000A0004', reason: 'un POINT là où une géométrie surfacique est attendue' },
      { feature: '910010000A0006', reason: expect.stringMatching(/^géométrie invalide \(.*\) dont il ne reste rien de surfacique une fois rendue valide$/) },
    ]));
    expect(f.rejected).toHaveLength(6);
    // The repaired bow-tie is two triangles, valid, stored.
    expect((await parcelle('910010000A0002')).type).toBe('MULTIPOLYGON');
    expect(await invalidGeometries(db)).toBe(0);
  });

  it('a feature the database itself refuses (a latitude beyond the pole) is singled out of its batch and rejected; the batch goes in', async () => {
    const file = path.join(tmp, 'pole', 'cadastre-91002-parcelles.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const features = Array.from({ length: 50 }, (_, i) => {
      const id = `910020000A${String(i + 1).padStart(4, '0')}`;
      const [x, y] = [2.3 + i * 0.002, i === 31 ? 95 : 48.5];
      return { type: 'Feature', id, properties: { id, commune: '91002', section: 'A', numero: String(i + 1) },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y]]] } };
    });
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
    const f = (await runImport(db.knex, 'cadastre', [file])).files[0]!;
    expect({ read: f.read, imported: f.imported }).toEqual({ read: 50, imported: 49 });
    expect(f.rejected).toEqual([{ feature: '910020000A0032', reason: expect.stringMatching(/^refusé par la base de données : transform: /) }]);
    expect(await count(db, 'cadastre_parcelles', `commune = '91002'`)).toBe(49);
  });
});

describe('files that cannot be imported leave the database exactly as it was', () => {
  it('a truncated GeoJSON: error naming the file, nothing written, not even its first batches', async () => {
    const before = await snapshot(db);
    const cut = truncatedCopy(EPINAY, path.join(tmp, 'cut', 'cadastre-91216-parcelles.json'), 0.8);
    const err = await runImport(db.knex, 'cadastre', [EDIGEO, cut]).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(new RegExp(`^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ends unexpectedly inside the "features" array after \\d+ complete items`));
    expect(await snapshot(db)).toEqual(before);
  });

  it('a truncated gzip', async () => {
    const before = await snapshot(db);
    const gz = path.join(tmp, 'gz', 'cadastre-91216-parcelles.json.gz');
    fs.mkdirSync(path.dirname(gz), { recursive: true });
    const whole = zlib.gzipSync(fs.readFileSync(EPINAY));
    fs.writeFileSync(gz, whole.subarray(0, Math.floor(whole.length * 0.8)));
    await expect(runImport(db.knex, 'cadastre', [gz])).rejects.toThrow(/cadastre-91216-parcelles\.json\.gz: .*(unexpected end of file|ends unexpectedly)/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('an unknown CRS is refused', async () => {
    const before = await snapshot(db);
    const file = path.join(tmp, 'bng', 'cadastre-91216-parcelles.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fc = JSON.parse(fs.readFileSync(EPINAY, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } }, features: fc.features.slice(0, 10) }));
    await expect(runImport(db.knex, 'cadastre', [file])).rejects.toThrow(/cadastre-91216-parcelles\.json: declares an unknown coordinate system .*27700.*supported: EPSG:2154/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('Lambert-93 coordinates in a GeoJSON without crs member are refused, and accepted with srid 2154', async () => {
    const file = path.join(tmp, 'l93', 'cadastre-96002-parcelles.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const ring = [[650000, 6840000], [650010, 6840000], [650010, 6840010], [650000, 6840000]];
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { id: '960020000A0001', commune: '96002', section: 'A', numero: '1' } }] }));
    await expect(runImport(db.knex, 'cadastre', [file])).rejects.toThrow(/are not degrees.*pass --srid/);
    const report = await runImport(db.knex, 'cadastre', [file], { srid: 2154 });
    expect(totals(report).imported).toBe(1);
    expect((await parcelle('960020000A0001')).area).toBeCloseTo(50, 6);
  });

  it('a file that is not an Etalab layer is refused by name', async () => {
    await expect(runImport(db.knex, 'cadastre', [real('plu/41003_areines/zone_urba.geojson')])).rejects.toThrow(/zone_urba\.geojson: n’est pas une couche du cadastre Etalab/);
  });
});
