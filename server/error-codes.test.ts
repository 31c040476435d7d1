// Errors a user can see: every code the server can send is documented (docs/api.md, "Error codes"),
// none is a placeholder, and walking the error paths of the main routes gives French messages only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from './accounts/users.ts';
import { buildApp } from './app.ts';
import type { Db } from './db.ts';
import { addDays, addMonths, localDate } from './dossiers/dates.ts';
import { login, type Client } from './dossiers/testing.ts';
import { testDb } from './testing/db.ts';
import { englishWords } from './testing/french.ts';
import { serve, type TestServer } from './testing/http.ts';
import { X, loadSmallCommune } from './testing/small-commune.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDERS = ['bad_request', 'not_found', 'conflict', 'not_allowed', 'too_large'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The codes written in the server's source: badRequest('x', …), new AppError(409, 'x', …), { code: 'x', message }… */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\b(?:badRequest|notFound|conflict|notAllowed)\(\s*'([a-z0-9_]+)'/g,
    /\bAppError\(\s*[\w.]+,\s*'([a-z0-9_]+)'/g,
    /\bcode: '([a-z0-9_]+)', message/g,
    /\b(?:badRequest|AppError)\([^'\n]*\? '([a-z0-9_]+)' : '([a-z0-9_]+)'/g, // a code chosen between two
    /\[\/[^/\n]+\/i, '(geometry_[a-z0-9_]+)'/g, // the table of GEOS reasons
    /assertCommune\([^)]*?, '([a-z0-9_]+)'/g,
    /return \['([a-z0-9_]+)', /g, // a contract schema's refusal (contract/parse.ts)
    /\brefusing\(\s*'([a-z0-9_]+)'/g, // a refusal written in a schema: refusing('x', …) (contract/parse.ts)
  ];
  for (const file of sources(path.join(ROOT, 'server'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const re of patterns) {
      for (const m of text.matchAll(re)) for (const c of m.slice(1)) if (c) found.set(c, path.relative(ROOT, file));
    }
  }
  return found;
}

const documented = () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
  const table = doc.slice(doc.indexOf('## Error codes'));
  return new Set([...table.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!));
};

describe('error codes', () => {
  it('every code the server sends is documented in docs/api.md, and none is a placeholder', () => {
    const codes = codesInSource();
    expect(codes.size).toBeGreaterThan(100);
    const doc = documented();
    const missing = [...codes].filter(([c]) => !doc.has(c)).map(([c, f]) => `${c} (${f})`);
    expect(missing).toEqual([]);
    expect([...codes.keys()].filter((c) => PLACEHOLDERS.includes(c))).toEqual([]);
    for (const c of codes.keys()) expect(c).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
  });
});

describe('walking the error paths of the main routes: a stable code and a French message each', () => {
  let db: Db;
  let http: TestServer;
  let staff: Client;
  let dossierId: number;
  /** Its version once what fell due since its filing (completeness deemed, R423-22) was applied. */
  let dossierVersion: number;
  const today = localDate();
  const ring = [[X, 6600000], [X + 10, 6600000], [X + 10, 6600010], [X, 6600010], [X, 6600000]];
  const bowtie = [[X, 6600000], [X + 10, 6600010], [X + 10, 6600000], [X, 6600010], [X, 6600000]];

  beforeAll(async () => {
    db = await testDb();
    await loadSmallCommune(db);
    await createUser(db.knex, { login: 'instructeur1', role: 'instructeur', password: 'correct horse battery' });
    http = await serve(buildApp(db, { logRequests: false, log: () => {} }));
    staff = await login(http, 'instructeur1');
    const filed = await staff.post('/api/dossiers', { type: 'PC', insee: '96001', parcels: ['96001000AB0001'], filedOn: addMonths(today, -2),
      applicant: { kind: 'person', lastName: 'Martin' }, works: { description: 'Abri de jardin' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    dossierId = filed.body.id;
    dossierVersion = filed.body.version;
  });
  afterAll(async () => { await http?.close(); await db?.close(); });

  const anonymous: [string, string, unknown?][] = [
    ['GET', '/api/nowhere'],
    ['GET', '/api/layers/%E0%A4%A?bbox=2,46,3,47'],
    ['POST', '/api/checks', '{"parcels": ['],
    ['POST', '/api/checks', {}],
    ['POST', '/api/checks', { parcels: ['96001000ZZ9999'] }],
    ['POST', '/api/checks', { parcels: ['AB 37'] }],
    ['POST', '/api/checks', { geometry: { type: 'LineString', coordinates: [[3, 46], [3.1, 46]] } }],
    ['POST', '/api/checks', { geometry: { type: 'Feature', geometry: null } }],
    ['POST', '/api/checks', { geometry: { type: 'Polygon', coordinates: [ring.slice(0, 4)] }, crs: 'EPSG:2154' }],
    ['POST', '/api/checks', { geometry: { type: 'Polygon', coordinates: [ring] }, crs: 'EPSG:3857' }],
    ['POST', '/api/checks', { geometry: { type: 'Polygon', coordinates: [ring] } }],
    ['POST', '/api/checks', { geometry: { type: 'Polygon', coordinates: [bowtie] }, crs: 'EPSG:2154' }],
    ['POST', '/api/checks', { parcels: ['96001000AB0001'], tolerance: { width: 1 } }],
    ['GET', '/api/layers/parcelles'],
    ['GET', '/api/layers/parcelles?bbox=3,47,2,46'],
    ['GET', '/api/layers/nothing?bbox=2,46,3,47'],
    ['GET', '/tiles/nothing/15/16520/11700.mvt'],
    ['GET', '/tiles/parcelles/23/0/0.mvt'],
    ['GET', '/api/find'],
    ['GET', '/api/find?q=AB&commune=95999'],
    ['GET', '/api/cadastre/parcelle'],
    ['GET', '/api/cadastre/parcelle?insee=96001'],
    ['GET', '/api/cadastre/parcelle?geom=POINT(3 46)'],
    ['GET', '/api/gpu/zone-urba'],
    ['GET', '/api/gpu/municipality'],
    ['GET', '/api/gpu/acte-sup'],
    ['POST', '/api/cadastre/parcelle?code_insee=96001&source_ign=BDP', {}],
    ['GET', '/api/cadastre/commune?code_com=001'],
    ['GET', '/api/cadastre/feuille?code_insee=96001&code_dep=96&code_com=002'],
    ['POST', '/api/login', { login: 'instructeur1', password: 'wrong password' }],
    ['POST', '/api/login', {}],
    ['GET', '/api/dossiers'],
  ];

  it.each(anonymous)('%s %s', async (method, p, body) => {
    const res = method === 'GET' ? await http.get(p) : await http.post(p, body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    // The API Carto routes answer a 400 in API Carto's shape: { code: 400, message: { <param>: { msg, code } } }.
    const apiCarto = res.body.error ? null : (Object.values(res.body.message)[0] as { code: string; msg: string });
    expectFrenchError(res.body.error ?? { code: apiCarto!.code, message: apiCarto!.msg });
  });

  const withSession = (): [string, string, unknown?][] => [
    ['POST', '/api/dossiers', { type: 'PX' }],
    ['POST', '/api/dossiers', { type: 'PC', insee: '96001', parcels: ['96001000ZZ0001'], filedOn: today, applicant: { kind: 'person', lastName: 'X' }, works: { description: 'y' } }],
    ['POST', '/api/dossiers', { type: 'PC', insee: '96001', parcels: ['96001000AB0001'], filedOn: addDays(today, 1), applicant: { kind: 'person', lastName: 'X' }, works: { description: 'y' } }],
    ['POST', '/api/dossiers', { type: 'DOC' }],
    ['GET', '/api/dossiers/999999'],
    ['GET', '/api/dossiers?sort=oldest'],
    ['POST', `/api/dossiers/${dossierId}/events`, { type: 'APPROVE', on: today, version: dossierVersion }],
    ['POST', `/api/dossiers/${dossierId}/events`, { type: 'CONSULT', on: today, version: 99, payload: { service: 'SDIS' } }],
    ['POST', `/api/dossiers/${dossierId}/events`, { type: 'CONSULT', on: addDays(today, 1), version: dossierVersion, payload: { service: 'SDIS' } }],
    ['POST', `/api/dossiers/${dossierId}/events`, { type: 'CONSULT', on: addMonths(today, -3), version: dossierVersion, payload: { service: 'SDIS' } }],
    ['POST', `/api/dossiers/${dossierId}/events`, { type: 'RECEIVE_PIECES', on: today, version: dossierVersion }],
    ['POST', `/api/dossiers/${dossierId}/events`, { type: 'NOTIFY_MAJORATION', on: today, version: dossierVersion, payload: { majorations: ['R423-24 c'] } }],
    ['POST', `/api/dossiers/${dossierId}/events`, { type: 'RECORD_OPINION', on: today, version: dossierVersion, payload: { consultation: 7, opinion: 'favorable' } }],
  ];

  it('dossiers: every refusal of a filing or an event', async () => {
    const seen: string[] = [];
    for (const [method, p, body] of withSession()) {
      const res = method === 'GET' ? await staff.get(p) : await staff.post(p, body);
      expect(res.status, `${method} ${p} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectFrenchError(res.body.error);
      seen.push(res.body.error.code);
    }
    expect(seen).toEqual(['dossier_type_unknown', 'parcel_unknown', 'date_in_future', 'parent_required', 'dossier_unknown', 'sort_unknown',
      'event_type_unknown', 'version_stale', 'date_in_future', 'date_before_filing', 'event_not_allowed_in_state', 'majoration_late', 'consultation_unknown']);
  });
});

function expectFrenchError(error: { code: string; message: string }): void {
  expect(error.code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
  expect(PLACEHOLDERS).not.toContain(error.code);
  expect(documented().has(error.code), error.code).toBe(true);
  expect(englishWords(error.message), error.message).toEqual([]);
  expect(error.message, error.message).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/); // dates as dd/mm/yyyy
  expect(error.message).toMatch(/[A-ZÀ-Ýa-zà-ÿ]/);
}
