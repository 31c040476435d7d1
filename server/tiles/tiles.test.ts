// Vector tiles on the demo commune (96001): what a tile holds, how it is addressed, cached and
// revalidated, and — on PostgreSQL — that ST_AsMVT and the JS encoder used on PGlite agree.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { loadDemo } from '../demo/load.ts';
import { LAYERS, findLayer } from '../layers/registry.ts';
import { BUFFER, EXTENT, tileSize, type Tile } from './tile.ts';
import { jsTile } from './render.ts';
import { featuresSql, mvtSql, postgisTile } from './queries.ts';
import { decodeTile, featureKey, ringArea, sameDrawing, tileAt, vertexDistance, type Decoded, type DecodedFeature } from './testing.ts';

const engine = inject('template').engine;
let db: Db;
let http: TestServer;
let centre: { lon: number; lat: number };

beforeAll(async () => {
  db = await testDb();
  await loadDemo(db);
  http = await serve(buildApp(db));
  const { rows: [c] } = await db.knex.raw(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM communes WHERE insee = '96001') x`);
  centre = c;
}, 600_000); // the demo with its dossiers, on a shared machine
afterAll(async () => { await http?.close(); await db?.close(); });

const url = (layer: string, t: Tile) => `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;

async function fetchTile(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(http.url + path, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: () => new TextDecoder().decode(bytes) };
}

async function tileOf(layer: string, t: Tile): Promise<Decoded> {
  const res = await fetchTile(url(layer, t));
  expect(res.status, res.text()).toBe(200);
  return decodeTile(res.bytes);
}

/** Ids of the features of a layer table meeting the tile envelope, grown by `margin` (a share of the tile). */
async function idsMeeting(table: string, id: string, t: Tile, margin = 0): Promise<string[]> {
  const { rows } = await db.knex.raw(`SELECT ${id}::text AS id FROM ${table}
    WHERE ST_Intersects(geom, ST_Transform(ST_Segmentize(ST_TileEnvelope(?, ?, ?, margin => ?), 10), 2154)) ORDER BY 1`, [t.z, t.x, t.y, margin]);
  return rows.map((r: { id: string }) => r.id);
}

/** EPSG:3857 metres → tile units, computed here from the XYZ grid (not by the server's SQL). */
function toTileUnits(t: Tile, [mx, my]: [number, number]): { x: number; y: number } {
  const size = tileSize(t.z), half = tileSize(0) / 2;
  return { x: ((mx - (-half + t.x * size)) / size) * EXTENT, y: ((half - t.y * size - my) / size) * EXTENT };
}

/** A feature of a layer table, drawn in tile units from its stored geometry (rings of its polygons, or its lines). */
async function trueOutline(table: string, where: string, bindings: (string | number)[], t: Tile): Promise<DecodedFeature> {
  const { rows } = await db.knex.raw(`SELECT (d.path)[1] AS part, (d.path)[2] AS ring, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
    FROM (SELECT (ST_DumpPoints(ST_Transform(geom, 3857))).* FROM ${table} WHERE ${where}) d ORDER BY d.path`, bindings);
  const parts = new Map<string, { x: number; y: number }[]>();
  for (const r of rows) {
    const k = `${r.part}/${r.ring}`;
    if (!parts.has(k)) parts.set(k, []);
    parts.get(k)!.push(toTileUnits(t, [r.x, r.y]));
  }
  const geometry = [...parts.values()];
  const xs = geometry.flat().map((p) => p.x), ys = geometry.flat().map((p) => p.y);
  return { type: 3, properties: {}, geometry, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}

describe.runIf(engine === 'postgresql')('ST_AsMVT (PostgreSQL) and the JS encoder (PGlite) on the same data', () => {
  it('decode to the same features with the same properties, geometries within a pixel, on every layer and zoom', async () => {
    let compared = 0, exact = 0;
    for (const layer of LAYERS) {
      for (const z of [11, 13, 15, 16, 17, 18]) {
        const t = tileAt(centre.lon, centre.lat, z);
        const a = decodeTile((await postgisTile(db.knex, layer, t)).body);
        const b = decodeTile((await jsTile(db.knex, findLayer(layer.name)!, t)).body);
        expect(Object.keys(b).sort(), `${layer.name} z${z}`).toEqual(Object.keys(a).sort());
        for (const [name, { features }] of Object.entries(a)) {
          const other = new Map(b[name]!.features.map((f) => [featureKey(name, f), f]));
          expect(b[name]!.features.length, `${name} z${z}`).toBe(features.length);
          for (const f of features) {
            const g = other.get(featureKey(name, f));
            expect(g, `${featureKey(name, f)} z${z}`).toBeDefined();
            expect(sameDrawing(f, g!), `${featureKey(name, f)} z${z}`).toBe(true);
            compared++;
            if (vertexDistance(f, g!) === 0) exact++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    expect(exact / compared).toBeGreaterThan(0.9);
  });
});

describe('GET /tiles/<layer>/<z>/<x>/<y>.mvt', () => {
  it('holds every parcel meeting the tile, none beyond its buffer, each with its public attributes', async () => {
    const t = tileAt(centre.lon, centre.lat, 16);
    const tile = await tileOf('parcelles', t);
    const features = tile.parcelles!.features;
    const ids = features.map((f) => String(f.properties.id)).sort();
    expect(new Set(ids).size).toBe(ids.length);
    const inside = await idsMeeting('cadastre_parcelles', 'id', t);
    const buffered = await idsMeeting('cadastre_parcelles', 'id', t, BUFFER / EXTENT);
    expect(inside.length).toBeGreaterThan(10);
    expect(ids).toEqual(expect.arrayContaining(inside));
    for (const id of ids) expect(buffered).toContain(id);

    const { rows } = await db.knex.raw(`SELECT id, commune, prefixe, section, numero, contenance FROM cadastre_parcelles WHERE id = ANY(?)`, [ids]);
    const byId = new Map(rows.map((r: Record<string, unknown>) => [r.id, r]));
    for (const f of features) {
      const row = byId.get(f.properties.id) as Record<string, unknown>;
      // MVT has no null: an absent contenance is left out.
      expect(f.properties).toEqual(Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)));
      expect(f.type).toBe(3);
      for (const ring of f.geometry) for (const p of ring) {
        expect(p.x).toBeGreaterThanOrEqual(-BUFFER); expect(p.x).toBeLessThanOrEqual(EXTENT + BUFFER);
        expect(p.y).toBeGreaterThanOrEqual(-BUFFER); expect(p.y).toBeLessThanOrEqual(EXTENT + BUFFER);
      }
      // The MVT rule: an exterior ring has a positive area in tile coordinates.
      expect(ringArea(f.geometry[0]!)).toBeGreaterThan(0);
    }
    expect(Object.keys(tile)).toEqual(['parcelles']); // no labels before zoom 17
  });

  it('draws a parcel inside the tile on its own outline, within the snapping to tile units, at full detail (zoom 17)', async () => {
    const t = tileAt(centre.lon, centre.lat, 17);
    const features = (await tileOf('parcelles', t)).parcelles!.features
      .filter((f) => f.bbox[0] > 0 && f.bbox[1] > 0 && f.bbox[2] < EXTENT && f.bbox[3] < EXTENT);
    expect(features.length).toBeGreaterThan(0);
    for (const f of features) {
      const truth = await trueOutline('cadastre_parcelles', 'id = ?', [String(f.properties.id)], t);
      expect(vertexDistance(f, truth), String(f.properties.id)).toBeLessThanOrEqual(Math.SQRT1_2 + 1e-9);
    }
  });

  it('labels each parcel once from zoom 17, in the tile holding its label point, even when the parcel spans several tiles', async () => {
    const t0 = tileAt(centre.lon, centre.lat, 17);
    const block = [t0, { ...t0, x: t0.x + 1 }, { ...t0, y: t0.y + 1 }, { ...t0, x: t0.x + 1, y: t0.y + 1 }];
    const labels = new Map<string, number>(), pieces = new Map<string, number>();
    for (const t of block) {
      const tile = await tileOf('parcelles', t);
      for (const f of tile.parcelles?.features ?? []) pieces.set(String(f.properties.id), (pieces.get(String(f.properties.id)) ?? 0) + 1);
      for (const f of tile.parcelles_labels?.features ?? []) {
        expect(f.type).toBe(1);
        expect(f.properties.section).toBeTruthy();
        labels.set(String(f.properties.id), (labels.get(String(f.properties.id)) ?? 0) + 1);
      }
    }
    expect([...labels.values()].every((n) => n === 1)).toBe(true);
    expect([...pieces.values()].some((n) => n > 1)).toBe(true);
    // Exactly the parcels whose label point lies in the block of four tiles.
    const { rows } = await db.knex.raw(`SELECT id FROM cadastre_parcelles,
        (SELECT ST_TileEnvelope(?, ?, ?) AS a, ST_TileEnvelope(?, ?, ?) AS b) e
      WHERE ST_Intersects(ST_Transform(ST_PointOnSurface(geom), 3857), ST_MakeEnvelope(ST_XMin(a), ST_YMin(b), ST_XMax(b), ST_YMax(a), 3857))`,
    [t0.z, t0.x, t0.y, t0.z, t0.x + 1, t0.y + 1]);
    expect([...labels.keys()].sort()).toEqual(rows.map((r: { id: string }) => r.id).sort());
  });

  it('serves parcels only from zoom 15, where they are legible: an empty tile below', async () => {
    const low = await fetchTile(url('parcelles', tileAt(centre.lon, centre.lat, 14)));
    expect(low.status).toBe(200);
    expect(low.bytes.byteLength).toBe(0);
    expect(decodeTile(low.bytes)).toEqual({});
    expect((await tileOf('parcelles', tileAt(centre.lon, centre.lat, 15))).parcelles!.features.length).toBeGreaterThan(0);
  });

  it('simplifies to about a pixel below zoom 17: fewer vertices, the outline within a pixel of the true one', async () => {
    const t = tileAt(centre.lon, centre.lat, 12);
    const features = (await tileOf('assiettes_sup', t)).assiettes_sup!.features
      .filter((f) => f.type === 3 && f.bbox[0] > 0 && f.bbox[1] > 0 && f.bbox[2] < EXTENT && f.bbox[3] < EXTENT);
    expect(features.length).toBeGreaterThan(0);
    let fewer = 0;
    for (const f of features) {
      const truth = await trueOutline('sup_assiette', 'gid = ?', [Number(f.properties.gid)], t);
      const pixel = EXTENT / 256;
      expect(vertexDistance(f, truth)).toBeLessThanOrEqual(pixel + 1);
      if (f.geometry.flat().length < truth.geometry.flat().length) fewer++;
    }
    expect(fewer).toBeGreaterThan(0);
  });

  it('serves every public layer of the registry with that layer’s attributes only', async () => {
    const t = tileAt(centre.lon, centre.lat, 15);
    // Layers drawn only from a higher zoom (the permits' land, from 17) are tested by their module.
    for (const layer of LAYERS.filter((l) => (l.minZoom ?? 0) <= t.z)) {
      const tile = await tileOf(layer.name, t);
      expect(tile[layer.name]?.features.length, layer.name).toBeGreaterThan(0);
      const { rows: [row] } = await db.knex.raw(`SELECT ${layer.properties} AS p FROM ${layer.from} LIMIT 1`);
      for (const f of tile[layer.name]!.features) {
        for (const k of Object.keys(f.properties)) expect(Object.keys(row.p), `${layer.name}.${k}`).toContain(k);
      }
      for (const name of Object.keys(tile)) expect([layer.name, `${layer.name}_labels`]).toContain(name);
    }
  });

  it('finds a tile’s features through the layer’s GiST index, in one statement on either path', async () => {
    const t = tileAt(centre.lon, centre.lat, 16);
    for (const layer of LAYERS) {
      for (const q of [mvtSql(layer, t), featuresSql(layer, t)]) {
        // The demo tables are small enough for a sequential scan to win: forbid it to see the index can serve.
        const plan = await db.knex.transaction(async (trx) => {
          await trx.raw('SET LOCAL enable_seqscan = off');
          return (await trx.raw(`EXPLAIN ${q.sql}`, q.bindings)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        });
        expect(plan, layer.name).toMatch(/Index (Only )?Scan using \w+_geom_idx|Bitmap Index Scan on \w+_geom_idx/);
      }
    }
  });

  it('answers 404 for an unknown layer and 400 for a malformed or out-of-range address, saying what is wrong', async () => {
    const cases: [string, number, string, RegExp][] = [
      ['/tiles/dossiers/15/16520/11700.mvt', 404, 'layer_unknown', /Couche de tuiles inconnue\s: «\sdossiers\s»\. Couches disponibles\s: communes, sections, parcelles/],
      ['/tiles/parcelles/15/16520/11700.png', 400, 'tile_address_malformed', /\/tiles\/<couche>\/<z>\/<x>\/<y>\.mvt/],
      ['/tiles/parcelles/quinze/16520/11700.mvt', 400, 'tile_coordinate_invalid', /La coordonnée z de la tuile doit être un entier positif ou nul\s; reçu\s: "quinze"/],
      ['/tiles/parcelles/15/-1/11700.mvt', 400, 'tile_coordinate_invalid', /La coordonnée x/],
      ['/tiles/parcelles/15/16520/1e3.mvt', 400, 'tile_coordinate_invalid', /La coordonnée y/],
      ['/tiles/parcelles/23/0/0.mvt', 400, 'tile_zoom_out_of_range', /entre 0 et 22\s; reçu\s: 23/],
      ['/tiles/parcelles/15/32768/0.mvt', 400, 'tile_coordinate_out_of_range', /Au zoom 15, x et y doivent être compris entre 0 et 32767\s; reçu\s: x=32768/],
    ];
    for (const [path, status, code, message] of cases) {
      const res = await fetchTile(path);
      expect(res.status, path).toBe(status);
      expect(JSON.parse(res.text()).error, path).toMatchObject({ code, message: expect.stringMatching(message) });
    }
  });

  it('sends Cache-Control and a strong ETag, answers 304 to If-None-Match, and serves a repeat from its cache', async () => {
    const path = url('zone_urba', tileAt(centre.lon, centre.lat, 14));
    const first = await fetchTile(path);
    expect(first.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(first.headers.get('x-tile-cache')).toBe('miss');

    const again = await fetchTile(path);
    expect(again.headers.get('x-tile-cache')).toBe('hit');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.bytes).toEqual(first.bytes);

    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const revalidated = await fetchTile(path, { 'if-none-match': header });
      expect(revalidated.status, header).toBe(304);
      expect(revalidated.bytes.byteLength).toBe(0);
      expect(revalidated.headers.get('etag')).toBe(etag);
    }
    expect((await fetchTile(path, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('never serves a stale tile: a write to a layer table changes the tile and its ETag at once', async () => {
    const t = tileAt(centre.lon, centre.lat, 16);
    const path = url('parcelles', t);
    const before = await fetchTile(path);
    expect((await fetchTile(path)).headers.get('x-tile-cache')).toBe('hit');
    const id = String(decodeTile(before.bytes).parcelles!.features[0]!.properties.id);

    await db.knex('cadastre_parcelles').where({ id }).update({ contenance: db.knex.raw('coalesce(contenance, 0) + 7') });
    const after = await fetchTile(path);
    expect(after.headers.get('x-tile-cache')).toBe('miss');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const { rows: [row] } = await db.knex.raw('SELECT contenance FROM cadastre_parcelles WHERE id = ?', [id]);
    expect(decodeTile(after.bytes).parcelles!.features.find((f) => f.properties.id === id)!.properties.contenance).toBe(row.contenance);
    // The browser's copy is not revalidated any more.
    expect((await fetchTile(path, { 'if-none-match': before.headers.get('etag')! })).status).toBe(200);

    // A zone deleted through its document (ON DELETE CASCADE) leaves the zone tiles at once too.
    const zonePath = url('zone_urba', tileAt(centre.lon, centre.lat, 13));
    expect(decodeTile((await fetchTile(zonePath)).bytes).zone_urba!.features.length).toBeGreaterThan(0);
    await db.knex('plu_doc_urba').del();
    expect(decodeTile((await fetchTile(zonePath)).bytes).zone_urba).toBeUndefined();

    // A write elsewhere (an account) leaves the cache alone.
    await fetchTile(path);
    await db.knex.raw(`INSERT INTO settings (key, value) VALUES ('tiles-test', '1') ON CONFLICT (key) DO UPDATE SET value = '2'`);
    expect((await fetchTile(path)).headers.get('x-tile-cache')).toBe('hit');
  });
  it('keys the public layer on the dossiers’ version: a dossier write changes its tile and ETag, not a parcel tile’s; a cadastre write the reverse', async () => {
    const { rows: [d] } = await db.knex.raw('SELECT num_dau, longitude AS lon, latitude AS lat FROM public_autorisations WHERE geom IS NOT NULL ORDER BY num_dau LIMIT 1');
    const t = tileAt(Number(d.lon), Number(d.lat), 16);
    const pub = url('autorisations', t), parcels = url('parcelles', t);
    const [pub0, parcels0] = [await fetchTile(pub), await fetchTile(parcels)];
    expect((await fetchTile(pub)).headers.get('x-tile-cache')).toBe('hit');

    await db.knex('dossiers').where({ number: d.num_dau }).update({ objet_affiche: 'Extension d’une maison (tuiles)' });
    const pub1 = await fetchTile(pub);
    expect(pub1.headers.get('x-tile-cache')).toBe('miss');
    expect(pub1.headers.get('etag')).not.toBe(pub0.headers.get('etag'));
    expect(decodeTile(pub1.bytes).autorisations!.features.find((f) => f.properties.num_dau === d.num_dau)!.properties.objet_affiche).toBe('Extension d’une maison (tuiles)');
    const parcels1 = await fetchTile(parcels);
    expect(parcels1.headers.get('x-tile-cache')).toBe('hit');
    expect(parcels1.headers.get('etag')).toBe(parcels0.headers.get('etag'));
    expect((await fetchTile(parcels, { 'if-none-match': parcels0.headers.get('etag')! })).status).toBe(304);

    // An import writes the cadastre: the parcels' tile is made again, the public layer's stays cached.
    const id = String(decodeTile(parcels1.bytes).parcelles!.features[0]!.properties.id);
    await db.knex('cadastre_parcelles').where({ id }).update({ contenance: db.knex.raw('coalesce(contenance, 0) + 3') });
    const parcels2 = await fetchTile(parcels);
    expect(parcels2.headers.get('x-tile-cache')).toBe('miss');
    expect(parcels2.headers.get('etag')).not.toBe(parcels0.headers.get('etag'));
    const pub2 = await fetchTile(pub);
    expect(pub2.headers.get('x-tile-cache')).toBe('hit');
    expect(pub2.headers.get('etag')).toBe(pub1.headers.get('etag'));
  });

  it('carries its own nosniff and cross-origin resource policy, without the pages’ CSP (mounted before helmet)', async () => {
    const res = await fetchTile(url('parcelles', tileAt(centre.lon, centre.lat, 16)));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('content-length')).toBe(String(res.bytes.byteLength));
    const missing = await fetchTile('/tiles/nope/1/0/0.mvt');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('is served outside the router, yet answers as a route would: HEAD, a query string, a bad escape, other methods, other paths', async () => {
    const path = url('parcelles', tileAt(centre.lon, centre.lat, 16));
    const get = await fetchTile(path);
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    const head = await fetch(http.url + path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(String(get.bytes.byteLength));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    // A client may bust a cache with a query string: same tile.
    expect((await fetchTile(`${path}?v=42`)).headers.get('etag')).toBe(get.headers.get('etag'));
    const badEscape = await fetchTile('/tiles/parcel%E9les/16/0/0.mvt');
    expect(badEscape.status).toBe(400);
    expect(JSON.parse(badEscape.text()).error.code).toBe('request_invalid');
    expect(badEscape.headers.get('access-control-allow-origin')).toBe('*');
    const escaped = await fetchTile('/tiles/parcel%6Ces/1/0/0.mvt'); // %6C is "l": the layer's name, escaped
    expect(escaped.status).toBe(200);
    const post = await fetch(http.url + path, { method: 'POST' });
    expect(post.status).toBe(404); // the app's own answer for a path it does not serve that way
    expect((await fetchTile('/tiles/parcelles/16/0')).status).toBe(404);
    expect((await fetchTile('/tiles/parcelles/16/0/0/0.mvt')).status).toBe(404);
  });
});
