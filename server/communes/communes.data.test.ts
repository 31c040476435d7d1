// The README's "Loading a real commune", on the full real data (npm run test:data): the cadastre of
// Épinay-sur-Orge without its communes file, the PLU of Arpaillargues-et-Aureillac as its folder is
// (GeoJSON beside the original shapefiles), the AC1 of Corse-du-Sud likewise; then each commune is
// found by its name, lands where its content is, and a point outside any PLU says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { runImport, type ImportReport } from '../import/index.ts';
import { shared } from '../import/test-helpers.ts';

let db: Db;
let http: TestServer;
const reports: Record<string, ImportReport> = {};
type Result = { kind: string; id: string; label: string; bbox: number[] | null; properties?: Record<string, unknown> };
const find = async (text: string): Promise<Result[]> => {
  const res = await http.get(`/api/find?q=${encodeURIComponent(text)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results;
};

beforeAll(async () => {
  db = await testDb();
  reports.cadastre = await runImport(db.knex, 'cadastre', [shared('cadastre/etalab/cadastre-91216-parcelles.json')]);
  reports.plu = await runImport(db.knex, 'plu', [shared('plu/30014_arpaillargues-et-aureillac')]);
  reports.sup = await runImport(db.knex, 'sup', [shared('sup/ac1_2a_corse-du-sud')]);
  http = await serve(buildApp(db));
});
afterAll(async () => { await http?.close(); await db?.close(); });

describe('the README examples, as written', () => {
  it('import the folders as they are, from the original files, with a notice for the GeoJSON skipped', () => {
    expect(reports.plu!.documents).toEqual(['30014_PLU_20171013']);
    expect(reports.plu!.notes.some((n) => n.includes('deux fichiers dans deux formats'))).toBe(true);
    expect(reports.sup!.partitions).toEqual(['172014607_SUP_2A_AC1']);
    expect(reports.sup!.notes.some((n) => n.includes('deux fichiers dans deux formats'))).toBe(true);
    expect(reports.sup!.communes).toContain('2A041');
  });

  it('each commune is found by its name, with its extent, at a zoom where its content is drawn', async () => {
    for (const [name, insee, parcelles] of [['Épinay-sur-Orge', '91216', true], ['epinay', '91216', true],
      ['Arpaillargues', '30014', false], ['Bonifacio', '2A041', false], ['Ajaccio', '2A004', false]] as const) {
      const hit = (await find(name)).find((r) => r.kind === 'commune' && r.id === insee);
      expect(hit, name).toMatchObject({ properties: { parcelles } });
      expect(hit!.bbox, name).toHaveLength(4);
    }
    const { body } = await http.get('/api/communes');
    expect(body.find((c: { insee: string }) => c.insee === '91216')).toMatchObject({ nom: 'Épinay-sur-Orge', parcelles: 4241 });
  });

  it('a parcel of Épinay, where no PLU is loaded, says so; one in Arpaillargues\'s zones does not', async () => {
    const epinay = await http.post('/api/checks', { parcels: ['91216000AB0037'] });
    expect(epinay.body.plu).toEqual({ loaded: false, message: "aucun PLU chargé ici : règlement national d'urbanisme ou document non importé" });
    const { rows: [z] } = await db.knex.raw(`SELECT ST_AsGeoJSON(ST_Transform(ST_Buffer(ST_PointOnSurface(geom), 5), 4326), 7)::json AS g
      FROM plu_zone_urba WHERE idurba = '30014_PLU_20171013' ORDER BY gid LIMIT 1`);
    const arpa = await http.post('/api/checks', { geometry: z.g });
    expect(arpa.status).toBe(200);
    expect(arpa.body.plu.loaded).toBe(true);
  });

  it('the zones keep their règlement file (nomfic) from the original shapefiles', async () => {
    const { rows } = await db.knex.raw(`SELECT count(*)::int AS n FROM plu_zone_urba WHERE idurba = '30014_PLU_20171013' AND nomfic LIKE '30014_reglement_%'`);
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
