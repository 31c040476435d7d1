// The spatial check's rules on a small hand-made commune whose areas are known exactly.
// Real-data cases are in check-real.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { X, loadSmallCommune } from '../testing/small-commune.ts';
import { runCheck } from './check.ts';
import { withOverlayFallback } from './queries.ts';
import { englishWords } from '../testing/french.ts';

let db: Db;
let http: TestServer;

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  http = await serve(buildApp(db));
});
afterAll(async () => { await http?.close(); await db?.close(); });

const check = (body: unknown) => http.post('/api/checks', body);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('a parcel', () => {
  it('straddling two zones is in both, with shares of 60 % and 40 % summing to 100 %', async () => {
    const { status, body } = await check({ parcels: ['96001000AB0001'] });
    expect(status).toBe(200);
    expect(body.subject).toEqual({ parcels: ['96001000AB0001'], geometry: false, area: 10000 });
    const zones = Object.fromEntries(body.zones.map((z: any) => [z.properties.libelle, z]));
    expect(zones.UA).toMatchObject({ area: 6000, share: 60, properties: { typezone: 'U', idurba: '96001_PLU_20240115', partition: 'DU_96001' } });
    expect(zones.A).toMatchObject({ area: 4000, share: 40, properties: { typezone: 'A' } });
    expect(sum(body.zones.map((z: any) => z.share))).toBeCloseTo(100, 2);
  });

  it('sharing only a border with a zone is not in it: that zone is an edge contact of 0 m²', async () => {
    const { body } = await check({ parcels: ['96001000AB0002'] });
    expect(body.zones.map((z: any) => [z.properties.libelle, z.share])).toEqual([['A', 100]]);
    expect(body.edgeContacts.filter((c: any) => c.layer === 'zone_urba')).toEqual([
      expect.objectContaining({ area: 0, share: 0, properties: expect.objectContaining({ libelle: 'N' }) })]);
  });

  it('overlapping a servitude by a 0.2 m sliver gets it as an edge contact, not a constraint', async () => {
    const { body } = await check({ parcels: ['96001000AB0002'] });
    expect(body.servitudes).toEqual([]);
    const sliver = body.edgeContacts.filter((c: any) => c.layer === 'servitude' && c.area > 0);
    expect(sliver).toEqual([expect.objectContaining({ area: 20, share: 0.2, properties: expect.objectContaining({ categorie: 'PM1' }) })]);
    expect(body.consequences).toEqual([]);
    expect(body.tolerance).toEqual({ area: 1, share: 0.5, length: 1 });
  });

  it('a smaller share tolerance makes the same sliver a constraint, and its consequence follows', async () => {
    const { body } = await check({ parcels: ['96001000AB0002'], tolerance: { share: 0.1 } });
    expect(body.servitudes.map((s: any) => s.properties.nomsuplitt)).toEqual(['PPRi de la Lande']);
    expect(body.consequences.map((c: any) => c.code)).toEqual(['risque_naturel']);
  });

  it('in an AC1 perimeter calls for the ABF and adds one month (R423-24 c)', async () => {
    const { body } = await check({ parcels: ['96001000AB0003'] });
    expect(body.servitudes).toEqual([expect.objectContaining({ share: 100, properties: expect.objectContaining({
      categorie: 'AC1', suptype: 'ac1', nomsuplitt: 'Église Saint-Martin', nomgest: 'UDAP', generateur: { type: 'Inscrit' } }) })]);
    expect(body.consequences).toContainEqual(expect.objectContaining({
      code: 'abf_abords', consultation: 'ABF', majoration: { article: 'R423-24 c', months: 1, mode: 'add' }, sources: [{ layer: 'servitude', gid: body.servitudes[0].gid }] }));
  });

  it('with a reserved site, a hedge and a remarkable tree gets them measured by area, length and count', async () => {
    const { body } = await check({ parcels: ['96001000AB0001'] });
    const byLabel = Object.fromEntries(body.prescriptions.map((p: any) => [p.properties.libelle, p]));
    expect(byLabel['Emplacement réservé n°1']).toMatchObject({ area: 100, share: 1 });
    expect(byLabel['Haie à protéger']).toMatchObject({ length: 60 });
    expect(byLabel['Arbre remarquable']).toMatchObject({ count: 1 });
    expect(body.consequences.map((c: any) => c.code)).toEqual(expect.arrayContaining(['emplacement_reserve', 'patrimoine_protege']));
  });

  it('outside the PLU meets no zone', async () => {
    const { body } = await check({ parcels: ['96001000AB0004'] });
    expect(body).toMatchObject({ subject: { area: 10000 }, zones: [], servitudes: [], edgeContacts: [], consequences: [] });
  });
});

describe('where no PLU is loaded', () => {
  it('the answer says so in words rather than an empty list that would read as "no constraint"', async () => {
    const far = { type: 'Polygon', coordinates: [[[X - 10000, 6600000], [X - 9980, 6600000], [X - 9980, 6600020], [X - 10000, 6600020], [X - 10000, 6600000]]] };
    const { status, body } = await check({ geometry: far, crs: 'EPSG:2154' });
    expect(status).toBe(200);
    expect(body.zones).toEqual([]);
    expect(body.plu).toEqual({ loaded: false, message: "aucun PLU chargé ici : règlement national d'urbanisme ou document non importé" });
  });

  it('a parcel in the PLU, even one only touching a zone, is in a loaded PLU', async () => {
    for (const parcel of ['96001000AB0001', '96001000AB0002']) {
      expect((await check({ parcels: [parcel] })).body.plu, parcel).toEqual({ loaded: true, message: null });
    }
  });
});

describe('a drawn footprint', () => {
  it('in Lambert-93 gets areas in m² and shares of its own area', async () => {
    const geometry = { type: 'Polygon', coordinates: [[[X + 40, 6600010], [X + 80, 6600010], [X + 80, 6600020], [X + 40, 6600020], [X + 40, 6600010]]] };
    const { body } = await check({ geometry, crs: 'EPSG:2154' });
    expect(body.subject.area).toBe(400);
    expect(body.zones.map((z: any) => [z.properties.libelle, z.area, z.share])).toEqual([['UA', 200, 50], ['A', 200, 50]]);
  });

  it('in WGS84 (the default) is projected to Lambert-93 before measuring', async () => {
    // A small square around lon 3, lat 46.5 (Lambert-93's origin, 700000/6600000).
    const d = 0.0002;
    const geometry = { type: 'Polygon', coordinates: [[[3 - d, 46.5 + d], [3 + d, 46.5 + d], [3 + d, 46.5 + 3 * d], [3 - d, 46.5 + 3 * d], [3 - d, 46.5 + d]]] };
    const { status, body } = await check({ geometry });
    expect(status).toBe(200);
    expect(body.subject.area).toBeGreaterThan(600);
    expect(body.zones.map((z: any) => z.properties.libelle).sort()).toEqual(['UA']);
  });

  it('together with parcels checks their union', async () => {
    const geometry = { type: 'Polygon', coordinates: [[[X - 100, 6600100], [X, 6600100], [X, 6600150], [X - 100, 6600150], [X - 100, 6600100]]] };
    const { body } = await check({ parcels: ['96001000AB0003'], geometry, crs: 'EPSG:2154' });
    expect(body.subject).toEqual({ parcels: ['96001000AB0003'], geometry: true, area: 15000 });
  });
});

describe('bad input gets a 400 that says what is wrong', () => {
  const ring = [[X, 6600000], [X + 10, 6600000], [X + 10, 6600010], [X, 6600010], [X, 6600000]];
  it.each([
    ['an empty body', {}, 'subject_missing', /Indiquez des parcelles/],
    ['parcels that are not an array', { parcels: '96001000AB0001' }, 'parcels_invalid', /«\sparcels\s» doit être une liste/],
    ['a malformed parcel id', { parcels: ['AB 37'] }, 'parcel_id_malformed', /Identifiant de parcelle mal formé\s: "AB 37"/],
    ['an unknown parcel', { parcels: ['96001000AB0001', '96001000ZZ9999'] }, 'parcel_unknown', /Parcelle inconnue\s: 96001000ZZ9999 ne figure pas dans le cadastre/],
    ['a Feature instead of a geometry', { geometry: { type: 'Feature', geometry: null } }, 'geometry_is_feature', /donnez la géométrie/],
    ['a LineString', { geometry: { type: 'LineString', coordinates: [[3, 46], [3.1, 46]] } }, 'geometry_not_polygon', /doit être Polygon ou MultiPolygon\s; reçu\s: "LineString"/],
    ['an unclosed ring', { geometry: { type: 'Polygon', coordinates: [ring.slice(0, 4)] }, crs: 'EPSG:2154' }, 'geometry_ring_not_closed', /n’est pas fermé/],
    ['a ring of text', { geometry: { type: 'Polygon', coordinates: [['a', 'b']] } }, 'geometry_coordinates_invalid', /liste de positions \[x, y\]/],
    ['an unknown crs', { geometry: { type: 'Polygon', coordinates: [ring] }, crs: 'EPSG:3857' }, 'geometry_crs_unknown', /Système de coordonnées inconnu\s: «\sEPSG:3857\s»/],
    ['Lambert-93 metres given as WGS84', { geometry: { type: 'Polygon', coordinates: [ring] } }, 'geometry_outside_france', /hors de la France métropolitaine.*EPSG:2154/],
    ['a geometry in New York', { geometry: { type: 'Polygon', coordinates: [[[-74, 40.7], [-73.9, 40.7], [-73.9, 40.8], [-74, 40.7]]] } }, 'geometry_outside_france', /hors de la France métropolitaine/],
    ['a negative tolerance', { parcels: ['96001000AB0001'], tolerance: { area: -1 } }, 'tolerance_invalid', /«\stolerance.area\s» doit être un nombre positif ou nul/],
    ['an unknown tolerance', { parcels: ['96001000AB0001'], tolerance: { width: 1 } }, 'tolerance_unknown', /Tolérance inconnue\s: «\swidth\s»/],
  ])('%s', async (_what, body, code, message) => {
    const res = await check(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(englishWords(res.body.error.message)).toEqual([]);
  });

  it('a self-intersecting polygon (bow-tie) is refused, saying where it crosses itself', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[X, 6600000], [X + 10, 6600010], [X + 10, 6600000], [X, 6600010], [X, 6600000]]] };
    const res = await check({ geometry: bowtie, crs: 'EPSG:2154' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('geometry_self_intersection');
    expect(res.body.error.message).toMatch(/Géométrie invalide\s: le contour se recoupe \(auto-intersection\) près du point lon 3\.0000\d+, lat 46\.5000\d+/);
    expect(res.body.error.details.location[0]).toBeCloseTo(3.0000654, 5);
    expect(Object.keys(res.body.error.details)).toEqual(['location']); // GEOS's English reason stays out
  });

  it('a geometry with more vertices than allowed is refused, saying the count and the limit', async () => {
    const many = Array.from({ length: 20001 }, (_, i) => [X + Math.cos(i / 3000) * 100, 6600000 + Math.sin(i / 3000) * 100]);
    many.push(many[0]!);
    const res = await check({ geometry: { type: 'Polygon', coordinates: [many] }, crs: 'EPSG:2154' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'geometry_too_many_vertices', message: expect.stringMatching(/^La géométrie a 20\u202f002 sommets, au-delà de la limite de 20\u202f000\./) });
  });
});

describe('subdivided layers', () => {
  it('give the same areas as the undivided layers (± 1e-6 m²)', async () => {
    const { rows } = await db.knex.raw(`
      SELECT z.gid, ST_Area(ST_Intersection(z.geom, a.geom)) AS whole,
             (SELECT sum(ST_Area(ST_Intersection(s.geom, a.geom))) FROM sup_assiette_sub s WHERE s.gid = a.gid) AS pieces
      FROM plu_zone_urba z, sup_assiette a WHERE a.idass = 'A1'`);
    // Pieces of the AC1 circle against each whole zone, and the whole circle: same area.
    for (const r of rows) {
      const { rows: [p] } = await db.knex.raw(`
        SELECT sum(ST_Area(ST_Intersection(s.geom, z.geom))) AS a FROM sup_assiette_sub s, plu_zone_urba z
        WHERE s.gid = (SELECT gid FROM sup_assiette WHERE idass = 'A1') AND z.gid = ?`, [r.gid]);
      expect(Math.abs(p.a - r.whole)).toBeLessThan(1e-6);
    }
    const { rows: [n] } = await db.knex.raw(`SELECT count(*)::int AS n FROM sup_assiette_sub s JOIN sup_assiette a USING (gid) WHERE a.idass = 'A1'`);
    expect(n.n).toBeGreaterThan(1);
  });
});

describe('attributes kept in memory', () => {
  const zoneOf = async (parcel: string) => (await check({ parcels: [parcel] })).body.zones.map((z: any) => [z.properties.libelle, z.properties.partition]);
  const queriesDuring = async (f: () => Promise<unknown>) => {
    const names: string[] = [];
    // On PostgreSQL a public request runs in a transaction with a statement_timeout (and the overlay's
    // fallback in a savepoint there): transaction control is not a statement of the check.
    const envelope = /^\s*(BEGIN|COMMIT|ROLLBACK|SET |SAVEPOINT|RELEASE)/i;
    const listen = (q: { sql: string; options?: { name?: string } }) => { if (!envelope.test(q.sql)) names.push(q.options?.name ?? 'unnamed'); };
    db.knex.on('query', listen);
    try { await f(); } finally { db.knex.removeListener('query', listen); }
    return names;
  };

  it('a second check of the same parcel runs one statement: attributes come from memory', async () => {
    await check({ parcels: ['96001000AB0003'] });
    expect(await queriesDuring(() => check({ parcels: ['96001000AB0003'] }))).toEqual(['check_intersections']);
  });

  it('are never stale: a zone, its document and a gestionnaire edited in place are seen by the next check', async () => {
    expect(await zoneOf('96001000AB0003')).toEqual([['UA', 'DU_96001']]);
    await db.knex.raw(`UPDATE plu_zone_urba SET libelle = 'UAa' WHERE libelle = 'UA'`);
    expect(await zoneOf('96001000AB0003')).toEqual([['UAa', 'DU_96001']]);
    await db.knex.raw(`UPDATE plu_doc_urba SET partition = 'DU_96001_B'`);
    expect(await zoneOf('96001000AB0003')).toEqual([['UAa', 'DU_96001_B']]);
    await db.knex.raw(`UPDATE sup_gestionnaire SET nomgest = 'UDAP du Sud' WHERE nomgest = 'UDAP'`);
    expect((await check({ parcels: ['96001000AB0003'] })).body.servitudes[0].properties.nomgest).toBe('UDAP du Sud');
    await db.knex.raw(`UPDATE plu_zone_urba SET libelle = 'UA' WHERE libelle = 'UAa'`);
    await db.knex.raw(`UPDATE plu_doc_urba SET partition = 'DU_96001'`);
    await db.knex.raw(`UPDATE sup_gestionnaire SET nomgest = 'UDAP' WHERE nomgest = 'UDAP du Sud'`);
    expect(await zoneOf('96001000AB0003')).toEqual([['UA', 'DU_96001']]);
  });

  it('an edit seen inside its transaction is forgotten when the transaction rolls back', async () => {
    await expect(db.knex.transaction(async (trx) => {
      await trx.raw(`UPDATE plu_zone_urba SET libelle = 'UX' WHERE libelle = 'UA'`);
      const r = await runCheck(trx, { parcels: ['96001000AB0003'], geometry: null, srid: 2154, tolerance: { area: 1, share: 0.5, length: 1 } });
      expect(r.zones.map((z) => z.properties.libelle)).toEqual(['UX']);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await zoneOf('96001000AB0003')).toEqual([['UA', 'DU_96001']]);
  });

  it('answer the same JSON as attributes read with the statement', async () => {
    for (const parcel of ['96001000AB0001', '96001000AB0002', '96001000AB0003']) {
      const cached = (await check({ parcels: [parcel] })).body;
      // A write to any layer empties the memory: the next answer reads every attribute afresh.
      await db.knex.raw(`UPDATE sup_gestionnaire SET nomgest = nomgest`);
      expect(await queriesDuring(async () => expect((await check({ parcels: [parcel] })).body).toEqual(cached)))
        .toEqual(['check_intersections', 'check_attributes']);
    }
  });
});

describe('the overlay', () => {
  it('where GEOS fails inside a transaction, the statement is run again snap-rounded and the transaction goes on', async () => {
    // A bow-tie makes the overlay fail on both engines (it cannot reach the check, whose input and
    // layers are valid): here it stands for the robustness failure of a valid input.
    const bowtie = `SELECT ST_Area(ST_Intersection(ST_GeomFromText('POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))'), ST_GeomFromText('POLYGON((0 0, 5 0, 5 5, 0 5, 0 0))'))) AS a`;
    await db.knex.transaction(async (trx) => {
      const r = await withOverlayFallback(trx, async (conn, snapped) => (await conn.raw(snapped ? 'SELECT 12.5 AS a' : bowtie)).rows[0].a);
      expect(r).toEqual({ result: 12.5, snapped: true });
      expect((await trx.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });
});
