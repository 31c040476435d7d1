// /api/openapi.json is a valid OpenAPI 3.1 document, and real answers of every route it describes
// (on the small commune, by GET and by POST, found and empty, refused) match its schemas.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';

let db: Db;
let http: TestServer;
let doc: any;
beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await db.knex.raw(`UPDATE communes SET geom = (SELECT ST_Multi(ST_Union(geom)) FROM cadastre_parcelles) WHERE insee = '96001'`);
  await db.knex.raw(`INSERT INTO cadastre_sections (id, commune, code, geom) SELECT '96001000AB', '96001', 'AB', ST_Multi(ST_Union(geom)) FROM cadastre_parcelles`);
  http = await serve(buildApp(db));
  const all = (await http.get('/api/openapi.json')).body;
  // This file checks the API Carto-compatible part; server/contract/openapi.test.ts checks the rest.
  doc = { ...all, paths: Object.fromEntries(Object.entries(all.paths).filter(([p]) => /^\/api\/(gpu|cadastre)\//.test(p))) };
});
afterAll(async () => { await http?.close(); await db?.close(); });

// Parcel AB1's centre, in WGS84, and a square around it.
const POINT = { type: 'Point', coordinates: [3.0005, 46.5004] };
const SQUARE = { type: 'Polygon', coordinates: [[[3.0004, 46.5003], [3.0006, 46.5003], [3.0006, 46.5005], [3.0004, 46.5005], [3.0004, 46.5003]]] };
const QUERIES: Record<string, string> = {
  '/api/gpu/municipality': 'insee=96001', '/api/gpu/acte-sup': 'partition=T_SUP_96_AC1',
  '/api/gpu/document': 'partition=DU_96001',
};
const queryOf = (path: string) => QUERIES[path] ?? (path.startsWith('/api/cadastre/') ? 'code_insee=96001' : `geom=${encodeURIComponent(JSON.stringify(SQUARE))}`);

describe('/api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, readable from another site', async () => {
    const res = await fetch(`${http.url}/api/openapi.json`, { headers: { Origin: 'https://example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every API Carto-compatible route the app serves, by GET and POST', async () => {
    expect(Object.keys(doc.paths).length).toBe(22);
    for (const ops of Object.values<any>(doc.paths)) expect(Object.keys(ops).sort()).toEqual(['get', 'post']);
  });

  it('real answers of every documented route match their schemas: found, paged, empty and refused', async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'openapi', components: doc.components });
    // The response schemas refer to '#/components/…' of the document: resolve them against it.
    const check = (schema: object, body: unknown, what: string) => {
      const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')));
      expect(validate(body) ? [] : validate.errors, what).toEqual([]);
    };
    let found = 0;
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      const ok = ops.get.responses[200].content['application/json'].schema;
      const get = await http.get(`${path}?${queryOf(path)}`);
      expect(get.status, path).toBe(200);
      check(ok, get.body, `GET ${path}`);
      if (get.body.features.length) found++;
      const post = await http.post(`${path}?_limit=1`, Object.fromEntries(new URLSearchParams(queryOf(path))));
      check(ok, post.body, `POST ${path}`);
      const bad = await http.get(`${path}?_limit=-1`);
      expect(bad.status, path).toBe(400);
      check(ops.get.responses[400].content['application/json'].schema, bad.body, `400 ${path}`);
    }
    // Not a vacuous pass: half the routes have something in the small commune.
    expect(found).toBeGreaterThanOrEqual(10);
    const point = await http.post('/api/cadastre/parcelle', { geom: JSON.stringify(POINT) });
    check(doc.paths['/api/cadastre/parcelle'].post.responses[200].content['application/json'].schema, point.body, 'parcelle by point');
  });
});
