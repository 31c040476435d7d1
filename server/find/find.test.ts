// The search box's API on the demo commune and on Épinay-sur-Orge (91216, an extract of real Etalab parcels):
// every way of writing a parcel reference, sections, communes, dossiers only for staff and within
// their communes, and every bad input.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { loadDemo } from '../demo/load.ts';
import { importCadastreFiles } from '../import/index.ts';
import { real } from '../import/test-helpers.ts';
import { fileDossier } from '../dossiers/engine.ts';
import type { FindResult } from './routes.ts';
import { PERSON, createAccounts, engineOptions, filing, login, type Client } from '../dossiers/testing.ts';
import { parseQuery } from './query.ts';

let db: Db;
let http: TestServer;
let users: Awaited<ReturnType<typeof createAccounts>>;
let instructeur: Client, elu: Client, epci: Client;
let dossier: { id: number; number: string };
let parcel: { id: string; section: string; numero: string };

type Result = { kind: string; id: string; label: string; detail: string; commune: string | null; bbox: number[] | null; properties?: Record<string, unknown> };
const find = async (query: string, who?: Client): Promise<Result[]> => {
  const res = who ? await who.get(`/api/find?${query}`) : await http.get(`/api/find?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results;
};
const q = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;

beforeAll(async () => {
  db = await testDb();
  await loadDemo(db);
  await importCadastreFiles(db.knex, [real('cadastre/etalab/cadastre-91216-parcelles.json')]);
  users = await createAccounts(db);
  http = await serve(buildApp(db));
  [instructeur, elu, epci] = await Promise.all(['instructeur1', 'elu1', 'epci1'].map((l) => login(http, l))) as [Client, Client, Client];
  // The 31st parcel of section AB of the demo, whatever the demo generator made.
  const { rows } = await db.knex.raw(`SELECT id, section, numero FROM cadastre_parcelles WHERE commune = '96001' AND section = 'AB' ORDER BY id OFFSET 30 LIMIT 1`);
  parcel = rows[0];
  const row = await fileDossier(db.knex, engineOptions({ today: '2026-03-02' }),
    filing({ parcels: [parcel.id], filedOn: '2026-03-02', applicant: PERSON }), users.guichet);
  dossier = { id: row.id, number: row.number };
}, 300_000);
afterAll(async () => { await http?.close(); await db?.close(); });

/** The parcel's WGS84 extent computed here, independently of the route's SQL. */
async function extentOf(sql: string, params: string[]): Promise<number[]> {
  const { rows: [e] } = await db.knex.raw(`SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1
    FROM (SELECT ST_Extent(ST_Transform(geom, 4326))::geometry AS b FROM (${sql}) g) x`, params);
  return [e.x0, e.y0, e.x1, e.y1];
}
const expectBboxClose = (got: number[] | null, want: number[], tol = 1e-7) => {
  expect(got).toHaveLength(4);
  got!.forEach((v, i) => expect(Math.abs(v - want[i]!), `bbox[${i}]`).toBeLessThan(tol));
};
// Extents of many parcels are Lambert-93 boxes projected to WGS84: they cover the parcels' own WGS84
// extent, by a margin far below what a map view shows (1 % of the span).
const expectBboxCovers = (got: number[] | null, want: number[], tolerance = 0.01) => {
  expect(got).toHaveLength(4);
  const [x0, y0, x1, y1] = got!, [w0, w1, w2, w3] = want as [number, number, number, number];
  expect(x0! <= w0 + 1e-9 && y0! <= w1 + 1e-9 && x1! >= w2 - 1e-9 && y1! >= w3 - 1e-9, `${got} covers ${want}`).toBe(true);
  const margin = Math.max(w0 - x0!, w1 - y0!, x1! - w2, y1! - w3);
  expect(margin).toBeLessThan(tolerance * Math.max(w2 - w0, w3 - w1));
};

describe('reading a query', () => {
  it('reads a parcel reference in every usual spelling, the section on two characters and the numero without zeros', () => {
    const ab37 = { insee: null, prefixe: null, section: 'AB', numero: '37' };
    for (const s of ['AB 37', 'AB37', 'ab 0037', ' ab   37 ']) expect(parseQuery(s).parcel, s).toEqual(ab37);
    expect(parseQuery('0A 12').parcel).toEqual({ insee: null, prefixe: null, section: '0A', numero: '12' });
    expect(parseQuery('A 12').parcel).toEqual({ insee: null, prefixe: null, section: '0A', numero: '12' });
    expect(parseQuery('000 AB 37').parcel).toEqual({ ...ab37, prefixe: '000' });
    expect(parseQuery('96001 AB 37').parcel).toEqual({ ...ab37, insee: '96001' });
    expect(parseQuery('96001000AB0037').parcel).toEqual({ ...ab37, insee: '96001', prefixe: '000' });
    expect(parseQuery('96001 000 AB 0037').parcel).toEqual({ ...ab37, insee: '96001', prefixe: '000' });
    expect(parseQuery('2A004 0B 12').parcel).toEqual({ insee: '2A004', prefixe: null, section: '0B', numero: '12' });
  });

  it('a section alone is a section; digits alone are no parcel (a section has a letter)', () => {
    expect(parseQuery('AB').parcel).toEqual({ insee: null, prefixe: null, section: 'AB', numero: null });
    expect(parseQuery('96001 ZA').parcel).toEqual({ insee: '96001', prefixe: null, section: 'ZA', numero: null });
    expect(parseQuery('12 37').parcel).toBeNull();
    expect(parseQuery('96001').parcel).toBeNull();
  });

  it('an INSEE code, a commune name folded (case, accents, hyphens), a dossier number without its spaces', () => {
    expect(parseQuery('2a004')).toMatchObject({ insee: '2A004' });
    expect(parseQuery('Épinay-sur-Orge').name).toBe('epinay sur orge');
    expect(parseQuery("L'Haÿ-les-Roses").name).toBe('l hay les roses');
    expect(parseQuery('PC 096001 26 X0001').dossier).toBe('PC09600126X0001');
    expect(parseQuery('PC0960012 6X0001').dossier).toBe('PC09600126X0001');
    expect(parseQuery('x0001').dossier).toBe('X0001');
    // Too little to be worth listing dossiers for.
    expect(parseQuery('37').dossier).toBeNull();
    expect(parseQuery('AB').dossier).toBeNull();
  });
});

describe('parcels of the demo commune', () => {
  it('finds a parcel by section and numero within the commune given as context, in every spelling, first and exact', async () => {
    const sec = parcel.section, num = parcel.numero.replace(/^0+/, '');
    const spellings = [`${sec} ${num}`, `${sec}${num}`, `${sec.toLowerCase()} ${num.padStart(4, '0')}`, `000 ${sec} ${num}`];
    for (const s of spellings) {
      const results = await find(q(s, '&commune=96001'));
      expect(results[0], s).toMatchObject({ kind: 'parcel', id: parcel.id, commune: '96001', label: `Parcelle ${sec} ${num}` });
      expect(results[0]!.detail).toContain('Terrier-sur-Lande');
    }
    // The commune in the query, or the full Etalab id, need no context.
    for (const s of [`96001 ${sec} ${num}`, parcel.id, `${parcel.id.slice(0, 5)} ${parcel.id.slice(5, 8)} ${parcel.id.slice(8, 10)} ${parcel.id.slice(10)}`]) {
      expect((await find(q(s)))[0], s).toMatchObject({ kind: 'parcel', id: parcel.id });
    }
  });

  it('gives the parcel its Etalab fields and the WGS84 extent of its geometry', async () => {
    const [r] = await find(q(parcel.id));
    const { rows: [p] } = await db.knex.raw('SELECT id, commune, prefixe, section, numero, contenance FROM cadastre_parcelles WHERE id = ?', [parcel.id]);
    expect(r!.properties).toEqual(p);
    expectBboxClose(r!.bbox, await extentOf('SELECT geom FROM cadastre_parcelles WHERE id = ?', [parcel.id]));
  });

  it('a single letter section is the zero-padded one: "0A 12" and "A 12" are the same parcel', async () => {
    const { rows: [a] } = await db.knex.raw(`SELECT id, numero FROM cadastre_parcelles WHERE commune = '96001' AND substr(id, 9, 2) = '0A' ORDER BY id LIMIT 1`);
    const num = a.numero.replace(/^0+/, '');
    expect((await find(q(`0A ${num}`, '&commune=96001')))[0]).toMatchObject({ id: a.id, label: `Parcelle A ${num}` });
    expect((await find(q(`A ${num}`, '&commune=96001')))[0]).toMatchObject({ id: a.id });
  });

  it('as one types, a numero is a prefix within the commune: the exact parcel first, then the longer numbers in order', async () => {
    const results = await find(q('AB 3', '&commune=96001&limit=50'));
    const { rows } = await db.knex.raw(`SELECT id FROM cadastre_parcelles WHERE commune = '96001' AND substr(id, 9, 2) = 'AB'
      AND ltrim(substr(id, 11, 4), '0') LIKE '3%' ORDER BY length(ltrim(substr(id, 11, 4), '0')), id`);
    expect(rows.length).toBeGreaterThan(1);
    expect(results.filter((r) => r.kind === 'parcel' && r.commune === '96001').map((r) => r.id)).toEqual(rows.map((r: { id: string }) => r.id));
  });

  it('a reference that does not exist in any commune finds no parcel', async () => {
    const { rows } = await db.knex.raw(`SELECT n FROM generate_series(1, 9999) n WHERE NOT EXISTS
      (SELECT 1 FROM cadastre_parcelles WHERE substr(id, 9, 2) = 'AB' AND ltrim(substr(id, 11, 4), '0') LIKE n::text || '%') LIMIT 1`);
    expect((await find(q(`AB ${rows[0].n}`, '&commune=96001'))).filter((r) => r.kind === 'parcel')).toEqual([]);
  });

  it('finds a section of the commune with its parcel count and extent', async () => {
    const [s] = await find(q('AB', '&commune=96001'));
    const { rows: [n] } = await db.knex.raw(`SELECT count(*)::int AS n FROM cadastre_parcelles WHERE id LIKE '96001000AB%'`);
    expect(s).toMatchObject({ kind: 'section', id: '96001000AB', label: 'Section AB', commune: '96001' });
    expect(s!.detail).toContain(`${n.n} parcelles`);
    expectBboxCovers(s!.bbox, await extentOf(`SELECT geom FROM cadastre_parcelles WHERE id LIKE '96001000AB%'`, []));
  });

  it('finds the commune by INSEE code and by name, whatever the case, accents and hyphens', async () => {
    const { rows: [c] } = await db.knex.raw(`SELECT nom FROM communes WHERE insee = '96001'`);
    for (const s of ['96001', 'terrier', 'TERRIER SUR LANDE', 'Terrier-sur-Lande', 'térrier', 'sur-lande']) {
      expect((await find(q(s))).find((r) => r.kind === 'commune'), s).toMatchObject({ kind: 'commune', id: '96001', label: c.nom });
    }
    const [r] = await find(q('96001'));
    expectBboxClose(r!.bbox, await extentOf(`SELECT geom FROM communes WHERE insee = '96001'`, []));
  });

  it('returns at most limit results', async () => {
    expect(await find(q('AB 1', '&commune=96001&limit=3'))).toHaveLength(3);
    expect((await find(q('AB 1', '&commune=96001'))).length).toBeLessThanOrEqual(10);
  });
});

describe('the examples the README and the search box give', () => {
  it('every parcel reference of the README and of the search box placeholder exists in the demo', async () => {
    const root = new URL('../../', import.meta.url);
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const line = readme.slice(readme.indexOf("the map's search box: parcels by reference"), readme.indexOf('a section (`AB`'));
    const refs = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((r) => /[0-9]/.test(r)); // not `commune`
    const placeholder = /placeholder="Parcelle \(([^)]+)\)/.exec(readFileSync(new URL('client/index.html', root), 'utf8'))![1]!;
    expect(refs.length).toBeGreaterThan(4);
    for (const ref of [...refs, placeholder]) {
      expect((await find(q(ref, '&commune=96001')))[0], ref).toMatchObject({ kind: 'parcel', commune: '96001' });
    }
  });
});

describe('Épinay-sur-Orge (91216), real Etalab parcels', () => {
  it('finds AB 37 in its commune, and across communes without context', async () => {
    expect((await find(q('AB 37', '&commune=91216')))[0]).toMatchObject({ kind: 'parcel', id: '91216000AB0037', label: 'Parcelle AB 37', detail: 'Épinay-sur-Orge — 91216' });
    expect((await find(q('91216 AB 37')))[0]).toMatchObject({ id: '91216000AB0037' });
    const everywhere = (await find(q('AB 37'))).filter((r) => r.kind === 'parcel').map((r) => r.id);
    const { rows } = await db.knex.raw(`SELECT id FROM cadastre_parcelles WHERE section = 'AB' AND numero IN ('37', '0037') ORDER BY id`);
    expect(everywhere).toEqual(rows.map((r: { id: string }) => r.id));
    expect(everywhere).toContain('91216000AB0037');
  });

  it('a reference absent from the commune given as context is looked up in the other communes', async () => {
    const { rows } = await db.knex.raw(`SELECT 1 FROM cadastre_parcelles WHERE id = '96001000AB0037'`);
    expect(rows).toEqual([]); // the demo has no AB 37
    const results = (await find(q('AB 37', '&commune=96001'))).filter((r) => r.kind === 'parcel');
    expect(results.map((r) => r.id)).toContain('91216000AB0037');
    expect(results.every((r) => r.label === 'Parcelle AB 37')).toBe(true);
  });

  it('a commune imported without its boundary flies to the extent of its parcels, named from the COG, with parcels to draw', async () => {
    const [c] = await find(q('91216'));
    expect(c).toMatchObject({ kind: 'commune', id: '91216', label: 'Épinay-sur-Orge', properties: { parcelles: true } });
    for (const name of ['Épinay', 'epinay sur orge', 'EPINAY-SUR-ORGE']) {
      expect((await find(q(name))).find((r) => r.kind === 'commune'), name).toMatchObject({ id: '91216' });
    }
    // The stored emprise is a Lambert-93 envelope (+10 m): seen in WGS84 its corners stick out a little
    // (the grid is turned from the meridians), a few percent of a 2 km extract.
    expectBboxCovers(c!.bbox, await extentOf(`SELECT geom FROM cadastre_parcelles WHERE commune = '91216'`, []), 0.03);
  });

  it('a section of 91216 in context: ZB with its parcels as counted in the database', async () => {
    const [s] = await find(q('zb', '&commune=91216'));
    const { rows: [n] } = await db.knex.raw(`SELECT count(*)::int AS n FROM cadastre_parcelles WHERE commune = '91216' AND section = 'ZB'`);
    expect(s).toMatchObject({ kind: 'section', id: '91216000ZB', label: 'Section ZB' });
    expect(s!.detail).toContain(`${n.n} parcelles`);
  });
});

describe('dossiers: staff only, within their communes, without personal data', () => {
  const spellings = () => [dossier.number, dossier.number.replace(/ /g, ''), `${dossier.number.replace(/ /g, '').slice(0, 7)} ${dossier.number.replace(/ /g, '').slice(7)}`,
    dossier.number.slice(-5), dossier.number.slice(-4)];

  it('an instructeur finds the dossier by its number, compact or partial, with the extent of its parcels', async () => {
    for (const s of spellings()) {
      const d = (await find(q(s), instructeur)).find((r) => r.kind === 'dossier');
      expect(d, s).toMatchObject({ kind: 'dossier', id: String(dossier.id), label: dossier.number, commune: '96001' });
      expect(d!.detail).toMatch(/^Permis de construire du 02\/03\/2026 · Déposé · Terrier-sur-Lande/);
      expectBboxCovers(d!.bbox, await extentOf('SELECT geom FROM cadastre_parcelles WHERE id = ?', [parcel.id]));
    }
    // The full number puts it first.
    expect((await find(q(dossier.number), instructeur))[0]).toMatchObject({ kind: 'dossier', id: String(dossier.id) });
  });

  it('the public gets no staff dossier, only the published permit (its public page, server/publication), without applicant', async () => {
    for (const s of spellings()) expect((await find(q(s))).filter((r) => r.kind === 'dossier'), s).toEqual([]);
    const exists = await http.get(`/api/find?${q(dossier.number)}`);
    const missing = await http.get(`/api/find?${q(dossier.number.replace(/\d{4}$/, '9999'))}`);
    expect(exists.body.results.filter((r: FindResult) => r.kind === 'dossier')).toEqual([]);
    expect(exists.body.results[0]).toMatchObject({ kind: 'autorisation', id: dossier.number });
    expect(missing.body.results.filter((r: FindResult) => r.kind === 'autorisation' && r.id === dossier.number)).toEqual([]);
  });

  it('an account scoped to another commune does not see it', async () => {
    expect((await find(q(dossier.number), epci)).filter((r) => r.kind === 'dossier')).toEqual([]);
  });

  it('no result carries the applicant, not even for an élu', async () => {
    for (const who of [instructeur, elu]) {
      const text = JSON.stringify(await find(q(dossier.number), who));
      expect(text).toContain(dossier.number);
      for (const v of [PERSON.lastName, PERSON.firstName, PERSON.email, PERSON.address.street]) expect(text).not.toContain(v);
    }
  });
});

describe('bad input is a 400 saying what is wrong', () => {
  const cases: [string, string, RegExp][] = [
    ['', 'query_required', /«\sq\s» est obligatoire/],
    ['q=', 'query_required', /«\sq\s» est obligatoire/],
    ['q=%20%20', 'query_required', /«\sq\s» est obligatoire/],
    [`q=${'A'.repeat(101)}`, 'query_too_long', /«\sq\s» est trop long\s: 101 caractères, 100 au plus/],
    ['q=AB&commune=9600', 'insee_malformed', /«\scommune\s» doit être un code INSEE/],
    ['q=AB&commune=abcde', 'insee_malformed', /«\scommune\s» doit être un code INSEE/],
    ['q=AB&commune=95999', 'commune_unknown', /Commune inconnue\s: aucun code INSEE 95999/],
    ['q=AB&limit=0', 'limit_invalid', /«\slimit\s» doit être un entier de 1 à 50/],
    ['q=AB&limit=51', 'limit_invalid', /«\slimit\s» doit être un entier de 1 à 50/],
    ['q=AB&limit=ten', 'limit_invalid', /«\slimit\s» doit être un entier de 1 à 50/],
    ['q=AB&limit=2.5', 'limit_invalid', /«\slimit\s» doit être un entier de 1 à 50/],
    ['q=AB&q=CD', 'query_required', /«\sq\s» est obligatoire/],
  ];
  for (const [query, code, message] of cases) {
    it(`/api/find?${query}`, async () => {
      const res = await http.get(`/api/find?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
    });
  }
});
