// Overseas communes: parcels imported from WGS84 (as Etalab publishes them) are measured in their
// territory's legal projection, not in Lambert-93 where they are stored; WGS84 footprints there are
// accepted by /api/checks and API Carto.
import fs from 'node:fs';
import path from 'node:path';
import proj4 from 'proj4';
import projections from '@etalab/project-legal/projections.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { runImport, totals } from '../import/index.ts';
import { scratch } from '../import/test-helpers.ts';
import { TERRITORIES } from './territories.ts';

let db: Db;
let http: TestServer;
const tmp = scratch('overseas');

// A 100 m × 60 m parcel (6 000 m² in the legal projection) and a zone covering its western 40 m.
const PLACES = [
  { name: 'Réunion', insee: '97411', srid: 2975, x: 338000, y: 7690000 },
  { name: 'Guadeloupe', insee: '97101', srid: 5490, x: 660000, y: 1799000 },
] as const;

const legal = (srid: number) => projections.find((p) => p.epsg === srid)!.proj4;
// Etalab's precision: 7 decimals (about 1 cm), which moves the area by a few 1e-4 at most.
const toWgs84 = (srid: number, ring: number[][]) =>
  ring.map(([x, y]) => proj4(legal(srid), 'EPSG:4326', [x!, y!]).map((v) => Math.round(v * 1e7) / 1e7));
const rect = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

beforeAll(async () => {
  db = await testDb();
  for (const p of PLACES) {
    const id = `${p.insee}000AB0001`;
    const file = path.join(tmp, `cadastre-${p.insee}-parcelles.json`);
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{
      type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [toWgs84(p.srid, rect(p.x, p.y, p.x + 100, p.y + 60))] },
      properties: { id, commune: p.insee, prefixe: '000', section: 'AB', numero: '1', contenance: 6000, arpente: true, created: '2020-01-01', updated: '2020-01-01' },
    }] }));
    expect(totals(await runImport(db.knex, 'cadastre', [file]))).toMatchObject({ imported: 1, rejected: 0 });
    await db.knex.raw(`INSERT INTO plu_doc_urba (idurba, typedoc, partition) VALUES (?, 'PLU', ?)`, [`${p.insee}_PLU_20240115`, `DU_${p.insee}`]);
    await db.knex.raw(`INSERT INTO plu_zone_urba (idurba, libelle, typezone, geom)
      VALUES (?, 'UA', 'U', ST_Multi(ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, ?::int), 2154)))`,
    [`${p.insee}_PLU_20240115`, p.x - 50, p.y - 50, p.x + 40, p.y + 110, p.srid]);
  }
  http = await serve(buildApp(db));
});
afterAll(async () => { await http?.close(); await db?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

const within = (value: number, expected: number, relative: number) => expect(Math.abs(value - expected) / expected).toBeLessThan(relative);

describe.each(PLACES)('a parcel in $name ($insee, EPSG:$srid)', (p) => {
  it('is stored in Lambert-93 but measured in its legal projection, within 0.1 %', async () => {
    const { rows: [r] } = await db.knex.raw(`SELECT legal_srid(geom) AS srid, legal_area(geom) AS area, ST_Area(geom) AS l93,
      ST_Area(ST_Transform(geom, ?::int)) AS legal FROM cadastre_parcelles WHERE id = ?`, [p.srid, `${p.insee}000AB0001`]);
    expect(r.srid).toBe(p.srid);
    within(r.area, 6000, 0.001);
    expect(r.area).toBeCloseTo(r.legal, 6);
    // What a Lambert-93 measure would have said: off by 28 % in Guadeloupe, 250 % in Réunion.
    expect(Math.abs(r.l93 - 6000) / 6000).toBeGreaterThan(0.2);
  });

  it('is checked with areas in the legal projection: 40 % in its zone', async () => {
    const { status, body } = await http.post('/api/checks', { parcels: [`${p.insee}000AB0001`] });
    expect(status).toBe(200);
    within(body.subject.area, 6000, 0.001);
    expect(body.zones).toHaveLength(1);
    within(body.zones[0].area, 2400, 0.001);
    expect(body.zones[0].share).toBeCloseTo(40, 1);
    expect(body.plu.loaded).toBe(true);
  });

  it('a WGS84 footprint there is accepted by /api/checks and measured in the legal projection', async () => {
    const footprint = { type: 'Polygon', coordinates: [toWgs84(p.srid, rect(p.x + 10, p.y + 10, p.x + 30, p.y + 30))] };
    const { status, body } = await http.post('/api/checks', { geometry: footprint });
    expect(status, JSON.stringify(body)).toBe(200);
    within(body.subject.area, 400, 0.001);
    expect(body.zones.map((z: any) => z.share)).toEqual([100]);
  });

  it('and by API Carto’s urbanisme route', async () => {
    const geom = { type: 'Polygon', coordinates: [toWgs84(p.srid, rect(p.x + 30, p.y + 10, p.x + 50, p.y + 30))] };
    const { status, body } = await http.post('/api/gpu/zone-urba', { geom });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.features).toHaveLength(1);
    within(body.features[0].properties.intersection_area, 200, 0.001);
    expect(body.features[0].properties.intersection_share).toBeCloseTo(50, 1);
  });
});

describe('the territories', () => {
  it('SQL and JS hold the same bounds, @etalab/project-legal’s', async () => {
    const { rows } = await db.knex.raw(`SELECT srid, x0, y0, x1, y1 FROM legal_projections ORDER BY srid`);
    const js = TERRITORIES.filter((t) => t.srid !== 2154).sort((a, b) => a.srid - b.srid);
    expect(rows.map((r: any) => [r.srid, r.x0, r.y0, r.x1, r.y1])).toEqual(js.map((t) => [t.srid, ...t.bounds]));
  });

  it('a footprint in the open Atlantic is refused as outside France', async () => {
    const { status, body } = await http.post('/api/checks', { geometry: { type: 'Polygon', coordinates: [rect(-30, 30, -29.999, 30.001)] } });
    expect(status).toBe(400);
    expect(body.error.code).toBe('geometry_outside_france');
  });
});
