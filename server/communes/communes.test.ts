// Communes known by name: whatever layer is imported (cadastre without its communes layer, a PLU, a
// PLUi, a SUP delivery), the communes its data belongs to get their COG name, their EPCI and an extent
// covering the data, are listed by GET /api/communes and found by the search, and a PLUi is found by
// its intercommunalité's name. On the small real extracts of fixtures/real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { runImport } from '../import/index.ts';
import { real } from '../import/test-helpers.ts';
import { loadCog } from './cog.ts';

let db: Db;
let http: TestServer;
type Result = { kind: string; id: string; label: string; detail: string; bbox: number[] | null; properties?: Record<string, unknown> };
const find = async (text: string): Promise<Result[]> => {
  const res = await http.get(`/api/find?q=${encodeURIComponent(text)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results;
};

/** The WGS84 extent of a table's rows, computed here apart from the routes' SQL. */
async function extentOf(sql: string): Promise<number[]> {
  const { rows: [e] } = await db.knex.raw(`SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1
    FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 2154), 4326) AS b FROM (${sql}) t) x`);
  return [e.x0, e.y0, e.x1, e.y1];
}
const covers = (outer: number[] | null, inner: number[]) => {
  expect(outer).not.toBeNull();
  const [a, b, c, d] = outer as [number, number, number, number];
  expect(a).toBeLessThanOrEqual(inner[0]!); expect(b).toBeLessThanOrEqual(inner[1]!);
  expect(c).toBeGreaterThanOrEqual(inner[2]!); expect(d).toBeGreaterThanOrEqual(inner[3]!);
  // and not much more: the 10 m margin only
  expect(inner[0]! - a).toBeLessThan(0.001); expect(c - inner[2]!).toBeLessThan(0.001);
};

beforeAll(async () => {
  db = await testDb();
  await runImport(db.knex, 'cadastre', [real('cadastre/etalab/cadastre-91216-parcelles.json')]);
  await runImport(db.knex, 'plu', [real('plu/30014_arpaillargues-et-aureillac/original')]);
  await runImport(db.knex, 'plu', [real('plu/plui_241800432_cc-les-trois-provinces/original')]);
  await runImport(db.knex, 'sup', [real('sup/ac1_2a_corse-du-sud/original')]);
  http = await serve(buildApp(db));
}, 300_000);
afterAll(async () => { await http?.close(); await db?.close(); });

describe('the COG', () => {
  it('names communes, municipal arrondissements and EPCI from @etalab/decoupage-administratif, whatever the working directory', async () => {
    const cog = await loadCog();
    expect(cog.nom('91216')).toBe('Épinay-sur-Orge');
    expect(cog.nom('75118')).toBe('Paris 18e Arrondissement');
    expect(cog.nom('2A041')).toBe('Bonifacio');
    expect(cog.nom('96001')).toBeUndefined();
    expect(cog.epci('241800432')?.nom).toBe('CC les Trois Provinces');
    expect(cog.epciOf('30014')?.siren).toMatch(/^[0-9]{9}$/);
  });
});

describe('every imported layer registers its communes by name, with an extent', () => {
  it('cadastre without its communes layer: Épinay-sur-Orge, extent of its parcels', async () => {
    const { rows: [c] } = await db.knex.raw(`SELECT nom, epci, geom IS NULL AS no_outline FROM communes WHERE insee = '91216'`);
    expect(c).toMatchObject({ nom: 'Épinay-sur-Orge', no_outline: true });
    expect(c.epci).toMatch(/^[0-9]{9}$/);
  });

  it('GET /api/communes lists every commune holding data, each with an extent', async () => {
    const { body } = await http.get('/api/communes');
    const byCode = Object.fromEntries(body.map((c: { insee: string }) => [c.insee, c]));
    expect(byCode['91216']).toMatchObject({ nom: 'Épinay-sur-Orge' });
    expect(byCode['30014']).toMatchObject({ nom: 'Arpaillargues-et-Aureillac', parcelles: 0 });
    expect(byCode['2A041']).toMatchObject({ nom: 'Bonifacio' });
    for (const c of body) expect(c.bbox, c.insee).not.toBeNull();
    covers(byCode['91216'].bbox, await extentOf(`SELECT geom FROM cadastre_parcelles WHERE commune = '91216'`));
    covers(byCode['30014'].bbox, await extentOf(`SELECT geom FROM plu_zone_urba WHERE idurba IN (SELECT idurba FROM plu_doc_urba_com WHERE insee = '30014')`));
  });

  it('a SUP delivery: the communes its générateurs name (AC1 "<INSEE>|<commune>"), extent of their générateurs and assiettes', async () => {
    const { body } = await http.get('/api/communes');
    const bonifacio = body.find((c: { insee: string }) => c.insee === '2A041');
    covers(bonifacio.bbox, await extentOf(`SELECT a.geom FROM sup_assiette a JOIN sup_generateur g USING (partition, idgen)
      WHERE sup_generateur_insee(g.attributs) = '2A041' UNION ALL SELECT geom FROM sup_generateur WHERE sup_generateur_insee(attributs) = '2A041'`));
  });

  it('re-importing keeps a name the communes layer gave, and replaces a code standing for a name', async () => {
    await db.knex.raw(`UPDATE communes SET nom = insee WHERE insee = '30014'`);
    await db.knex.raw(`UPDATE communes SET nom = 'Bonifaziu' WHERE insee = '2A041'`);
    await runImport(db.knex, 'plu', [real('plu/30014_arpaillargues-et-aureillac/original')]);
    await runImport(db.knex, 'sup', [real('sup/ac1_2a_corse-du-sud/original')]);
    const { rows } = await db.knex.raw(`SELECT insee, nom FROM communes WHERE insee IN ('30014', '2A041') ORDER BY insee`);
    expect(rows).toEqual([{ insee: '2A041', nom: 'Bonifaziu' }, { insee: '30014', nom: 'Arpaillargues-et-Aureillac' }]);
    await db.knex.raw(`UPDATE communes SET nom = 'Bonifacio' WHERE insee = '2A041'`);
  });
});

describe('the search finds them', () => {
  it('by name with or without accents, and by INSEE code, landing where parcels are drawn when there are some', async () => {
    for (const [text, insee, parcelles] of [['Épinay', '91216', true], ['epinay-sur-orge', '91216', true], ['arpaillargues', '30014', false],
      ['Arpaillargues et Aureillac', '30014', false], ['bonifacio', '2A041', false], ['2A041', '2A041', false], ['30014', '30014', false]] as const) {
      const hit = (await find(text)).find((r) => r.kind === 'commune');
      expect(hit, text).toMatchObject({ id: insee, properties: { parcelles } });
      expect(hit!.bbox, text).not.toBeNull();
    }
  });

  it('an intercommunal PLU by its EPCI name, its extent covering the PLUi zones', async () => {
    const hit = (await find('trois provinces')).find((r) => r.kind === 'epci');
    expect(hit).toMatchObject({ id: '241800432', label: 'CC les Trois Provinces' });
    expect(hit!.detail).toContain('PLUi');
    const { rows } = await db.knex.raw(`SELECT 1 FROM plu_doc_urba WHERE siren = '241800432'`);
    expect(rows.length).toBeGreaterThan(0);
    covers(hit!.bbox, await extentOf(`SELECT z.geom FROM plu_zone_urba z JOIN plu_doc_urba d USING (idurba) WHERE d.siren = '241800432'`));
  });
});
