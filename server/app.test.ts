// The HTTP skeleton: health, layers by bbox, and errors that are always { error: { code, message } }.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Db } from './db.ts';
import { buildApp } from './app.ts';
import { AppError, errorMiddleware, fromDatabaseError } from './errors.ts';
import { testDb } from './testing/db.ts';
import { serve, type TestServer } from './testing/http.ts';
import { englishWords } from './testing/french.ts';

let db: Db;
let http: TestServer;
const logged: unknown[] = [];

beforeAll(async () => {
  db = await testDb();
  // Two parcels and a U zone over the first one, near Lambert-93's origin (lon 3, lat 46.5).
  await db.execScript(db.knex, `
    INSERT INTO communes (insee, nom, geom) VALUES ('96001', 'Commune de test',
      ST_Multi(ST_MakeEnvelope(699000, 6599000, 701000, 6601000, 2154)));
    INSERT INTO cadastre_parcelles (id, commune, section, numero, contenance, geom) VALUES
      ('96001000AB0001', '96001', 'AB', '1', 400, ST_Multi(ST_MakeEnvelope(700000, 6600000, 700020, 6600020, 2154))),
      ('96001000AB0002', '96001', 'AB', '2', NULL, ST_Multi(ST_MakeEnvelope(700020, 6600000, 700040, 6600020, 2154)));
    INSERT INTO plu_doc_urba (idurba, typedoc, partition) VALUES ('96001_PLU_20240115', 'PLU', 'DU_96001');
    INSERT INTO plu_zone_urba (idurba, libelle, typezone, geom) VALUES
      ('96001_PLU_20240115', 'UA', 'U', ST_Multi(ST_MakeEnvelope(699990, 6599990, 700030, 6600030, 2154)));`);
  http = await serve(buildApp(db, { log: (e) => logged.push(e) }));
});
afterAll(async () => { await http?.close(); await db?.close(); });

const nearOrigin = 'bbox=2.99,46.49,3.01,46.51';

describe('GET /api/health', () => {
  it('reports the engine, the PostGIS version and the parcel count', async () => {
    const { status, body } = await http.get('/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', database: db.engine, postgis: expect.stringMatching(/^3\.\d+/), parcels: 2 });
  });
});

describe('GET /api/communes', () => {
  it('lists the communes with their WGS84 extent and parcel count', async () => {
    const { body } = await http.get('/api/communes');
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ insee: '96001', nom: 'Commune de test', parcelles: 2 });
    const [minLon, minLat, maxLon, maxLat] = body[0].bbox;
    expect(minLon).toBeCloseTo(2.987, 2); expect(maxLon).toBeCloseTo(3.013, 2);
    expect(minLat).toBeCloseTo(46.491, 2); expect(maxLat).toBeCloseTo(46.509, 2);
  });
});

describe('GET /api/layers/:name', () => {
  it('returns the parcels in a WGS84 bbox as a GeoJSON FeatureCollection with Etalab fields', async () => {
    const { status, body, headers } = await http.get(`/api/layers/parcelles?${nearOrigin}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/application\/geo\+json/);
    expect(body.type).toBe('FeatureCollection');
    const byId = Object.fromEntries(body.features.map((f: any) => [f.properties.id, f]));
    expect(Object.keys(byId).sort()).toEqual(['96001000AB0001', '96001000AB0002']);
    expect(byId['96001000AB0001'].properties).toMatchObject({ section: 'AB', numero: '1', contenance: 400 });
    expect(byId['96001000AB0002'].properties.contenance).toBeNull();
    const [lon, lat] = byId['96001000AB0001'].geometry.coordinates[0][0][0];
    expect(lon).toBeCloseTo(3, 3); expect(lat).toBeCloseTo(46.5, 3);
  });

  it('returns nothing outside the bbox', async () => {
    const { body } = await http.get('/api/layers/parcelles?bbox=5,45,5.1,45.1');
    expect(body).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('returns the PLU zones with typezone', async () => {
    const { body } = await http.get(`/api/layers/zone_urba?${nearOrigin}`);
    expect(body.features.map((f: any) => f.properties)).toEqual([expect.objectContaining({ libelle: 'UA', typezone: 'U' })]);
  });

  it.each([
    ['no bbox', '/api/layers/parcelles', 400, 'bbox_required', /«\sbbox\s» est obligatoire/],
    ['a bbox of three numbers', '/api/layers/parcelles?bbox=1,2,3', 400, 'bbox_malformed', /quatre nombres/],
    ['an inverted bbox', '/api/layers/parcelles?bbox=3,47,2,46', 400, 'bbox_inverted', /inférieur/],
    ['a Lambert-93 bbox', '/api/layers/parcelles?bbox=700000,6600000,700100,6600100', 400, 'bbox_not_wgs84', /WGS84/],
    ['an unknown layer', `/api/layers/cadastre?${nearOrigin}`, 404, 'layer_unknown', /Couche inconnue\s: «\scadastre\s»/],
    ['an unknown route', '/api/nothing', 404, 'route_unknown', /Aucune route GET \/api\/nothing/],
  ])('%s gives a %s that says in French what is wrong', async (_what, path, status, code, message) => {
    const res = await http.get(path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(englishWords(res.body.error.message)).toEqual([]);
  });
});

describe('errors', () => {
  it('a malformed JSON body is a 400, not a 500', async () => {
    const res = await http.post('/api/health', '{"oops":');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'body_not_json', message: 'Le corps de la requête n’est pas un JSON valide.' });
  });

  it('a body over the limit is a 413 body_too_large, in French', async () => {
    const res = await http.post('/api/health', JSON.stringify({ big: 'x'.repeat(3 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'body_too_large', message: expect.stringMatching(/trop volumineux/) });
  });

  it('database constraint violations become 4xx in one place', async () => {
    const err = await db.knex.raw(`INSERT INTO communes (insee, nom) VALUES ('96001', 'doublon')`).catch((e) => e);
    expect(fromDatabaseError(err)).toMatchObject({ status: 409, code: 'already_exists' });
    const bad = await db.knex.raw(`INSERT INTO communes (insee, nom) VALUES ('ABCDE', 'x')`).catch((e) => e);
    expect(fromDatabaseError(bad)).toMatchObject({ status: 400, code: 'value_rule_broken' });
  });

  it('a database error answers in French and never echoes the SQL, the server\'s text or its details', async () => {
    const cases = [
      await db.knex.raw(`SELECT 'abc'::int`).catch((e) => e),
      await db.knex.raw(`INSERT INTO communes (insee, nom) VALUES ('96001', 'doublon')`).catch((e) => e),
      await db.knex.raw(`SELECT ST_GeomFromGeoJSON('{"type":"Polygon","coordinates":[[1,2]]}')`).catch((e) => e),
    ];
    expect(cases.map((e) => fromDatabaseError(e)?.code)).toEqual(['value_invalid', 'already_exists', 'geometry_invalid']);
    for (const err of cases) {
      const e = fromDatabaseError(err)!;
      expect(e.message).not.toMatch(/SELECT|INSERT|communes|abc|integer|duplicate|Key|GeoJSON/i);
      expect(e.details).toBeUndefined();
      expect(englishWords(e.message)).toEqual([]);
    }
    expect(fromDatabaseError(cases[0])!.message).toBe('Une valeur n’a pas le format attendu.');
  });

  it('an unexpected error is a 500 without its stack or message, and is logged', async () => {
    const app = express();
    app.get('/boom', () => { throw new Error('secret internals'); });
    app.get('/teapot', () => { throw new AppError(418, 'teapot', 'short and stout'); });
    app.use(errorMiddleware((e) => logged.push(e)));
    const s = await serve(app);
    try {
      const boom = await s.get('/boom');
      expect(boom.status).toBe(500);
      expect(boom.body).toEqual({ error: { code: 'internal', message: 'Erreur interne du serveur\u00a0: réessayez plus tard.' } });
      expect(logged.at(-1)).toBeInstanceOf(Error);
      expect((await s.get('/teapot')).body).toEqual({ error: { code: 'teapot', message: 'short and stout' } });
    } finally { await s.close(); }
  });
});
