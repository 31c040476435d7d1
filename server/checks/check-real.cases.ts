// The spatial check on real data: Arpaillargues (30014) PLU, the AC1 monuments of Corse-du-Sud, the
// Épinay-sur-Orge (91216) cadastre. The same cases run on the extracts in the repository
// (check-real.test.ts) and on the full data (check-real.data.test.ts, npm run test:data).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { importCadastreFiles, importPluFiles, importSupFiles } from '../import/index.ts';
import { parseConfig } from '../config.ts';
import { runCheck } from './check.ts';
import { intersections } from './check.ts';
import { isOverlayFailure } from './queries.ts';
import { toLambert93 } from '../geometry/queries.ts';
import { parseCheckInput } from './input.ts';

const limits = parseConfig({}).check;

/**
 * `data(relative path)` gives the file, whole or cut; `surfPrescriptions` is how many surface
 * prescriptions of Arpaillargues it holds.
 */
export function realDataChecks(data: (...p: string[]) => string, { surfPrescriptions }: { surfPrescriptions: number }): void {
  let db: Db;
  beforeAll(async () => {
    db = await testDb();
    await importPluFiles(db.knex, ['zone_urba', 'prescription_surf', 'prescription_lin', 'prescription_pct', 'info_surf', 'info_pct']
      .map((f) => data('plu/30014_arpaillargues-et-aureillac', `${f}.geojson`)));
    await importSupFiles(db.knex, [data('sup/ac1_2a_corse-du-sud/original')]);
    await importCadastreFiles(db.knex, [data('cadastre/etalab/cadastre-91216-parcelles.json')]);
  }, 300_000);
  afterAll(async () => { await db?.close(); });

  const check = (body: unknown) => runCheck(db.knex, parseCheckInput(body, limits));
  const lambert93 = async (sql: string, params: unknown[] = []) =>
    (await db.knex.raw(`SELECT gid, ST_AsGeoJSON(geom)::json AS g FROM (${sql}) x`, params as any[])).rows as { gid: number; g: any }[];

  describe('Arpaillargues (30014): its surface prescriptions checked against its zones', () => {
    it('each prescription lies in zones of the PLU whose shares sum to 100 % (± 0.01), edge contacts included, less what no zone covers, plus what overlapping zones cover twice', async () => {
      const prescriptions = await lambert93(`SELECT gid, geom FROM plu_prescription WHERE nature_geom = 'surf' AND idurba = '30014_PLU_20171013' ORDER BY gid`);
      expect(prescriptions.length).toBe(surfPrescriptions);
      let checked = 0, overlapping = 0;
      for (const p of prescriptions) {
        const r = await check({ geometry: p.g, crs: 'EPSG:2154', tolerance: { area: 0, share: 0 } });
        const zones = [...r.zones, ...r.edgeContacts.filter((c) => c.layer === 'zone_urba')];
        expect(zones.length, `prescription ${p.gid}`).toBeGreaterThan(0);
        const covered = zones.reduce((s, z) => s + (z.share ?? 0), 0);
        // Where the PLU covers the whole prescription and its zones do not overlap, they partition it.
        // Computed independently, on the undivided zones.
        const { rows: [c] } = await db.knex.raw(`
          WITH z AS (SELECT ST_Intersection(z.geom, p.geom, 1e-8) AS g, ST_Area(p.geom) AS pa FROM plu_zone_urba z, plu_prescription p
                     WHERE p.gid = ? AND z.idurba = p.idurba AND ST_Intersects(z.geom, p.geom))
          SELECT 100 * (1 - ST_Area(ST_Union(g)) / max(pa)) AS outside,
                 100 * (sum(ST_Area(g)) - ST_Area(ST_Union(g))) / max(pa) AS twice
          FROM z`, [p.gid]);
        expect(covered, `prescription ${p.gid}`).toBeCloseTo(100 - c.outside + c.twice, 2);
        if (c.twice > 0.01) overlapping++;
        // The prescription finds itself, whole.
        expect(r.prescriptions.find((x) => x.gid === p.gid)?.share, `prescription ${p.gid}`).toBeCloseTo(100, 2);
        checked++;
      }
      expect(checked).toBe(surfPrescriptions);
      // Real data: a few zones of this PLU overlap each other a little (digitising); the check
      // reports each zone's own share rather than hiding the overlap.
      expect(overlapping).toBeLessThan(10);
    });

    it('zone areas computed on the subdivided layer equal those on the undivided zones at the same overlay precision (± 1e-6 m²)', async () => {
      const prescriptions = await lambert93(`SELECT gid, geom FROM plu_prescription WHERE nature_geom = 'surf' ORDER BY gid`);
      // The undivided computation with the overlay the check used: floating-point, or snap-rounded to
      // 10 nm where GEOS failed (PGlite); where it fails on the undivided zones only, both sides are
      // compared snap-rounded.
      const undivided = (ewkb: string, grid: string) => db.knex.raw(`
          SELECT z.gid, ST_Area(ST_Intersection(z.geom, ?::geometry${grid})) AS area
          FROM plu_zone_urba z WHERE ST_Intersects(z.geom, ?::geometry)`, [ewkb, ewkb]).then((r) => r.rows as { gid: number; area: number }[]);
      let worst = 0, compared = 0;
      for (const p of prescriptions) {
        const { ewkb } = await toLambert93(db.knex, p.g, 2154);
        let found = await intersections(db.knex, [], ewkb);
        const rows = await undivided(ewkb, found.snapped ? ', 1e-8' : '').catch(async (e) => {
          if (!isOverlayFailure(e)) throw e;
          found = await intersections(db.knex, [], ewkb, { snapped: true });
          return undivided(ewkb, ', 1e-8');
        });
        for (const z of rows) {
          const piecesSum = found.rows.find((f) => f.layer === 'zone_urba' && f.gid === Number(z.gid))?.measure ?? 0;
          worst = Math.max(worst, Math.abs(piecesSum - z.area));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(surfPrescriptions);
      expect(worst).toBeLessThanOrEqual(1e-6);
    });

    it('a check falls back to the snap-rounded overlay where GEOS fails, also inside a transaction, which goes on', async () => {
      const prescriptions = await lambert93(`SELECT gid, geom FROM plu_prescription WHERE nature_geom = 'surf' AND idurba = '30014_PLU_20171013' ORDER BY gid`);
      // Outside a transaction first: PGlite has one connection, which the transaction then holds.
      const outside = new Map<number, Awaited<ReturnType<typeof intersections>>>();
      for (const p of prescriptions) outside.set(p.gid, await intersections(db.knex, [], (await toLambert93(db.knex, p.g, 2154)).ewkb));
      let snapped = 0;
      await db.knex.transaction(async (trx) => {
        for (const p of prescriptions) {
          const { ewkb } = await toLambert93(trx, p.g, 2154);
          const inTrx = await intersections(trx, [], ewkb);
          // Still usable: a failed statement would have aborted the transaction.
          expect((await trx.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
          expect(inTrx.snapped, `prescription ${p.gid}`).toBe(outside.get(p.gid)!.snapped);
          expect(inTrx.rows, `prescription ${p.gid}`).toEqual(outside.get(p.gid)!.rows);
          // The prescription finds itself, whichever overlay measured it.
          expect(inTrx.rows.find((r) => r.layer === 'prescription' && r.gid === p.gid)!.measure / inTrx.subjectArea).toBeCloseTo(1, 6);
          if (inTrx.snapped) snapped++;
        }
      });
      // PGlite's GEOS (WebAssembly) fails on some of these; native GEOS 3.11+ recovers by itself.
      if (db.engine === 'pglite') expect(snapped).toBeGreaterThan(0);
      expect(snapped).toBeLessThan(prescriptions.length / 2);
    });

    it('a STECAL prescription brings the zone it lies in with its CNIG attributes', async () => {
      const [p] = await lambert93(`SELECT gid, geom FROM plu_prescription WHERE txt = 'STECAL' ORDER BY gid LIMIT 1`);
      const r = await check({ geometry: p!.g, crs: 'EPSG:2154' });
      expect(r.zones[0]!.properties).toMatchObject({ idurba: '30014_PLU_20171013', typezone: expect.stringMatching(/^(U|AUc|AUs|A|N)$/), partition: 'DU_30014' });
      expect(r.zones[0]!.properties.libelle).toBeTruthy();
    });
  });

  describe('Bonifacio (2A041): its monuments against their AC1 perimeters', () => {
    it('each monument of Bonifacio is inside its own 500 m perimeter, which calls for the ABF and +1 month', async () => {
      const monuments = await lambert93(`SELECT gid, geom FROM sup_generateur WHERE categorie = 'AC1' AND attributs->>'adresse' LIKE '2A041%' ORDER BY gid`);
      expect(monuments.length).toBe(21);
      let withPerimeter = 0;
      for (const m of monuments) {
        // A monument has two assiettes: itself ("Egal au générateur") and its 500 m "Zone tampon"
        // (two monuments of the delivery, listed twice, have no tampon).
        const { rows: own } = await db.knex.raw(`SELECT a.gid FROM sup_assiette a JOIN sup_generateur g ON g.partition = a.partition AND g.idgen = a.idgen
          WHERE g.gid = ? AND a.modegeoass = 'Zone tampon'`, [m.gid]);
        const r = await check({ geometry: m.g, crs: 'EPSG:2154' });
        if (!own.length) continue;
        withPerimeter++;
        const mine = r.servitudes.find((s) => s.gid === own[0].gid);
        expect(mine, `monument ${m.gid}`).toBeDefined();
        expect(mine!.share).toBeCloseTo(100, 2);
        expect(mine!.properties).toMatchObject({ categorie: 'AC1', suptype: 'ac1', partition: '172014607_SUP_2A_AC1' });
        expect(r.consequences.find((c) => c.code === 'abf_abords')).toMatchObject({ majoration: { article: 'R423-24 c', months: 1, mode: 'add' } });
      }
      expect(withPerimeter).toBeGreaterThanOrEqual(19);
    });
  });

  describe('Épinay-sur-Orge (91216): parcels against a zoning built from them', () => {
    beforeAll(async () => {
      // Zone "UA" = the union of section AB's parcels; zone "N" = every other parcel of the commune.
      await db.execScript(db.knex, `
        INSERT INTO plu_doc_urba (idurba, typedoc, partition) VALUES ('91216_PLU_20990101', 'PLU', 'DU_91216');
        INSERT INTO plu_zone_urba (idurba, libelle, typezone, geom)
          SELECT '91216_PLU_20990101', 'UA', 'U', ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom)), 3)) FROM cadastre_parcelles WHERE section = 'AB';
        INSERT INTO plu_zone_urba (idurba, libelle, typezone, geom)
          SELECT '91216_PLU_20990101', 'N', 'N', ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom)), 3)) FROM cadastre_parcelles WHERE section <> 'AB';`);
    });

    it('a parcel of section AB is in UA only (100 %), and its neighbours across the border are at most edge contacts', async () => {
      const { rows } = await db.knex.raw(`
        SELECT p.id FROM cadastre_parcelles p WHERE p.section = 'AB'
          AND EXISTS (SELECT 1 FROM cadastre_parcelles q WHERE q.section <> 'AB' AND ST_Touches(p.geom, q.geom))
        ORDER BY p.id LIMIT 5`);
      expect(rows.length).toBeGreaterThan(0);
      for (const { id } of rows) {
        const r = await check({ parcels: [id] });
        expect(r.zones.map((z) => [z.properties.libelle, z.share]), id).toEqual([['UA', 100]]);
        for (const e of r.edgeContacts.filter((c) => c.layer === 'zone_urba')) expect(e.properties.libelle).toBe('N');
      }
    });

    it('two parcels on either side of the border straddle UA and N, with shares in proportion to their areas', async () => {
      const { rows: [pair] } = await db.knex.raw(`
        SELECT p.id AS a, q.id AS b, ST_Area(p.geom) AS area_a, ST_Area(q.geom) AS area_b
        FROM cadastre_parcelles p JOIN cadastre_parcelles q ON p.section = 'AB' AND q.section <> 'AB' AND ST_Intersects(p.geom, q.geom)
          AND ST_Length(ST_Intersection(ST_Boundary(p.geom), ST_Boundary(q.geom))) > 5
        ORDER BY p.id, q.id LIMIT 1`);
      const r = await check({ parcels: [pair.a, pair.b] });
      const share = Object.fromEntries(r.zones.map((z) => [z.properties.libelle, z.share!]));
      expect(share.UA).toBeCloseTo((100 * pair.area_a) / (pair.area_a + pair.area_b), 1);
      expect(share.UA! + share.N!).toBeCloseTo(100, 2);
      expect(r.subject.parcels).toEqual([pair.a, pair.b]);
    });

    it('the parcel imported without contenance is checked like any other', async () => {
      const { rows: [p] } = await db.knex.raw(`SELECT id FROM cadastre_parcelles WHERE commune = '91216' AND contenance IS NULL LIMIT 1`);
      const r = await check({ parcels: [p.id] });
      expect(r.subject.area).toBeGreaterThan(0);
      expect(r.zones.length).toBeGreaterThan(0);
    });
  });
}
