import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { polygonFromArcs } from './edigeo.ts';
import { ImportError, runImport, totals } from './index.ts';
import { count, invalidGeometries, real, scratch, truncatedCopy } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

// Two real feuilles of Luxiol 25354, byte for byte (fixtures/SOURCES.md): AB01 (14 parcels), ZD01 (22).
// Every feuille of the shared data against its Etalab conversion: edigeo.data.test.ts.
const AB = real('cadastre/edigeo-raw/25354/edigeo-25354000AB01.tar.bz2');
const ZD = real('cadastre/edigeo-raw/25354/edigeo-25354000ZD01.tar.bz2');
const tmp = scratch('edigeo');
const luxiol = () => count(db, 'cadastre_parcelles', 'commune = ?', ['25354']);

/** The feuille unpacked into dir, as the DGFiP's files sit in a folder. */
function unpacked(archive: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xjf', archive, '-C', dir]);
  return dir;
}

describe('EDIGEO feuilles in their tar.bz2 archives', () => {
  it('imports the parcels of each feuille with the Etalab fields, in the Lambert-93 of the .GEO', async () => {
    const report = await runImport(db.knex, 'cadastre', [AB, ZD]);
    expect(totals(report)).toEqual({ read: 36, imported: 36, repaired: 0, rejected: 0 });
    expect(report.communes).toEqual(['25354']);
    const p = (await db.knex.raw(`SELECT id, commune, prefixe, section, numero, contenance, arpente, created, updated,
        ST_SRID(geom) AS srid, ST_Area(geom) AS area, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y
      FROM cadastre_parcelles WHERE id = '25354000AB0001'`)).rows[0];
    // As in the Etalab conversion of the same feuille: section and numero without leading zeros, QAL dates.
    expect(p).toMatchObject({ commune: '25354', prefixe: '000', section: 'AB', numero: '1', contenance: 226060, arpente: false,
      created: '2008-07-14', updated: '2014-03-03', srid: 2154 });
    expect(Math.abs(p.area - 226060) / 226060).toBeLessThan(0.02);
    expect(p.x).toBeGreaterThan(950000); expect(p.x).toBeLessThan(1000000);
    expect(p.y).toBeGreaterThan(6700000); expect(p.y).toBeLessThan(6720000);
    expect(await count(db, 'cadastre_parcelles', `commune = '25354' AND section = 'ZD'`)).toBe(22);
    expect(await invalidGeometries(db)).toBe(0);
  });

  it('re-importing replaces the commune once for all its feuilles, even from two archives: no duplicates', async () => {
    await db.knex('cadastre_parcelles').where({ id: '25354000AB0001' }).update({ contenance: 1 });
    await runImport(db.knex, 'cadastre', [AB, ZD]);
    expect(await luxiol()).toBe(36);
    expect((await db.knex('cadastre_parcelles').where({ id: '25354000AB0001' }).first('contenance')).contenance).toBe(226060);
    // Replacement is per commune, as for Etalab files: a feuille alone replaces the commune's parcels.
    await runImport(db.knex, 'cadastre', [AB]);
    expect(await luxiol()).toBe(14);
  });

  it('without a communes layer, the commune gets a communes row named by its INSEE code', async () => {
    expect(await count(db, 'communes', `insee = '25354'`)).toBe(1);
  });

  it('a damaged archive fails the whole import, naming the archive: nothing is written', async () => {
    await runImport(db.knex, 'cadastre', [AB, ZD]);
    const broken = truncatedCopy(ZD, path.join(tmp, 'broken', 'edigeo-25354000ZD01.tar.bz2'));
    await db.knex('cadastre_parcelles').where({ id: '25354000AB0001' }).update({ contenance: 1 });
    const err = await runImport(db.knex, 'cadastre', [AB, broken]).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toContain(broken);
    expect(await luxiol()).toBe(36);
    expect((await db.knex('cadastre_parcelles').where({ id: '25354000AB0001' }).first('contenance')).contenance).toBe(1);
  });
});

describe('EDIGEO feuilles as folders', () => {
  it('a feuille unpacked in a folder named by its code gives the same parcels as its archive', async () => {
    const dir = unpacked(AB, path.join(tmp, 'unpacked', '25354000AB01'));
    await runImport(db.knex, 'cadastre', [AB]);
    const fromArchive = await db.knex.raw(`SELECT id, contenance, ST_AsBinary(geom) AS g FROM cadastre_parcelles WHERE commune = '25354' ORDER BY id`);
    const report = await runImport(db.knex, 'cadastre', [dir]);
    expect(totals(report).imported).toBe(14);
    const fromFolder = await db.knex.raw(`SELECT id, contenance, ST_AsBinary(geom) AS g FROM cadastre_parcelles WHERE commune = '25354' ORDER BY id`);
    expect(fromArchive.rows.length).toBe(14);
    expect(fromFolder.rows).toEqual(fromArchive.rows);
  });

  it('a folder whose name does not give the feuille code is refused: the département would be unknown', async () => {
    const dir = unpacked(AB, path.join(tmp, 'sans-code', 'feuille'));
    const err = await runImport(db.knex, 'cadastre', [dir]).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toMatch(/code .*25354000AB01/);
  });

  it('a projection other than Lambert-93 or CC42–CC50 is refused, naming the .GEO', async () => {
    const dir = unpacked(AB, path.join(tmp, 'lambert2', '25354000AB01'));
    const geo = path.join(dir, 'EDAB01SE.GEO');
    fs.writeFileSync(geo, fs.readFileSync(geo, 'latin1').replace('RELSA06:LAMB93', 'RELSA06:LAMB2E'), 'latin1');
    const err = await runImport(db.knex, 'cadastre', [dir]).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toContain(geo);
    expect(err.message).toContain('LAMB2E');
  });
});

describe('a parcel rebuilt from the arcs of its faces', () => {
  it('a parcel whose arcs do not close is rejected with the reason, the others imported', async () => {
    const dir = unpacked(AB, path.join(tmp, 'arc-vide', '25354000AB01'));
    // The first arc of the feuille loses its coordinates: the faces on either side cannot close.
    const vec = path.join(dir, 'EDAB01T1.VEC');
    const text = fs.readFileSync(vec, 'latin1');
    const start = text.indexOf('RTYSA03:PAR');
    const end = text.indexOf('RTYSA03:', start + 1);
    fs.writeFileSync(vec, text.slice(0, start) + text.slice(start, end).replace(/CORCC\d\d:[^\r\n]*\r\n/g, '') + text.slice(end), 'latin1');
    const report = await runImport(db.knex, 'cadastre', [dir]);
    const t = totals(report);
    expect(t.rejected).toBeGreaterThan(0);
    expect(t.imported + t.rejected).toBe(14);
    expect(report.files[0]!.rejected[0]).toMatchObject({ feature: expect.stringMatching(/^25354000AB\d{4}$/), reason: expect.stringMatching(/contour non fermé/) });
  });

  type P = [number, number];
  const sq = (x: number, y: number, s: number): P[] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

  it('arcs are chained end to end whichever their direction', () => {
    expect(polygonFromArcs([[[0, 0], [10, 0], [10, 10]], [[0, 0], [0, 10], [10, 10]]]))
      .toEqual({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] });
  });

  it('a ring inside another is its hole (an enclave); separate rings make a MultiPolygon', () => {
    expect(polygonFromArcs([sq(2, 2, 2), sq(0, 0, 10)])).toEqual({ type: 'Polygon', coordinates: [sq(0, 0, 10), sq(2, 2, 2)] });
    const multi = polygonFromArcs([sq(0, 0, 10), sq(20, 0, 5)]);
    expect(multi).toMatchObject({ type: 'MultiPolygon', coordinates: [[sq(0, 0, 10)], [sq(20, 0, 5)]] });
  });

  it('arcs that do not close are a reason to reject the parcel', () => {
    expect(polygonFromArcs([[[0, 0], [10, 0], [10, 10]]])).toMatch(/contour non fermé/);
  });
});
