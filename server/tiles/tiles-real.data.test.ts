// Vector tiles on the densest real data at hand (npm run test:data): the whole Épinay-sur-Orge (91216)
// Etalab cadastre, imported with the importer, and a zone covering the whole commune built from its parcels.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { importCadastreFiles } from '../import/index.ts';
import { shared } from '../import/test-helpers.ts';
import { findLayer } from '../layers/registry.ts';
import { jsTile } from './render.ts';
import { postgisTile } from './queries.ts';
import type { Tile } from './tile.ts';
import { decodeTile, featureKey, sameDrawing, tileAt, tilesOver } from './testing.ts';

const MAX_TILE_BYTES = 500 * 1024;
const engine = inject('template').engine;
let db: Db;
let http: TestServer;
let bbox: number[]; // WGS84 extent of the commune's parcels
let centre: { lon: number; lat: number };

beforeAll(async () => {
  db = await testDb();
  http = await serve(buildApp(db));
}, 120_000);
afterAll(async () => { await http?.close(); await db?.close(); });

const url = (layer: string, t: Tile) => `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;
async function fetchTile(layer: string, t: Tile) {
  const res = await fetch(http.url + url(layer, t));
  expect(res.status).toBe(200);
  return { etag: res.headers.get('etag'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('Épinay-sur-Orge (91216), 4,241 parcels', () => {
  it('an import changes the tiles and their ETags at once', async () => {
    // Where Épinay is (from the file, before anything is imported): 2.31°E 48.67°N.
    const t = tileAt(2.31, 48.67, 15);
    const before = await fetchTile('parcelles', t);
    expect(decodeTile(before.bytes)).toEqual({});

    await importCadastreFiles(db.knex, [shared('cadastre/etalab/cadastre-91216-parcelles.json')]);
    const { rows: [b] } = await db.knex.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1,
        ST_X(c) AS lon, ST_Y(c) AS lat
      FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom), 2154), 4326) AS e,
                   ST_Transform(ST_PointOnSurface(ST_Collect(geom)), 4326) AS c FROM cadastre_parcelles) x`);
    bbox = [b.x0, b.y0, b.x1, b.y1];
    centre = { lon: b.lon, lat: b.lat };
    expect(bbox[0]).toBeLessThan(2.31); expect(bbox[2]).toBeGreaterThan(2.31);

    const after = await fetchTile('parcelles', t);
    expect(after.etag).not.toBe(before.etag);
    expect(decodeTile(after.bytes).parcelles!.features.length).toBeGreaterThan(100);
  }, 240_000);

  it('keeps every parcel tile under 500 KB at zoom 15, the lowest zoom with parcels, and draws every parcel', async () => {
    const tiles = tilesOver(bbox, 15);
    const seen = new Set<string>();
    let largest = 0;
    for (const t of tiles) {
      const { bytes } = await fetchTile('parcelles', t);
      largest = Math.max(largest, bytes.byteLength);
      for (const f of decodeTile(bytes).parcelles?.features ?? []) seen.add(String(f.properties.id));
    }
    expect(largest).toBeGreaterThan(50 * 1024); // a dense tile indeed
    expect(largest).toBeLessThan(MAX_TILE_BYTES);
    const { rows: [n] } = await db.knex.raw('SELECT count(*)::int AS n FROM cadastre_parcelles');
    expect(seen.size).toBe(n.n);
  }, 120_000);

  it('keeps a zone covering the whole commune under 500 KB at every zoom, down to one tile for the commune', async () => {
    await db.execScript(db.knex, `
      INSERT INTO plu_doc_urba (idurba, typedoc, partition) VALUES ('91216_PLU_20990101', 'PLU', 'DU_91216');
      INSERT INTO plu_zone_urba (idurba, libelle, typezone, geom)
        SELECT '91216_PLU_20990101', 'N', 'N', ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom)), 3)) FROM cadastre_parcelles;`);
    const { rows: [z] } = await db.knex.raw('SELECT ST_NPoints(geom) AS n FROM plu_zone_urba');
    expect(z.n).toBeGreaterThan(1000);
    for (let zoom = 8; zoom <= 18; zoom++) {
      const { bytes } = await fetchTile('zone_urba', tileAt(centre.lon, centre.lat, zoom));
      const features = decodeTile(bytes).zone_urba?.features ?? [];
      expect(features.length, `zoom ${zoom}`).toBe(1);
      expect(bytes.byteLength, `zoom ${zoom}`).toBeLessThan(MAX_TILE_BYTES);
    }
  });

  it.runIf(engine === 'postgresql')('ST_AsMVT and the JS encoder draw the same parcels on the dense tiles, within a pixel', async () => {
    let compared = 0;
    for (const t of tilesOver(bbox, 15)) {
      const layer = findLayer('parcelles')!;
      const a = decodeTile((await postgisTile(db.knex, layer, t)).body).parcelles?.features ?? [];
      const b = new Map((decodeTile((await jsTile(db.knex, layer, t)).body).parcelles?.features ?? []).map((f) => [featureKey('parcelles', f), f]));
      expect(b.size).toBe(a.length);
      for (const f of a) {
        const g = b.get(featureKey('parcelles', f));
        expect(g, featureKey('parcelles', f)).toBeDefined();
        expect(sameDrawing(f, g!), featureKey('parcelles', f)).toBe(true);
        compared++;
      }
    }
    const { rows: [n] } = await db.knex.raw('SELECT count(*)::int AS n FROM cadastre_parcelles');
    expect(compared).toBeGreaterThanOrEqual(n.n); // every parcel, some in two tiles
  });
});
