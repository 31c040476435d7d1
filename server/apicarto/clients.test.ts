// The requests API Carto's clients actually send, replayed against real imported data: happign (R)
// POSTs its parameters in the query string with an empty body, or JSON with `geom` as a string; QGIS
// sends GETs and reads the GeoJSON with OGR, which types a column from its values. The answers must
// match the recorded API Carto answers in routes, envelope, property names, order and types.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { runImport } from '../import/index.ts';
import { real, scratch } from '../import/test-helpers.ts';

let db: Db;
let http: TestServer;
beforeAll(async () => {
  db = await testDb();
  await runImport(db.knex, 'cadastre', [real('cadastre/edigeo-converted/75103_paris-3e_1-feuille'), real('cadastre/edigeo-converted/13029_cornillon-confoux_1-feuille')]);
  await runImport(db.knex, 'plu', [real('plu/30014_arpaillargues-et-aureillac/original')]);
  await runImport(db.knex, 'sup', [real('sup/ac1_2a_corse-du-sud/original')]);
  http = await serve(buildApp(db));
}, 120_000);
afterAll(async () => { await http?.close(); await db?.close(); });

/** happign's call: POST, every parameter in the query string, no body. */
async function postQuery(pathAndQuery: string): Promise<{ status: number; body: any }> {
  const res = await fetch(http.url + pathAndQuery, { method: 'POST' });
  return { status: res.status, body: await res.json() };
}
const recorded = (name: string) => JSON.parse(fs.readFileSync(real('apicarto/recorded-responses', `${name}-POST.json`), 'utf8'));
const keys = (fc: any) => Object.keys(fc.features[0].properties);
const types = (fc: any) => Object.fromEntries(Object.entries(fc.features[0].properties).map(([k, v]) => [k, v === null ? 'null' : typeof v]));

async function someParcel(): Promise<{ id: string; section: string; numero: string }> {
  const { rows } = await db.knex.raw(`SELECT id, section, numero FROM cadastre_parcelles WHERE commune = '75103' ORDER BY id LIMIT 1`);
  return rows[0];
}

describe('happign-style requests (POST, parameters in the query string, empty body)', () => {
  it('/api/cadastre/parcelle by code_insee 75056 + code_arr 103 finds a Paris 3e parcel, in API Carto’s property order and types', async () => {
    const p = await someParcel();
    const { status, body } = await postQuery(`/api/cadastre/parcelle?code_insee=75056&code_arr=103&section=${p.section}&numero=${p.numero.padStart(4, '0')}&source_ign=PCI`);
    expect(status).toBe(200);
    expect(body.features).toHaveLength(1);
    const theirs = recorded('api__cadastre__parcelle-025b38');
    expect(keys(body)).toEqual(keys(theirs));
    expect(types(body)).toEqual(types(theirs));
    expect(body.features[0].properties).toMatchObject({ idu: p.id, code_insee: '75056', code_dep: '75', code_com: '056', code_arr: '103', com_abs: '000' });
    expect(Object.keys(body.features[0])).toEqual(Object.keys(theirs.features[0]));
    expect(Object.keys(body)).toEqual(Object.keys(theirs));
  });

  it('code_dep + code_com name the commune as code_insee does', async () => {
    const byParts = await postQuery('/api/cadastre/parcelle?code_dep=13&code_com=029&_limit=3');
    const byInsee = await postQuery('/api/cadastre/parcelle?code_insee=13029&_limit=3');
    expect(byParts.status).toBe(200);
    expect(byParts.body.features.map((f: any) => f.properties.idu)).toEqual(byInsee.body.features.map((f: any) => f.properties.idu));
    expect(byParts.body.features.every((f: any) => f.properties.code_insee === '13029')).toBe(true);
  });

  it('POST JSON with geom as a string gives the parcel under a point, and its localisant', async () => {
    const { rows } = await db.knex.raw(`SELECT id, ST_AsGeoJSON(ST_Transform(ST_PointOnSurface(geom), 4326), 9) AS g FROM cadastre_parcelles WHERE commune = '13029' ORDER BY id LIMIT 1`);
    const parcel = await http.post('/api/cadastre/parcelle', { geom: rows[0].g });
    expect(parcel.body.features.map((f: any) => f.properties.idu)).toEqual([rows[0].id]);
    const loc = await http.post('/api/cadastre/localisant', { geom: rows[0].g });
    expect(loc.body.features[0].geometry.type).toBe('MultiPoint');
    expect(keys(loc.body)).toEqual(keys(recorded('api__cadastre__localisant-ec5c6a')));
    expect(loc.body.features[0].id).toMatch(/^localisant\.\d+$/);
  });

  it('/api/cadastre/commune, /feuille and /division answer with API Carto’s properties, in order and typed', async () => {
    for (const [route, name] of [['commune', 'api__cadastre__commune-3e9c11'], ['feuille', 'api__cadastre__feuille-888b40'], ['division', 'api__cadastre__division-5d28a9']]) {
      const { status, body } = await postQuery(`/api/cadastre/${route}?code_insee=13029`);
      expect(status, route).toBe(200);
      expect(body.features.length, route).toBeGreaterThan(0);
      const theirs = recorded(name!);
      expect(keys(body), route).toEqual(keys(theirs));
      // Etalab has no échelle, nor a division's edition number: those may be null, the rest is typed as there.
      const ours = types(body);
      for (const [k, t] of Object.entries(types(theirs))) if (!['echelle', 'edition'].includes(k) || ours[k] !== 'null') expect(ours[k], `${route}.${k}`).toBe(t);
    }
  });

  it('source_ign=BDP is refused in API Carto’s error shape, in French', async () => {
    const { status, body } = await postQuery('/api/cadastre/parcelle?code_insee=13029&source_ign=BDP');
    expect(status).toBe(400);
    expect(body).toEqual({ code: 400, message: { source_ign: { msg: expect.stringMatching(/ne détient que le parcellaire PCI/), param: 'source_ign', location: 'query', value: 'BDP', code: 'source_ign_unavailable' } } });
  });

  it('an empty answer has crs null and totals 0, as API Carto’s', async () => {
    const { body } = await postQuery('/api/cadastre/parcelle?code_insee=13029&section=ZZ');
    const theirs = recorded('api__cadastre__parcelle-1e11fe');
    expect(body).toMatchObject({ type: 'FeatureCollection', features: [], totalFeatures: 0, numberMatched: 0, numberReturned: 0, crs: null });
    expect(Object.keys(body)).toEqual(Object.keys(theirs));
  });
});

describe('QGIS-style GET requests', () => {
  it('pages past the end keep the total; a page that is not the last links to the next one', async () => {
    const first = await http.get('/api/gpu/zone-urba?partition=DU_30014&_limit=2');
    expect(first.status).toBe(200);
    const total = first.body.totalFeatures;
    expect(total).toBeGreaterThan(2);
    expect(first.body.links).toEqual([expect.objectContaining({ rel: 'next', type: 'application/json' })]);
    const link = new URL(first.body.links[0].href);
    expect([link.pathname, Object.fromEntries(link.searchParams)]).toEqual(['/api/gpu/zone-urba', { partition: 'DU_30014', _start: '2', _limit: '2' }]);
    const next = await http.get(link.pathname + link.search);
    expect(next.body.features[0].id).not.toBe(first.body.features[0].id);
    const past = await http.get(`/api/gpu/zone-urba?partition=DU_30014&_start=${total + 10}`);
    expect(past.body).toMatchObject({ totalFeatures: total, numberMatched: total, numberReturned: 0, crs: null });
    expect(past.body.links).toBeUndefined();
  });

  it('bbox on the collection and every feature, the collection’s enclosing its features’', async () => {
    const { body } = await http.get('/api/gpu/zone-urba?partition=DU_30014&_limit=3');
    for (const f of body.features) {
      expect(f.bbox).toHaveLength(4);
      expect(body.bbox[0]).toBeLessThanOrEqual(f.bbox[0]);
      expect(body.bbox[3]).toBeGreaterThanOrEqual(f.bbox[3]);
    }
  });

  it('a point and a polygon query give the same property order, Terrier’s intersection fields last', async () => {
    const { rows } = await db.knex.raw(`SELECT ST_AsGeoJSON(ST_Transform(ST_PointOnSurface(geom), 4326), 9)::json AS pt,
      ST_AsGeoJSON(ST_Transform(ST_Buffer(ST_PointOnSurface(geom), 5), 4326), 9)::json AS poly FROM plu_zone_urba ORDER BY gid LIMIT 1`);
    const point = await http.get(`/api/gpu/zone-urba?geom=${encodeURIComponent(JSON.stringify(rows[0].pt))}`);
    const poly = await http.get(`/api/gpu/zone-urba?geom=${encodeURIComponent(JSON.stringify(rows[0].poly))}`);
    const pointKeys = keys(point.body);
    expect(keys(poly.body)).toEqual([...pointKeys, 'intersection_area', 'intersection_share']);
    expect(pointKeys.slice(0, 5)).toEqual(['gid', 'gpu_doc_id', 'gpu_status', 'gpu_timestamp', 'partition']);
  });

  it('/api/gpu/document has API Carto’s properties in order, gid and id typed, the upload time as ISO-8601', async () => {
    const { body } = await http.get('/api/gpu/document?partition=DU_30014');
    const theirs = recorded('api__gpu__document-1bc3c9');
    expect(keys(body)).toEqual(keys(theirs));
    // grid_title is the commune's name, null when Terrier holds the PLU but not the commune (a String either way).
    expect({ ...types(body), grid_title: 'string' }).toEqual(types(theirs));
    expect(body.features[0].properties.gpu_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('/api/gpu/municipality by insee says whether the commune is under the RNU', async () => {
    const plu = await http.get('/api/gpu/municipality?insee=13029');
    expect(plu.status).toBe(200);
    expect(keys(plu.body)).toEqual(keys(recorded('api__gpu__municipality-6b88d0')));
    expect(plu.body.features[0].properties).toMatchObject({ insee: '13029', is_rnu: true, is_deleted: false });
  });

  it('/api/gpu/generateur-sup-s, /assiette-sup-s and /acte-sup answer a real AC1 delivery by partition and categorie', async () => {
    const [{ partition }] = await db.knex('sup_generateur').distinct('partition');
    const gen = await http.get(`/api/gpu/generateur-sup-s?partition=${partition}&categorie=AC1`);
    expect(gen.status).toBe(200);
    expect(gen.body.features.length).toBeGreaterThan(0);
    expect(gen.body.features[0].properties).toMatchObject({ partition, suptype: 'ac1', gid: expect.any(Number), gpu_timestamp: expect.any(String) });
    expect((await http.get(`/api/gpu/generateur-sup-s?partition=${partition}&categorie=PM1`)).body.features).toEqual([]);
    const actes = await http.get(`/api/gpu/acte-sup?partition=${partition}`);
    expect(actes.body.features.length).toBeGreaterThan(0);
    expect(actes.body.features[0]).toMatchObject({ id: expect.stringMatching(/^acte_sup\.\d+$/), geometry: null });
    const empty = await http.get(`/api/gpu/generateur-sup-l?partition=${partition}`);
    expect(Object.keys(empty.body)).toEqual(Object.keys(recorded('api__gpu__generateur-sup-l-9bf712')));
  });

  it('a bad parameter gets API Carto’s error shape, in French, naming the parameter and where it was', async () => {
    const get = await http.get('/api/gpu/zone-urba?partition=DU_30014&_limit=-1');
    expect(get.status).toBe(400);
    expect(get.body).toEqual({ code: 400, message: { _limit: { msg: '«\u00a0_limit\u00a0» doit être un entier positif ou nul.', param: '_limit', location: 'query', value: '-1', code: 'param_not_integer' } } });
    const post = await http.post('/api/gpu/zone-urba', { geom: '{"type":"Point"' });
    expect(post.body.message.geom).toMatchObject({ param: 'geom', location: 'body', code: 'geometry_invalid_json', msg: expect.stringMatching(/n’est pas un JSON valide/) });
  });
});

describe('CORS', () => {
  it('a preflight from another site is answered 204 with the allowed methods, and the answer carries Access-Control-Allow-Origin', async () => {
    const pre = await fetch(`${http.url}/api/gpu/zone-urba`, { method: 'OPTIONS', headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
    const res = await fetch(`${http.url}/api/cadastre/commune?code_insee=13029`, { headers: { Origin: 'https://example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

// GDAL's GeoJSON driver is what QGIS opens these answers with: read them back and check the field types.
const ogrinfo = (() => { try { execFileSync('ogrinfo', ['--version']); return true; } catch { return false; } })();
describe.skipIf(!ogrinfo)('read back with ogrinfo, as QGIS does', () => {
  const fields = async (url: string) => {
    const file = path.join(scratch('apicarto-ogr'), 'answer.geojson');
    fs.writeFileSync(file, await (await fetch(http.url + url)).text()); // the bytes as sent
    const out = execFileSync('ogrinfo', ['-ro', '-so', '-al', file], { encoding: 'utf8' });
    return Object.fromEntries([...out.matchAll(/^(\w+): (\w+) \(/gm)].map((m) => [m[1], m[2]]));
  };

  it('parcelle: gid, feuille and contenance are integers, the codes strings', async () => {
    const f = await fields('/api/cadastre/parcelle?code_insee=13029&_limit=50');
    expect(f).toMatchObject({ gid: expect.stringMatching(/^Integer/), feuille: 'Integer', contenance: expect.stringMatching(/^Integer/), numero: 'String', code_insee: 'String', idu: 'String' });
  });

  it('document: gid an integer, gpu_timestamp a DateTime, id and gpu_doc_id strings', async () => {
    const f = await fields('/api/gpu/document?partition=DU_30014');
    expect(f).toMatchObject({ gid: expect.stringMatching(/^Integer/), gpu_timestamp: 'DateTime', id: 'String', gpu_doc_id: 'String' });
  });

  it('zone-urba with a polygon: the intersection fields are reals, after the CNIG fields', async () => {
    const { rows } = await db.knex.raw(`SELECT ST_AsGeoJSON(ST_Transform(ST_Buffer(ST_PointOnSurface(geom), 5), 4326), 9) AS g FROM plu_zone_urba ORDER BY gid LIMIT 1`);
    const f = await fields(`/api/gpu/zone-urba?geom=${encodeURIComponent(rows[0].g)}`);
    expect(f).toMatchObject({ gid: expect.stringMatching(/^Integer/), gpu_timestamp: 'DateTime', intersection_area: 'Real', intersection_share: 'Real' });
    expect(Object.keys(f).slice(-2)).toEqual(['intersection_area', 'intersection_share']);
  });
});
