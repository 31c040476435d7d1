// The public side on the demo commune, with demo dossiers whose every private field holds planted
// personal data: what is published (the allow-list view), in which shapes (GeoJSON, public page,
// register, open data, tiles, search), how bad input is answered, and that none of the planted data
// reaches an anonymous request or an élu.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { DEMO_DIR, DEMO_INSEE, loadDemo } from '../demo/load.ts';
import { demoActors, generateDossiers, type Plant } from '../demo/dossiers.ts';
import { appealLastDay } from '../dossiers/dates.ts';
import { createAccounts, login, type Client } from '../dossiers/testing.ts';
import { decodeTile, tileAt, tilesOver } from '../tiles/testing.ts';
import { CSV_COLUMNS, ETATS, LINKED_TYPES, PUBLIC_COLUMNS } from './columns.ts';
import { tableSchema, type TableField } from './schema.ts';
import { csvHeader, csvLine, keysetRows } from './export.ts';

const ANCHOR = '2026-11-30';
const PLANT: Plant = {
  lastName: 'Zorglubowski', firstName: 'Ernestine', email: 'ernestine.zorglub@secret-mail.example', phone: '+33 6 12 34 56 78',
  street: '17 impasse des Secrets', representative: 'Karamazovitch', description: 'Véranda QX-DESCRIPTION-5521',
  motifs: 'Motif QX-MOTIF-7781', prescriptions: 'Prescription QX-PRESC-4410', piece: 'Pièce QX-PIECE-9902', service: 'Service QX-SERVICE-3307',
};
/** Every planted value, and parts of them, that must never reach the public nor an élu. */
const SECRETS = [/zorglub/i, /ernestine/i, /secret-mail/i, /12 34 56 78/, /\+33/, /impasse des secrets/i, /karamazov/i, /QX-/];
/** The demo logins acting in the journals (created by loadDemo): never public. */
const LOGINS = [/"actor"/, /demo-/];

let db: Db;
let http: TestServer;
let small: TestServer;
let elu: Client;
let instructeur: Client;
let bbox: number[];
let all: Record<string, any>[];
/** The permits and declarations: the records with a point of their own (linked records have none). */
let permits: Record<string, any>[];

const leaks = (text: string) => SECRETS.filter((re) => re.test(text)).map(String);

beforeAll(async () => {
  db = await testDb();
  await loadDemo(db, DEMO_DIR, { dossiers: false });
  await generateDossiers(db.knex, await demoActors(db.knex), { insee: DEMO_INSEE, anchor: ANCHOR, plant: PLANT });
  await createAccounts(db);
  http = await serve(buildApp(db));
  small = await serve(buildApp(db, { publication: { maxFeatures: 5 } }));
  [elu, instructeur] = await Promise.all([login(http, 'elu1'), login(http, 'instructeur1')]);
  const { rows: [b] } = await db.knex.raw(`SELECT ST_XMin(e) AS a, ST_YMin(e) AS b, ST_XMax(e) AS c, ST_YMax(e) AS d
    FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom), 2154), 4326) AS e FROM cadastre_parcelles WHERE commune = ?) x`, [DEMO_INSEE]);
  bbox = [b.a - 0.001, b.b - 0.001, b.c + 0.001, b.d + 0.001];
  all = (await db.knex.raw('SELECT num_dau, num_dau_parent, type_dau, etat_dau, date_reelle_depot, date_decision, date_affichage FROM public_autorisations ORDER BY num_dau')).rows;
  permits = all.filter((r) => r.num_dau_parent === null);
}, 300_000);
afterAll(async () => { await http?.close(); await small?.close(); await db?.close(); });

describe('the projections', () => {
  it('public_autorisations has exactly the columns of the allow-list, in order (a column added to the view alone fails here)', async () => {
    const { rows } = await db.knex.raw(`SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'public_autorisations' ORDER BY ordinal_position`);
    expect(rows.map((r: { column_name: string }) => r.column_name)).toEqual(PUBLIC_COLUMNS.map((c) => c.name));
  });

  it('elu_dossiers and elu_dossier_events have no applicant, contact, works description, receipt nor journal payload', async () => {
    const cols = async (t: string) => (await db.knex.raw(`SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, [t])).rows.map((r: { column_name: string }) => r.column_name);
    expect(await cols('elu_dossiers')).toEqual(['id', 'number', 'number_compact', 'type', 'parent_id', 'insee', 'parcels', 'filed_on',
      'applicant_kind', 'denomination', 'siren', 'nature_travaux', 'surface_plancher_creee', 'nb_logements', 'destination', 'objet_affiche',
      'state', 'context', 'decision_deadline', 'version', 'created_at', 'updated_at', 'constraints']);
    expect(await cols('elu_dossier_events')).toEqual(['dossier_id', 'version', 'event', 'legal_date', 'actor_role', 'from_state', 'to_state', 'recorded_at']);
  });

  it('publishes permits and declarations from their filing, in every Sitadel-like state the demo reaches, and no CU', async () => {
    const etats = new Set(all.map((r) => r.etat_dau));
    for (const e of ETATS) expect(etats, e).toContain(e); // périmé too: the demo's lapsed permit
    expect([...etats].every((e) => (ETATS as readonly string[]).includes(e))).toBe(true);
    expect(new Set(permits.map((r) => r.type_dau))).toEqual(new Set(['PC', 'PCMI', 'DP', 'PA', 'PD']));
    const { rows: [cu] } = await db.knex.raw(`SELECT count(*)::int AS n FROM dossiers WHERE type LIKE 'CU%'`);
    expect(cu.n).toBeGreaterThan(0);
    // A decision is public once taken: no decision date while under instruction.
    expect(all.filter((r) => r.etat_dau === 'en_cours').every((r) => r.date_decision === null)).toBe(true);
  });
});

describe('GET /api/public/autorisations', () => {
  it('gives every published dossier in the bbox as a point with the public record, with CORS for anyone', async () => {
    const res = await fetch(`${http.url}/api/public/autorisations?bbox=${bbox.join(',')}`, { headers: { origin: 'https://example.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const fc = await res.json();
    expect(fc.features).toHaveLength(permits.length);
    const f = fc.features[0];
    expect(f.geometry.type).toBe('Point');
    expect(Object.keys(f.properties)).toEqual(PUBLIC_COLUMNS.filter((c) => c.type !== 'geometry' && c.name !== 'contraintes').map((c) => c.name));
  });

  it('filters by type, state and year of filing', async () => {
    const get = async (q: string) => (await http.get(`/api/public/autorisations?bbox=${bbox.join(',')}&${q}`)).body.features.map((f: any) => f.properties);
    const dp = await get('type=DP');
    expect(dp.length).toBe(permits.filter((r) => r.type_dau === 'DP').length);
    const decided = await get('etat=refuse,accorde');
    expect(decided.length).toBe(permits.filter((r) => ['refuse', 'accorde'].includes(r.etat_dau)).length);
    expect(await get('annee=2026')).toHaveLength(permits.filter((r) => r.date_reelle_depot.startsWith('2026')).length);
  });

  it.each([
    ['bbox=1,2,3', 400, 'bbox_malformed'], ['bbox=3,46,2,47', 400, 'bbox_inverted'], ['', 400, 'bbox_required'],
    ['bbox=2.9,46.4,3.1,46.6&type=CUa', 400, 'type_unknown'], ['bbox=2.9,46.4,3.1,46.6&etat=abandonne', 400, 'etat_unknown'],
    ['bbox=2.9,46.4,3.1,46.6&annee=26', 400, 'annee_invalid'], ['bbox=2.9,46.4,3.1,46.6&annee=3026', 400, 'annee_invalid'],
    ['bbox=2.9,46.4,3.1,46.6&applicant=x', 400, 'field_unknown'],
  ])('answers %s with %i %s and a French message', async (q, status, code) => {
    const res = await http.get(`/api/public/autorisations?${q}`);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[àéèêçô]|doit|obligatoire|inconnu/);
  });

  it('answers a bbox of the whole world (poles included) without error', async () => {
    const res = await http.get('/api/public/autorisations?bbox=-180,-90,180,90&annee=1990');
    expect(res.status).toBe(200);
    expect(res.body.features).toEqual([]);
  });

  it('refuses a bbox holding more features than the limit: "zoomez"', async () => {
    const res = await small.get(`/api/public/autorisations?bbox=${bbox.join(',')}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bbox_too_many_features' });
    expect(res.body.error.message).toMatch(/zoomez/);
  });
});

describe('linked records (DOC, DAACT, modificatif, transfert)', () => {
  it('are records of their own naming their permit, with no point of their own on the map', async () => {
    const linked = all.filter((r) => r.num_dau_parent !== null);
    expect(new Set(linked.map((r) => r.type_dau))).toEqual(new Set(LINKED_TYPES));
    const numbers = new Set(permits.map((r) => r.num_dau));
    for (const l of linked) {
      expect(numbers, l.num_dau).toContain(l.num_dau_parent);
      expect(l.num_dau.startsWith(l.num_dau_parent)).toBe(true);
    }
    const { rows: [g] } = await db.knex.raw('SELECT count(geom)::int AS points, count(geom_parcelles)::int AS lands FROM public_autorisations WHERE num_dau_parent IS NOT NULL');
    expect(g).toEqual({ points: 0, lands: 0 });
    // A DOC states the opening of works it declares, a DAACT their completion; a prorogation is not published.
    const doc = (await http.get(`/api/public/autorisations/${encodeURIComponent(linked.find((r) => r.type_dau === 'DOC')!.num_dau)}`)).body;
    expect(doc.autorisation).toMatchObject({ etat_dau: 'commence', date_reelle_doc: doc.autorisation.date_reelle_depot });
    expect(doc.liees).toEqual([]);
    const daact = all.find((r) => r.type_dau === 'DAACT')!;
    expect((await http.get(`/api/public/autorisations/${encodeURIComponent(daact.num_dau)}`)).body.autorisation.etat_dau).toBe('acheve');
  });

  it('are listed on their permit’s page ("liées"), each with its type and state, in filing order', async () => {
    for (const type of LINKED_TYPES) {
      const l = all.find((r) => r.type_dau === type)!;
      const page = (await http.get(`/api/public/autorisations/${encodeURIComponent(l.num_dau_parent)}`)).body;
      const expected = all.filter((r) => r.num_dau_parent === l.num_dau_parent)
        .sort((a, b) => a.date_reelle_depot.localeCompare(b.date_reelle_depot) || a.num_dau.localeCompare(b.num_dau));
      expect(page.liees.map((x: any) => x.num_dau), type).toEqual(expected.map((r) => r.num_dau));
      expect(page.liees.find((x: any) => x.num_dau === l.num_dau)).toMatchObject({ type_dau: type, num_dau_parent: l.num_dau_parent, typeLabel: expect.any(String), etatLabel: expect.any(String) });
    }
  });

  it('a DOC or a DAACT is not in the register (a declaration, no avis de dépôt); a modificatif is', async () => {
    const mod = all.find((r) => r.type_dau === 'modificatif')!;
    const doc = all.find((r) => r.type_dau === 'DOC')!;
    for (const r of [mod, doc]) {
      const reg = (await http.get(`/api/public/registre?commune=${DEMO_INSEE}&mois=${r.date_reelle_depot.slice(0, 7)}`)).body;
      expect(reg.depots.some((x: any) => x.num_dau === r.num_dau), r.type_dau).toBe(r === mod);
    }
  });
});

describe('the public page of a permit', () => {
  it('gives the public record, its timeline, the zones and servitudes found at filing and the appeal window once displayed (R600-2)', async () => {
    const shown = permits.find((r) => r.date_affichage)!;
    const res = await http.get(`/api/public/autorisations/${encodeURIComponent(shown.num_dau)}`);
    expect(res.status).toBe(200);
    expect(res.body.autorisation.num_dau).toBe(shown.num_dau);
    expect(res.body.timeline.map((t: any) => t.event)).toEqual(expect.arrayContaining(['depot', 'decision', 'affichage']));
    expect(res.body.contraintes.zones.length).toBeGreaterThan(0);
    expect(Object.keys(res.body.contraintes)).toEqual(['zones', 'servitudes']);
    expect(res.body.recours).toMatchObject({ article: 'R600-2', affichageDebut: shown.date_affichage, dernierJour: appealLastDay(shown.date_affichage) });
    expect(res.body.recours.texte).toMatch(/si l’affichage sur le terrain a été continu et régulier/);
    expect(res.body.terrain.type).toBe('MultiPolygon');
  });

  it('has no appeal window before the display, and accepts the compact number', async () => {
    const pending = all.find((r) => r.etat_dau === 'en_cours')!;
    const res = await http.get(`/api/public/autorisations/${pending.num_dau.replace(/ /g, '')}`);
    expect(res.status).toBe(200);
    expect(res.body.recours).toBeNull();
  });

  it('is a 404 for an unknown number, a CU or nonsense', async () => {
    const { rows: [cu] } = await db.knex.raw(`SELECT number FROM dossiers WHERE type LIKE 'CU%' LIMIT 1`);
    for (const n of ['PC 096001 26 X9999', cu.number, 'nimportequoi']) {
      const res = await http.get(`/api/public/autorisations/${encodeURIComponent(n)}`);
      expect(res.status, n).toBe(404);
      expect(res.body.error.code).toBe('autorisation_unknown');
    }
  });
});

describe('the register', () => {
  it('lists per month what was filed (R423-6) and what was decided (R424-15)', async () => {
    const decided = all.find((r) => r.date_decision && r.date_decision.slice(0, 7) !== r.date_reelle_depot.slice(0, 7))!;
    const mois = decided.date_decision.slice(0, 7);
    const res = await http.get(`/api/public/registre?commune=${DEMO_INSEE}&mois=${mois}`);
    expect(res.status).toBe(200);
    expect(res.body.decisions.map((r: any) => r.num_dau)).toContain(decided.num_dau);
    expect(res.body.depots.map((r: any) => r.num_dau)).not.toContain(decided.num_dau);
    expect(res.body.depots.map((r: any) => r.num_dau).sort()).toEqual(all.filter((r) => r.date_reelle_depot.startsWith(mois)).map((r) => r.num_dau).sort());
    const csv = await fetch(`${http.url}/api/public/registre.csv?commune=${DEMO_INSEE}&mois=${mois}`);
    const text = await csv.text();
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(`RUBRIQUE,${CSV_COLUMNS.map((c) => c.name.toUpperCase()).join(',')}`);
    expect(text).toContain(`decision,${decided.num_dau},`);
  });

  it.each([['commune=96001', 'mois_missing'], ['commune=96001&mois=2026-13', 'mois_invalid'], ['mois=2026-01', 'commune_missing'], ['commune=ABC&mois=2026-01', 'insee_malformed']])(
    'answers %s with 400 %s', async (q, code) => {
      const res = await http.get(`/api/public/registre?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    });

  it('is a 404 for a commune not in Terrier', async () => {
    expect((await http.get('/api/public/registre?commune=75056&mois=2026-01')).body.error.code).toBe('commune_unknown');
  });
});

// A small validator of the Table Schema's rules that the CSV uses: header, required, type, enum, pattern.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function validate(fields: TableField[], rows: string[][]): string[] {
  const errors: string[] = [];
  if (JSON.stringify(rows[0]) !== JSON.stringify(fields.map((f) => f.name))) errors.push(`header ${rows[0]?.join(',')}`);
  rows.slice(1).forEach((row, i) => {
    if (row.length !== fields.length) { errors.push(`row ${i + 1}: ${row.length} fields`); return; }
    fields.forEach((f, j) => {
      const v = row[j]!;
      const where = `row ${i + 1} ${f.name}=${JSON.stringify(v)}`;
      if (v === '') { if (f.constraints?.required) errors.push(`${where}: required`); return; }
      if (f.type === 'date' && !(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) && !Number.isNaN(Date.parse(v)))) errors.push(`${where}: not a date`);
      if (f.type === 'number' && !Number.isFinite(Number(v))) errors.push(`${where}: not a number`);
      if (f.type === 'integer' && !/^-?[0-9]+$/.test(v)) errors.push(`${where}: not an integer`);
      if (f.constraints?.enum && !f.constraints.enum.includes(v)) errors.push(`${where}: not in enum`);
      if (f.constraints?.pattern && !new RegExp(f.constraints.pattern).test(v)) errors.push(`${where}: pattern`);
    });
  });
  return errors;
}

describe('open data', () => {
  it('the Table Schema states the Licence Ouverte 2.0 and describes every CSV column', async () => {
    const res = await http.get('/open-data/schema.json');
    expect(res.body.licenses[0]).toMatchObject({ name: 'etalab-2.0' });
    expect(res.body.fields.map((f: any) => f.name)).toContain('NUM_DAU');
    expect(res.body.fields.map((f: any) => f.name)).toContain('DATE_REELLE_AUTORISATION');
  });

  it('the CSV validates against its schema and holds every published dossier', async () => {
    const res = await fetch(`${http.url}/open-data/autorisations.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const rows = parseCsv(await res.text());
    expect(validate(tableSchema().fields, rows)).toEqual([]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(all.map((r) => r.num_dau));
    const schema = (await http.get('/open-data/schema.json')).body;
    expect(validate(schema.fields, rows)).toEqual([]);
  });

  it('is the same CSV whichever writes it: COPY on PostgreSQL, the keyset pages formatted in JS on PGlite', async () => {
    let js = csvHeader();
    for await (const batch of keysetRows(db, { commune: null, annee: null }, () => false)) for (const r of batch) js += csvLine(r);
    expect(await (await fetch(`${http.url}/open-data/autorisations.csv`)).text()).toBe(js);
  });

  it('filters by commune and year, and streams GeoJSON too', async () => {
    const year = await fetch(`${http.url}/open-data/autorisations.csv?commune=${DEMO_INSEE}&annee=2026`);
    expect(parseCsv(await year.text()).length - 1).toBe(all.filter((r) => r.date_reelle_depot.startsWith('2026')).length);
    const gj = await (await fetch(`${http.url}/open-data/autorisations.geojson`)).json();
    expect(gj.features).toHaveLength(all.length);
    expect(gj.features[0].geometry.type).toBe('Point');
    expect((await http.get('/open-data/autorisations.csv?annee=deux')).body.error.code).toBe('annee_invalid');
    expect((await http.get('/open-data/autorisations.csv?commune=75056')).status).toBe(404);
  });

  it('has an ETag and a Last-Modified, answers 304 while nothing changed, and a new ETag once a dossier changed', async () => {
    const first = await fetch(`${http.url}/open-data/autorisations.csv`);
    await first.text();
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('last-modified')).toMatch(/GMT$/);
    expect((await fetch(`${http.url}/open-data/autorisations.csv`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const { rows: [d] } = await db.knex.raw(`SELECT id FROM dossiers WHERE type = 'PC' ORDER BY id LIMIT 1`);
    await db.knex.raw('UPDATE dossiers SET updated_at = now() WHERE id = ?', [d.id]);
    const after = await fetch(`${http.url}/open-data/autorisations.csv`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    await after.text();

  });

  it('keys on the dossiers’ version: a write to the reference data (an import) keeps the ETags; a dossier write changes them, GeoJSON by bbox included', async () => {
    const gjUrl = `${http.url}/api/public/autorisations?bbox=${bbox.join(',')}`;
    const csv = await fetch(`${http.url}/open-data/autorisations.csv`);
    await csv.text();
    const gj = await fetch(gjUrl);
    await gj.text();
    const tags = { csv: csv.headers.get('etag')!, gj: gj.headers.get('etag')! };
    expect(tags.gj).toMatch(/^"od-/);
    const revalidate = async (u: string, tag: string) => { const r = await fetch(u, { headers: { 'if-none-match': tag } }); await r.text(); return r.status; };
    await db.knex.raw(`UPDATE cadastre_parcelles SET contenance = coalesce(contenance, 0) + 1 WHERE id = (SELECT min(id) FROM cadastre_parcelles)`);
    expect(await revalidate(`${http.url}/open-data/autorisations.csv`, tags.csv)).toBe(304);
    expect(await revalidate(gjUrl, tags.gj)).toBe(304);
    await db.knex.raw(`UPDATE dossiers SET updated_at = now() WHERE id = (SELECT min(id) FROM dossiers)`);
    expect(await revalidate(`${http.url}/open-data/autorisations.csv`, tags.csv)).toBe(200);
    expect(await revalidate(gjUrl, tags.gj)).toBe(200);
  });

  it('gives no validators with the "zoomez" refusal, so that no cache keeps it', async () => {
    const res = await fetch(`${small.url}/api/public/autorisations?bbox=${bbox.join(',')}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('etag') ?? '').not.toMatch(/od-/);
    expect(res.headers.get('last-modified')).toBeNull();
    await res.text();
  });

  it('answers the CORS preflight', async () => {
    const res = await fetch(`${http.url}/open-data/autorisations.csv`, { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const tile = await fetch(`${http.url}/tiles/autorisations/16/0/0.mvt`, { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } });
    expect(tile.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('tiles and search', () => {
  it('the autorisations tiles hold a point per dossier with its number, type, state and year; the land outline from zoom 17', async () => {
    const seen = new Set<string>();
    for (const t of tilesOver(bbox, 15)) {
      const res = await fetch(`${http.url}/tiles/autorisations/${t.z}/${t.x}/${t.y}.mvt`);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const tile = decodeTile(new Uint8Array(await res.arrayBuffer()));
      for (const f of tile.autorisations?.features ?? []) {
        expect(Object.keys(f.properties).sort()).toEqual(['annee', 'etat_dau', 'num_dau', 'objet_affiche', 'type_dau'].filter((k) => k in f.properties).sort());
        seen.add(String(f.properties.num_dau));
      }
    }
    expect(seen.size).toBe(permits.length);
    const z16 = tilesOver(bbox, 16)[0]!;
    expect((await fetch(`${http.url}/tiles/autorisations_parcelles/${z16.z}/${z16.x}/${z16.y}.mvt`).then((r) => r.arrayBuffer())).byteLength).toBe(0);
  });

  it('finds a permit by its number for anyone, as a link to its public page', async () => {
    const n = all[0]!.num_dau;
    const res = await http.get(`/api/find?q=${encodeURIComponent(n)}`);
    expect(res.body.results[0]).toMatchObject({ kind: 'autorisation', id: n, label: n });
    expect(res.body.results.some((r: any) => r.kind === 'dossier')).toBe(false);
  });
});

describe('objet affiché (staff)', () => {
  it('is set by an instructeur, journaled, version checked, and published', async () => {
    const { rows: [d] } = await db.knex.raw(`SELECT id, number, version FROM dossiers WHERE type = 'DP' ORDER BY id LIMIT 1`);
    const patch = (body: unknown) => instructeur.patch(`/api/dossiers/${d.id}/publication`, body);
    const { rows: [pt] } = await db.knex.raw('SELECT longitude, latitude FROM public_autorisations WHERE num_dau = ?', [d.number]);
    const t = tileAt(pt.longitude, pt.latitude, 16);
    const tileUrl = `${http.url}/tiles/autorisations/${t.z}/${t.x}/${t.y}.mvt`;
    await fetch(tileUrl).then((r) => r.arrayBuffer());
    const cached = await fetch(tileUrl);
    await cached.arrayBuffer();
    expect(cached.headers.get('x-tile-cache')).toBe('hit');
    const res = await patch({ objetAffiche: 'Extension d’une maison de 15 m²', version: d.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.objetAffiche).toBe('Extension d’une maison de 15 m²');
    expect(res.body.journal.at(-1)).toMatchObject({ event: 'SET_PUBLICATION' });
    expect((await patch({ objetAffiche: 'autre', version: d.version })).body.error.code).toBe('version_stale');
    expect((await patch({ objetAffiche: 'x'.repeat(301), version: d.version + 1 })).body.error.code).toBe('field_too_long');
    expect((await http.get(`/api/public/autorisations/${encodeURIComponent(d.number)}`)).body.autorisation.objet_affiche).toBe('Extension d’une maison de 15 m²');
    // The dossier's change is a new data version: the cached tile is made again, with the new description.
    const fresh = await fetch(tileUrl);
    const tile = decodeTile(new Uint8Array(await fresh.arrayBuffer()));
    expect(fresh.headers.get('x-tile-cache')).toBe('miss');
    expect(fresh.headers.get('etag')).not.toBe(cached.headers.get('etag'));
    expect(tile.autorisations!.features.find((f) => f.properties.num_dau === d.number)!.properties.objet_affiche).toBe('Extension d’une maison de 15 m²');
  });
});

describe('planted personal data', () => {
  it('reaches no anonymous request: GeoJSON, public pages, register, CSV, GeoJSON export, tiles, search, errors', async () => {
    const texts: [string, string][] = [];
    const text = async (path: string) => { const r = await fetch(http.url + path); texts.push([path, await r.text()]); };
    await text(`/api/public/autorisations?bbox=${bbox.join(',')}`);
    await text(`/api/layers/autorisations?bbox=${bbox.join(',')}`);
    for (const r of all) await text(`/api/public/autorisations/${encodeURIComponent(r.num_dau)}`);
    const months = new Set(all.flatMap((r) => [r.date_reelle_depot, r.date_decision].filter(Boolean).map((d: string) => d.slice(0, 7))));
    for (const m of months) { await text(`/api/public/registre?commune=${DEMO_INSEE}&mois=${m}`); await text(`/api/public/registre.csv?commune=${DEMO_INSEE}&mois=${m}`); }
    await text('/open-data/autorisations.csv');
    await text('/open-data/autorisations.geojson');
    await text('/open-data/schema.json');
    // The search echoes the query (q): only its results are read.
    for (const q of ['X0001', all[0]!.num_dau, 'Zorglubowski', 'QX-MOTIF', 'Karamazovitch', '96001']) {
      texts.push([`find ${q}`, JSON.stringify((await http.get(`/api/find?q=${encodeURIComponent(q)}`)).body.results)]);
    }
    for (const p of ['/api/public/autorisations/PC%20096001%2026%20X9999', '/api/public/autorisations?bbox=0,0,1', '/api/public/registre?commune=96001&mois=x']) await text(p);
    for (const layer of ['autorisations', 'autorisations_parcelles']) {
      for (const t of [...tilesOver(bbox, 15), ...tilesOver(bbox, 17)]) {
        const r = await fetch(`${http.url}/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`);
        texts.push([`${layer} ${t.z}/${t.x}/${t.y}`, Buffer.from(await r.arrayBuffer()).toString('utf8')]);
      }
    }
    expect(texts.length).toBeGreaterThan(all.length);
    // The plant reached the database (else the test would prove nothing).
    const { rows: [raw] } = await db.knex.raw(`SELECT string_agg(applicant::text || works::text || context::text, ' ') AS t FROM dossiers`);
    const { rows: [journal] } = await db.knex.raw(`SELECT string_agg(payload::text, ' ') AS t FROM dossier_events`);
    expect(leaks(raw.t + journal.t).length).toBe(SECRETS.length);
    const found = texts.flatMap(([where, t]) => [...leaks(t), ...LOGINS.filter((re) => re.test(t)).map(String)].map((s) => `${where}: ${s}`));
    expect(found).toEqual([]);
  });

  it('reaches no élu: dossier list, every dossier, the map layer, the search', async () => {
    const texts: [string, string][] = [];
    const list = await elu.get('/api/dossiers?limit=200');
    expect(list.status).toBe(200);
    texts.push(['list', JSON.stringify(list.body)]);
    for (const item of list.body.items) {
      const d = await elu.get(`/api/dossiers/${item.id}`);
      expect(d.status).toBe(200);
      texts.push([`dossier ${item.number}`, JSON.stringify(d.body)]);
    }
    texts.push(['map', JSON.stringify((await elu.get(`/api/dossiers/map?bbox=${bbox.join(',')}`)).body)]);
    texts.push(['find', JSON.stringify((await elu.get('/api/find?q=X000')).body)]);
    const found = texts.flatMap(([where, t]) => [...leaks(t), ...LOGINS.filter((re) => re.test(t)).map(String)].map((s) => `${where}: ${s}`));
    expect(found).toEqual([]);
    // And élus keep a useful view: states, deadlines, decisions, dates.
    const granted = list.body.items.find((i: any) => i.state.startsWith('accorde') && i.type === 'PC');
    const d = (await elu.get(`/api/dossiers/${granted.id}`)).body;
    expect(d.decision).toMatchObject({ outcome: 'granted' });
    expect(d.afterDecision.validityEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.journal.length).toBeGreaterThan(3);
    // Staff still see what they typed.
    expect(JSON.stringify((await instructeur.get(`/api/dossiers/${granted.id}`)).body)).toMatch(/QX-MOTIF|Zorglub|Karamazov/);
  });
});
