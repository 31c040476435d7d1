// The API Carto-compatible endpoints answer like IGN's (parameters, property names, envelope),
// by GET and by POST, with intersection areas added.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import { real } from '../import/test-helpers.ts';

let db: Db;
let http: TestServer;
beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  http = await serve(buildApp(db));
});
afterAll(async () => { await http?.close(); await db?.close(); });

// Parcel AB1 of the small commune (700000..700100 × 6600000..6600100 in Lambert-93), in WGS84.
async function ab1Wgs84(): Promise<object> {
  const { rows } = await db.knex.raw(`SELECT ST_AsGeoJSON(ST_Transform(geom, 4326), 9)::json AS g FROM cadastre_parcelles WHERE id = '96001000AB0001'`);
  return rows[0].g;
}
// Responses of IGN's API Carto recorded in 2024–2025 (fixtures/SOURCES.md).
const recorded = (name: string) => JSON.parse(fs.readFileSync(real('apicarto/recorded-responses', name), 'utf8'));

describe('/api/gpu/zone-urba', () => {
  it('by POST with a parcel geometry returns its two zones with API Carto properties and intersection areas', async () => {
    const { status, body } = await http.post('/api/gpu/zone-urba', { geom: await ab1Wgs84() });
    expect(status).toBe(200);
    expect(body).toMatchObject({ type: 'FeatureCollection', totalFeatures: 2, numberMatched: 2, numberReturned: 2, bbox: expect.any(Array),
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } } });
    const byLibelle = Object.fromEntries(body.features.map((f: any) => [f.properties.libelle, f]));
    expect(byLibelle.UA.id).toMatch(/^zone_urba\.\d+$/);
    expect(byLibelle.UA.geometry.type).toBe('MultiPolygon');
    expect(byLibelle.UA.properties).toMatchObject({ typezone: 'U', partition: 'DU_96001', idurba: '96001_PLU_20240115', gpu_status: 'production' });
    // The reprojection WGS84 → Lambert-93 of the parcel's vertices is exact to the millimetre.
    expect(byLibelle.UA.properties.intersection_area).toBeCloseTo(6000, 0);
    expect(byLibelle.UA.properties.intersection_share).toBeCloseTo(60, 2);
    expect(byLibelle.A.properties.intersection_share).toBeCloseTo(40, 2);
  });

  it('has the property names of the recorded API Carto zone_urba responses', async () => {
    const { body } = await http.post('/api/gpu/zone-urba', { geom: await ab1Wgs84() });
    const ours = Object.keys(body.features[0].properties);
    for (const key of ['gid', 'gpu_doc_id', 'gpu_status', 'gpu_timestamp', 'partition', 'libelle', 'libelong', 'typezone', 'destdomi', 'nomfic', 'urlfic', 'insee', 'datappro', 'datvalid', 'idurba']) {
      expect(ours).toContain(key);
    }
  });

  it('by GET with the geometry in the query string gives the same answer', async () => {
    const geom = encodeURIComponent(JSON.stringify(await ab1Wgs84()));
    const { status, body } = await http.get(`/api/gpu/zone-urba?geom=${geom}`);
    expect(status).toBe(200);
    expect(body.features.map((f: any) => f.properties.libelle).sort()).toEqual(['A', 'UA']);
  });

  it('by partition alone lists the whole PLU, paged by _limit and _start', async () => {
    const page1 = await http.get('/api/gpu/zone-urba?partition=DU_96001&_limit=2');
    expect(page1.body).toMatchObject({ totalFeatures: 3, numberReturned: 2 });
    const page2 = await http.get('/api/gpu/zone-urba?partition=DU_96001&_limit=2&_start=2');
    expect(page2.body).toMatchObject({ totalFeatures: 3, numberReturned: 1 });
    const all = [...page1.body.features, ...page2.body.features].map((f: any) => f.properties.libelle).sort();
    expect(all).toEqual(['A', 'N', 'UA']);
    // Without a surface to measure against there is no intersection area.
    expect(page1.body.features[0].properties.intersection_area).toBeUndefined();
  });
});

describe('/api/gpu/assiette-sup-s', () => {
  it('filters by categorie (AC1 → suptype ac1) and gives suptype, idass, nomsuplitt', async () => {
    const geom = await ab1Wgs84();
    const ac1 = await http.post('/api/gpu/assiette-sup-s', { geom, categorie: 'AC1' });
    expect(ac1.body.features).toHaveLength(1);
    expect(ac1.body.features[0].properties).toMatchObject({ suptype: 'ac1', idass: 'A1', nomsuplitt: 'Église Saint-Martin', partition: 'T_SUP_96_AC1' });
    const pm1 = await http.post('/api/gpu/assiette-sup-s', { geom, categorie: 'PM1' });
    expect(pm1.body.features).toEqual([]);
  });
});

describe('/api/gpu/prescription-*, info-*, document', () => {
  it('separates surface, line and point prescriptions as API Carto does', async () => {
    const geom = await ab1Wgs84();
    const surf = await http.post('/api/gpu/prescription-surf', { geom });
    const lin = await http.post('/api/gpu/prescription-lin', { geom });
    const pct = await http.post('/api/gpu/prescription-pct', { geom });
    expect(surf.body.features.map((f: any) => f.properties.txt)).toEqual(['ER 1']);
    expect(lin.body.features.map((f: any) => f.properties.libelle)).toEqual(['Haie à protéger']);
    expect(pct.body.features.map((f: any) => [f.properties.typepsc, f.properties.stypepsc])).toEqual([['07', '02']]);
    expect((await http.post('/api/gpu/info-surf', { geom })).body.features).toEqual([]);
  });

  it('/api/gpu/document gives the PLU covering the geometry, as in the recorded responses', async () => {
    const { body } = await http.post('/api/gpu/document', { geom: await ab1Wgs84() });
    expect(body.features).toHaveLength(1);
    expect(body.features[0].properties).toMatchObject({ name: '96001_PLU_20240115', partition: 'DU_96001', du_type: 'PLU', grid_name: '96001', grid_title: 'Commune de test' });
    const theirs = Object.keys(recorded('api__gpu__document-1bc3c9-POST.json').features[0].properties).sort();
    expect(Object.keys(body.features[0].properties).filter((k) => !k.startsWith('intersection_')).sort()).toEqual(theirs);
  });
});

describe('/api/cadastre/parcelle', () => {
  it('finds a parcel by code_insee, section and numero in either style (Etalab "AB"/"1" or API Carto "AB"/"0001")', async () => {
    for (const q of ['code_insee=96001&section=AB&numero=0001', 'code_insee=96001&section=AB&numero=1']) {
      const { status, body } = await http.get(`/api/cadastre/parcelle?${q}`);
      expect(status).toBe(200);
      expect(body.features).toHaveLength(1);
      expect(body.features[0].properties).toMatchObject({ idu: '96001000AB0001', numero: '0001', section: 'AB', code_dep: '96', code_com: '001', com_abs: '000', code_insee: '96001', nom_com: 'Commune de test' });
    }
  });

  it('has the property names of the recorded API Carto parcelle response', async () => {
    const { body } = await http.get('/api/cadastre/parcelle?code_insee=96001&section=AB&numero=0001');
    const theirs = Object.keys(recorded('api__cadastre__parcelle-025b38-POST.json').features[0].properties).sort();
    expect(Object.keys(body.features[0].properties).sort()).toEqual(theirs);
  });

  it('by POST with a geometry returns the parcels it meets', async () => {
    const { body } = await http.post('/api/cadastre/parcelle', { geom: { type: 'Point', coordinates: [3.0005, 46.5004] } });
    expect(body.features.map((f: any) => f.properties.idu)).toEqual(['96001000AB0001']);
  });

  it.each([
    ['an unknown INSEE code', '?code_insee=75056', 'code_insee', 'commune_unknown', /aucune commune 75056/],
    ['a malformed INSEE code', '?code_insee=123', 'code_insee', 'param_malformed', /«\scode_insee\s» doit être/],
    ['the legacy insee parameter', '?insee=96001', 'insee', 'param_renamed', /«\sinsee\s» a été renommé «\scode_insee\s»/],
    ['a numero of letters', '?code_insee=96001&numero=ABCD', 'numero', 'param_malformed', /«\snumero\s» doit être/],
    ['no criterion', '', 'code_insee', 'insee_or_geom_required', /Indiquez «\scode_insee\s» ou «\sgeom\s»/],
    ['code_com without code_dep', '?code_com=001', 'code_dep', 'code_dep_required', /«\scode_com\s» ne désigne une commune qu’avec «\scode_dep\s»/],
    ['code_dep + code_com against code_insee', '?code_insee=96001&code_dep=96&code_com=002', 'code_com', 'commune_params_conflict', /la commune 96002/],
    ['a geom that is not JSON', '?geom=POINT(3 46)', 'geom', 'geometry_invalid_json', /«\sgeom\s» n’est pas un JSON valide/],
    ['a self-intersecting geom', `?geom=${encodeURIComponent(JSON.stringify({ type: 'Polygon', coordinates: [[[3, 46.5], [3.001, 46.501], [3.001, 46.5], [3, 46.501], [3, 46.5]]] }))}`, 'geom', 'geometry_self_intersection', /Géométrie invalide\s: le contour se recoupe .* près du point lon/],
  ])('%s gets a 400 in API Carto’s error shape, naming the parameter', async (_what, query, param, code, message) => {
    const res = await http.get(`/api/cadastre/parcelle${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 400, message: { [param]: expect.objectContaining({ param, location: 'query', code, msg: expect.stringMatching(message) }) } });
  });

  it('a GPU request with neither geom nor partition gets a 400', async () => {
    const res = await http.get('/api/gpu/zone-urba');
    expect(res.status).toBe(400);
    expect(res.body.message.geom).toMatchObject({ code: 'geom_or_partition_required', msg: expect.stringMatching(/Indiquez «\sgeom\s»/) });
  });

  it('a request by a method other than GET or POST gets a 400 in the same shape', async () => {
    const res = await fetch(`${http.url}/api/gpu/zone-urba?partition=DU_96001`, { method: 'DELETE' });
    expect(res.status).toBe(400);
    expect((await res.json()).message['']).toMatchObject({ code: 'method_not_allowed' });
  });
});
