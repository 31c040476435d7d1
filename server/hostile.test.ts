// The public API under abuse: hostile input never gives a 5xx, limits hold per client address,
// and nothing internal (database errors, engine details, staff searches) reaches a response or a log.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import express from 'express';
import type { Db } from './db.ts';
import { buildApp, type AppOptions } from './app.ts';
import { fromDatabaseError } from './errors.ts';
import { testDb } from './testing/db.ts';
import { serve, type TestServer } from './testing/http.ts';
import { X, loadSmallCommune } from './testing/small-commune.ts';
import { createUser } from './accounts/users.ts';
import { LAYERS } from './layers/registry.ts';
import { CADASTRE_LAYERS, GPU_LAYERS } from './apicarto/layers.ts';
import { addressKey } from './ratelimit.ts';
import { logLine } from './requests.ts';
import { publicQueries } from './public-queries.ts';
import { clampToTerritories } from './geometry/bbox.ts';
import { healthRoutes } from './health/routes.ts';

let db: Db;
let http: TestServer;
let staff: Record<string, string>;
const logged: unknown[] = [];
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await createUser(db.knex, { login: 'admin1', role: 'admin', password: PASSWORD });
  http = await serve(buildApp(db, { log: (e) => logged.push(e) }));
  const res = await http.post('/api/login', { login: 'admin1', password: PASSWORD });
  staff = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': res.body.csrfToken };
});
afterAll(async () => { await http?.close(); await db?.close(); });

async function call(method: string, path: string, opts: { body?: string; headers?: Record<string, string>; server?: TestServer } = {}) {
  const res = await fetch((opts.server ?? http).url + path, {
    method, body: opts.body, headers: { 'content-type': 'application/json', ...opts.headers },
  });
  const text = await res.text();
  let body: any = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, headers: res.headers };
}
const asStaff = (method: string, path: string, body?: string) => call(method, path, { body, headers: staff });

const point = JSON.stringify({ type: 'Point', coordinates: [3.0005, 46.5005] });
const square = (side: number, x0 = X, y0 = 6600000) =>
  ({ type: 'Polygon', coordinates: [[[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]] });

// Every public and staff route that reads text from a client, with the NUL character where a
// client can put it (JSON bodies carry it as \u0000, query strings as %00).
const NUL = '\\u0000';
const NUL_CASES: [string, string, string, string?][] = [
  ['the search box', 'GET', '/api/find?q=AB%001'],
  ['a commune search', 'GET', '/api/find?q=Commune%00'],
  ['a dossier number search', 'GET', '/api/find?q=PC%20096001%2026%20X%000001'],
  ['a login', 'POST', '/api/login', `{"login":"admin1${NUL}","password":"x"}`],
  ['a filing\'s applicant name', 'POST', '/api/dossiers',
    `{"type":"PC","insee":"96001","parcels":["96001000AB0001"],"filedOn":"2026-01-15","applicant":{"kind":"person","lastName":"Dupont${NUL}"}}`],
  ['an event payload', 'POST', '/api/dossiers/1/events', `{"type":"REQUEST_PIECES","on":"2026-01-20","version":1,"payload":{"pieces":["PC${NUL}1"]}}`],
  ['a JSON key', 'POST', '/api/checks', `{"parcels":["96001000AB0001"],"x${NUL}":1}`],
  ['a list filter (number)', 'GET', '/api/dossiers?number=%00'],
  ['a list filter (applicant)', 'GET', '/api/dossiers?applicant=Du%00'],
  ['an API Carto partition', 'GET', '/api/gpu/zone-urba?partition=DU_%00'],
  ['a parcel id of the check', 'POST', '/api/checks', `{"parcels":["96001000AB0001${NUL}"]}`],
];

describe('a NUL character (U+0000), which PostgreSQL cannot store', () => {
  it.each(NUL_CASES)('in %s is a 400 text_nul_character with a French message', async (_what, method, path, body) => {
    const res = await asStaff(method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('text_nul_character');
    expect(res.body.error.message).toMatch(/contient un caractère nul \(U\+0000\)/);
  });

  it('a lone UTF-16 surrogate, which has no UTF-8 form, is a 400 text_invalid_unicode; a real emoji passes', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/login', '{"login":"\\ud800","password":"x"}'],
      ['POST', '/api/dossiers/1/events', '{"type":"REQUEST_PIECES","on":"2026-01-20","version":1,"payload":{"note":"a\\udfffb"}}'],
      ['POST', '/api/checks', '{"parcels":["96001000AB0001"],"\\ud83d":1}'],
    ] as const) {
      const res = await asStaff(method, path, body);
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe('text_invalid_unicode');
    }
    const emoji = await asStaff('GET', `/api/find?q=${encodeURIComponent('😀')}`);
    expect(emoji.status).toBe(200);
  });

  it('reaching the database anyway is a 400, not a 500: SQLSTATE 22021 and 22P05 are mapped', async () => {
    const text = await db.knex.raw('SELECT ?::text AS t', ['a\u0000b']).catch((e) => e);
    expect(fromDatabaseError(text)).toMatchObject({ status: 400, code: 'text_invalid_character' });
    const json = await db.knex.raw(`SELECT '"\\u0000"'::jsonb AS j`).catch((e) => e);
    expect(json.code).toBe('22P05');
    expect(fromDatabaseError(json)).toMatchObject({ status: 400, code: 'text_invalid_character' });
  });
});

describe('database errors', () => {
  it('every data exception (class 22) is a 400, and none tells the database\'s own words', async () => {
    for (const sql of [`SELECT 'x'::int`, `SELECT '1e400'::float8`, `SELECT '2026-02-30'::date`, `SELECT 1/0`, `SELECT 99::numeric(2, 0) * ?::numeric(2, 0)`]) {
      const err = await db.knex.raw(sql, sql.includes('?') ? [1000] : []).then(() => null, (e) => e);
      expect(err?.code, sql).toMatch(/^22/);
      const mapped = fromDatabaseError(err);
      expect(mapped, sql).toMatchObject({ status: 400 });
      expect(mapped!.message).not.toMatch(/SELECT|invalid input|out of range|division/i);
    }
  });

  it('a unique violation is a 409 that names neither the key nor its value', async () => {
    const err = await db.knex.raw(`INSERT INTO communes (insee, nom) VALUES ('96001', 'doublon')`).catch((e) => e);
    const mapped = fromDatabaseError(err)!;
    expect(mapped.status).toBe(409);
    expect(mapped.message).not.toMatch(/96001|insee|Key/);
  });
});

describe('a malformed session cookie', () => {
  it.each([
    ['GET', '/api/health'], ['GET', '/api/layers'], ['GET', '/api/layers/parcelles?bbox=2.99,46.49,3.01,46.51'],
    ['GET', '/api/find?q=AB%201'], ['POST', '/api/logout'], ['GET', '/api/me'],
  ])('is no session, never an error: %s %s', async (method, path) => {
    for (const cookie of ['terrier_session=%', 'terrier_session=%E0%A4%A', 'terrier_session=%ZZ; other=1']) {
      const res = await call(method, path, { headers: { cookie }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, cookie).toBeLessThan(500);
      if (path === '/api/me') expect(res.status).toBe(401);
    }
  });
});

describe('a bbox reaching the poles', () => {
  it.each(LAYERS.map((l) => l.name))('is clamped to Lambert-93\'s area on layer %s (no 500)', async (name) => {
    for (const bbox of ['-180,-90,180,90', '0,-90,1,-89', '0,89,1,90', '-180,80,180,90']) {
      const res = await call('GET', `/api/layers/${name}?bbox=${bbox}`);
      expect(res.status, bbox).toBe(200);
      expect(res.body.type).toBe('FeatureCollection');
    }
  });

  it('the whole world still finds the parcels inside France (and overseas); a polar strip finds nothing', async () => {
    const world = await call('GET', '/api/layers/parcelles?bbox=-180,-90,180,90');
    expect(world.body.features.map((f: any) => f.properties.id).sort()).toEqual(['96001000AB0001', '96001000AB0002', '96001000AB0003', '96001000AB0004']);
    expect(clampToTerritories([0, 89, 1, 90])).toBeNull();
    expect(clampToTerritories([-180, -90, 180, 90])).toEqual([-63.66, -24.72, 58.24, 51.56]);
  });

  it('on the staff map of dossiers too', async () => {
    for (const bbox of ['-180,-90,180,90', '0,-90,1,-89']) {
      const res = await asStaff('GET', `/api/dossiers/map?bbox=${bbox}`);
      expect(res.status, bbox).toBe(200);
    }
  });
});

describe('hostile values on every public route give a 4xx, never a 5xx', () => {
  const q = (g: unknown) => encodeURIComponent(JSON.stringify(g));
  const families: Record<string, [string, string, string?][]> = {
    'huge numbers and NaN': [
      ['GET', '/api/layers/parcelles?bbox=1,2,3,1e400'], ['GET', '/api/layers/parcelles?bbox=NaN,1,2,3'],
      ['GET', `/api/gpu/zone-urba?geom=${point}&_limit=1e400`], ['GET', `/api/gpu/zone-urba?geom=${point}&_start=1e300`],
      ['GET', `/api/gpu/zone-urba?geom=${point}&_limit=NaN`], ['GET', '/api/cadastre/parcelle?code_insee=96001&_start=99999999999999999999'],
      ['POST', '/api/checks', `{"geometry":${JSON.stringify(square(50))},"crs":"EPSG:2154","tolerance":{"area":1e308}}`],
      ['POST', '/api/checks', `{"geometry":{"type":"Polygon","coordinates":[[[3,46.5],[1e400,46.5],[3,47],[3,46.5]]]}}`],
      ['GET', '/api/find?q=AB%201&limit=1e400'], ['GET', '/tiles/parcelles/15/99999999999/1.mvt'],
      ['GET', '/api/dossiers?limit=1e99'], ['POST', '/api/dossiers/1/events', '{"type":"REQUEST_PIECES","on":"2026-01-20","version":1e400}'],
      ['GET', '/api/dossiers/99999999999999999999999'],
    ],
    'arrays where strings are expected': [
      ['GET', '/api/find?q=a&q=b'], ['GET', '/api/layers/parcelles?bbox=1,2,3,4&bbox=5,6,7,8'],
      ['GET', `/api/gpu/zone-urba?geom=${point}&_limit=1&_limit=2`], ['GET', '/api/cadastre/parcelle?code_insee=96001&code_insee=96002'],
      ['POST', '/api/gpu/zone-urba', `{"geom":${point},"_limit":[1],"partition":["DU_96001"]}`],
      ['POST', '/api/login', '{"login":["admin1"],"password":{"a":1}}'], ['GET', '/api/dossiers?state=a&state=b'],
      ['POST', '/api/checks', '{"parcels":"96001000AB0001","crs":["EPSG:2154"]}'],
    ],
    'very long strings': [
      ['GET', `/api/find?q=${'A'.repeat(5000)}`], ['POST', '/api/login', `{"login":"${'a'.repeat(1_000_000)}","password":"x"}`],
      ['POST', '/api/checks', `{"parcels":["${'9'.repeat(100_000)}"]}`], ['GET', `/api/gpu/zone-urba?partition=${'D'.repeat(5000)}`],
      ['POST', '/api/dossiers', `{"type":"PC","insee":"96001","parcels":["96001000AB0001"],"filedOn":"2026-01-15","applicant":{"kind":"person","lastName":"${'D'.repeat(100_000)}"}}`],
    ],
    'deeply nested JSON': [
      ['POST', '/api/checks', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['POST', '/api/gpu/zone-urba', `{"geom":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`],
      ['POST', '/api/login', `{"login":${'['.repeat(50_000)}${']'.repeat(50_000)}}`],
    ],
    'inverted or empty bboxes': [
      ['GET', '/api/layers/parcelles?bbox=3,47,2,46'], ['GET', '/api/layers/parcelles?bbox=3,46,3,47'],
      ['GET', '/api/layers/parcelles?bbox=,,,'], ['GET', '/api/dossiers/map?bbox=3,47,2,46'],
    ],
    'tiles out of range': [
      ['GET', '/tiles/parcelles/23/0/0.mvt'], ['GET', '/tiles/parcelles/2/4/0.mvt'], ['GET', '/tiles/parcelles/-1/0/0.mvt'],
      ['GET', '/tiles/parcelles/1.5/0/0.mvt'], ['GET', '/tiles/parcelles/99999999999/0/0.mvt'], ['GET', '/tiles/%00/1/0/0.mvt'],
    ],
    'negative limits and offsets': [
      ['GET', `/api/gpu/zone-urba?geom=${point}&_limit=-1`], ['GET', `/api/gpu/zone-urba?geom=${point}&_start=-5`],
      ['GET', '/api/cadastre/parcelle?code_insee=96001&_limit=-1'], ['GET', '/api/find?q=AB&limit=-1'], ['GET', '/api/dossiers?limit=-1'],
    ],
    'lone surrogates': [
      ['GET', '/api/find?q=%ED%A0%80'], ['GET', '/api/find?q=%F0%9F'],
      ['POST', '/api/login', '{"login":"\\ud800","password":"\\udfff"}'],
      ['POST', '/api/checks', '{"parcels":["96001000AB000\\ud800"]}'],
      ['POST', '/api/dossiers', '{"type":"PC","insee":"96001","parcels":["96001000AB0001"],"filedOn":"2026-01-15","applicant":{"kind":"person","lastName":"\\ud800"}}'],
      ['POST', '/api/gpu/zone-urba', `{"partition":"DU_\\ud800"}`], ['GET', `/api/gpu/zone-urba?geom=${q({ type: '\ud800', coordinates: [3, 46] })}`],
    ],
  };
  it.each(Object.keys(families))('%s', async (family) => {
    const before = logged.length;
    for (const [method, path, body] of families[family]!) {
      const res = await asStaff(method, path, body);
      expect(res.status, `${method} ${path.slice(0, 120)} ${String(body).slice(0, 80)} → ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(500);
    }
    expect(logged.slice(before)).toEqual([]);
  });
});

describe('the size of the work a public request asks for', () => {
  // 28.5 km square in Lambert-93: 812.25 km².
  const big = square(28_500);
  it('a check geometry over the area limit is a 400 that says the area and the limit', async () => {
    const res = await call('POST', '/api/checks', { body: JSON.stringify({ geometry: big, crs: 'EPSG:2154' }) });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'geometry_too_large', message: 'La géométrie couvre 812 km², au-delà de la limite de 25 km².' });
  });

  it('the limit is the configured one (TERRIER_CHECK_MAX_AREA_KM2)', async () => {
    const s = await serve(buildApp(db, { check: { edgeArea: 1, edgeShare: 0.5, edgeLength: 1, maxAreaKm2: 0.001, maxVertices: 20000 } }));
    try {
      expect((await call('POST', '/api/checks', { server: s, body: JSON.stringify({ geometry: square(30), crs: 'EPSG:2154' }) })).status).toBe(200);
      const res = await call('POST', '/api/checks', { server: s, body: JSON.stringify({ geometry: square(40), crs: 'EPSG:2154' }) });
      expect(res.body.error).toEqual({ code: 'geometry_too_large', message: 'La géométrie couvre 0,0016 km², au-delà de la limite de 0,001 km².' });
    } finally { await s.close(); }
  });

  // The API Carto routes answer a 400 in API Carto's shape, { code: 400, message: { geom: { msg, code } } }.
  const geomRoutes = [
    ...Object.entries(GPU_LAYERS).filter(([, l]) => !l.noGeom).map(([r]) => `/api/gpu/${r}`),
    ...Object.keys(CADASTRE_LAYERS).map((r) => `/api/cadastre/${r}`),
  ];
  it.each(geomRoutes)('%s refuses a geom over the area limit, by GET and by POST', async (route) => {
    // About 1° × 1° around (3, 46.5): some 8 500 km².
    const geom = { type: 'Polygon', coordinates: [[[2.5, 46], [3.5, 46], [3.5, 47], [2.5, 47], [2.5, 46]]] };
    const get = await call('GET', `${route}?geom=${encodeURIComponent(JSON.stringify(geom))}`);
    expect(get.status).toBe(400);
    expect(get.body.message.geom.code).toBe('geometry_too_large');
    expect(get.body.message.geom.msg).toMatch(/^La géométrie couvre \d[\d\s\u202f]* km², au-delà de la limite de 25 km²\.$/);
    const post = await call('POST', route, { body: JSON.stringify({ geom }) });
    expect(post.body.message.geom).toMatchObject({ code: 'geometry_too_large', location: 'body' });
  });

  it('a line, or specks far apart, whose bounding box is over 16 times the limit is refused too (the index would scan that box)', async () => {
    const line = { type: 'LineString', coordinates: [[-4, 48], [8, 43]] };
    const speck = (x: number, y: number) => [[[x, y], [x + 0.0001, y], [x + 0.0001, y + 0.0001], [x, y]]];
    const specks = { type: 'MultiPolygon', coordinates: [speck(-4, 48), speck(7, 43.7)] };
    for (const [route, geom] of [['/api/cadastre/parcelle', line], ['/api/gpu/zone-urba', specks]] as const) {
      const res = await call('GET', `${route}?geom=${encodeURIComponent(JSON.stringify(geom))}`);
      expect(res.status).toBe(400);
      expect(res.body.message.geom.code).toBe('geometry_too_large');
      expect(res.body.message.geom.msg).toMatch(/^L’emprise de la géométrie \(son rectangle englobant\) couvre [\d\s\u202f]+ km², au-delà de la limite de 400 km²\.$/);
    }
    // A 5 km line (a street, a pipeline) is well within.
    const street = { type: 'LineString', coordinates: [[3, 46.5], [3.05, 46.52]] };
    expect((await call('GET', `/api/cadastre/parcelle?geom=${encodeURIComponent(JSON.stringify(street))}`)).status).toBe(200);
  });

  it('too many vertices is a 400 geometry_too_many_vertices on the check and on API Carto', async () => {
    const ring = Array.from({ length: 20_001 }, (_, i) => [3 + Math.cos(i / 3200) * 0.001, 46.5 + Math.sin(i / 3200) * 0.001]);
    ring.push(ring[0]!);
    const geometry = { type: 'Polygon', coordinates: [ring] };
    const check = await call('POST', '/api/checks', { body: JSON.stringify({ geometry }) });
    expect(check.body.error).toEqual({ code: 'geometry_too_many_vertices', message: 'La géométrie a 20\u202f002 sommets, au-delà de la limite de 20\u202f000.' });
    const gpu = await call('POST', '/api/gpu/zone-urba', { body: JSON.stringify({ geom: geometry }) });
    expect(gpu.body.message.geom.code).toBe('geometry_too_many_vertices');
  });
});

describe('per-address rate limits', () => {
  const limited = (opts: AppOptions) => serve(buildApp(db, { ...opts, log: (e) => logged.push(e) }));

  it('the public spatial routes answer 429 with Retry-After past the limit; other routes are not counted', async () => {
    const s = await limited({ rateLimit: { publicPerMinute: 3 } });
    try {
      const checkBody = JSON.stringify({ parcels: ['96001000AB0001'] });
      expect((await call('POST', '/api/checks', { server: s, body: checkBody })).status).toBe(200);
      expect((await call('GET', `/api/gpu/zone-urba?geom=${point}`, { server: s })).status).toBe(200);
      expect((await call('GET', '/api/cadastre/parcelle?code_insee=96001', { server: s })).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await call('GET', '/api/layers/parcelles?bbox=2.99,46.49,3.01,46.51', { server: s })).status).toBe(200);
      const res = await call('POST', '/api/checks', { server: s, body: checkBody });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('too_many_requests');
      expect(res.body.error.message).toMatch(/^Trop de requêtes depuis votre adresse \(au plus 3 par minute\)\s:\sréessayez dans \d+\s?s\.$/);
      const wait = Number(res.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
    } finally { await s.close(); }
  });

  it('behind a trusted proxy the limit keys on the client the proxy saw, not on the proxy nor on a forged header', async () => {
    const s = await limited({ rateLimit: { publicPerMinute: 2 }, trustProxy: true });
    const from = (xff: string) => call('GET', '/api/cadastre/parcelle?code_insee=96001', { server: s, headers: { 'x-forwarded-for': xff } });
    try {
      expect((await from('203.0.113.1')).status).toBe(200);
      expect((await from('203.0.113.1')).status).toBe(200);
      expect((await from('203.0.113.1')).status).toBe(429);
      // Another client behind the same proxy has its own count.
      expect((await from('203.0.113.2')).status).toBe(200);
      // A client writing its own X-Forwarded-For: the proxy appends the real address, which is the one counted.
      expect((await from('198.51.100.7, 203.0.113.1')).status).toBe(429);
    } finally { await s.close(); }
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: rotating it does not escape the limit', async () => {
    const s = await limited({ rateLimit: { publicPerMinute: 2 } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await call('GET', '/api/cadastre/parcelle?code_insee=96001', { server: s, headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally { await s.close(); }
  });

  it('an IPv6 client is its /64; an IPv4-mapped address is its IPv4 address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::2'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:192.0.2.4')).toBe('192.0.2.4');
  });
});

describe('/api/health', () => {
  it('tells an anonymous caller from outside only its status', async () => {
    const res = await call('GET', '/api/health', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('gives the engine, PostGIS version and counts to an admin and to an internal check', async () => {
    const admin = await call('GET', '/api/health', { headers: { ...staff, 'x-forwarded-for': '203.0.113.9' } });
    expect(admin.body).toEqual({ status: 'ok', database: db.engine, postgis: expect.stringMatching(/^3\./), parcels: 4 });
    const internal = await call('GET', '/api/health');
    expect(internal.body).toMatchObject({ status: 'ok', database: db.engine });
  });

  it('a database that does not answer is a 503 that does not say why', async () => {
    const broken = { ...db, knex: { raw: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')) } } as unknown as Db;
    const errors: unknown[] = [];
    const s = await serve(express().use(healthRoutes(broken, (e) => errors.push(e))));
    try {
      const res = await call('GET', '/api/health', { server: s, headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable' });
      expect(errors).toHaveLength(1);
    } finally { await s.close(); }
  });
});

describe('request logs', () => {
  it('keep the method, path and status but never the query string', () => {
    expect(logLine('GET', '/api/find?q=Dupont', 200, 3.14)).toBe('GET /api/find?… 200 3.1ms');
    expect(logLine('GET', '/api/dossiers?applicant=Dupont&state=instruction', 200, 1)).toBe('GET /api/dossiers?… 200 1.0ms');
    expect(logLine('GET', '/api/dossiers/12', 404, 1)).toBe('GET /api/dossiers/12 404 1.0ms');
  });

  it('the app writes no staff search into its log', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    const s = await serve(buildApp(db, { logRequests: true }));
    try {
      await call('GET', '/api/find?q=PC%20096001%2026%20X0001', { server: s, headers: staff });
      await call('GET', '/api/dossiers?applicant=Dupont', { server: s, headers: staff });
      await new Promise((r) => setTimeout(r, 50));
    } finally { spy.mockRestore(); await s.close(); }
    expect(lines).toEqual([expect.stringMatching(/^GET \/api\/find\?… 200 /), expect.stringMatching(/^GET \/api\/dossiers\?… 200 /)]);
  });
});

describe('the statement timeout of public queries', () => {
  it.skipIf(process.env.DATABASE_URL === undefined)('on PostgreSQL cancels a statement past the limit: a 503 query_timeout in French', async () => {
    const run = publicQueries(db, 100);
    const t = performance.now();
    const err = await run((k) => k.raw('SELECT pg_sleep(2)')).catch((e) => e);
    expect(performance.now() - t).toBeLessThan(1500);
    expect(err.code).toBe('57014');
    expect(fromDatabaseError(err)).toMatchObject({ status: 503, code: 'query_timeout', message: expect.stringMatching(/^La requête a demandé trop de temps/) });
  });

  it.skipIf(process.env.DATABASE_URL === undefined)('on PostgreSQL runs public queries read-only', async () => {
    const err = await publicQueries(db, 1000)((k) => k.raw(`INSERT INTO communes (insee, nom) VALUES ('96009', 'x')`)).catch((e) => e);
    expect(err.code).toBe('25006');
  });

  it.skipIf(process.env.DATABASE_URL !== undefined)('on PGlite, which cannot interrupt a statement, the queries run as they are (the work is bounded by the limits above)', async () => {
    const run = publicQueries(db, 100);
    const { rows } = await run((k) => k.raw('SELECT 1 AS one'));
    expect(rows[0].one).toBe(1);
  });
});
