// The map layers' attributes: a PLU zone carries where its written rules are (CNIG nomfic/urlfic as
// imported, and its document's urlreg), so that its panel can link to the règlement. Real PLU of
// Arpaillargues-et-Aureillac (30014), whose zones name "30014_reglement_20171013.pdf#page=…".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { runImport } from '../import/index.ts';
import { real } from '../import/test-helpers.ts';

let db: Db;
let http: TestServer;
beforeAll(async () => {
  db = await testDb();
  await runImport(db.knex, 'plu', [real('plu/30014_arpaillargues-et-aureillac/original')]);
  http = await serve(buildApp(db));
}, 300_000);
afterAll(async () => { await http?.close(); await db?.close(); });

describe('zone_urba', () => {
  it('carries the zone\'s nomfic and urlfic as imported and the document\'s règlement', async () => {
    const { rows: [b] } = await db.knex.raw(`SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1
      FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 2154), 4326) e FROM plu_zone_urba) t`);
    const { status, body } = await http.get(`/api/layers/zone_urba?bbox=${[b.x0, b.y0, b.x1, b.y1].join(',')}`);
    expect(status).toBe(200);
    const { rows: [n] } = await db.knex.raw('SELECT count(*)::int AS n FROM plu_zone_urba');
    expect(body.features).toHaveLength(n.n);
    for (const f of body.features) {
      expect(Object.keys(f.properties)).toEqual(expect.arrayContaining(['nomfic', 'urlfic', 'nomreg', 'urlreg', 'destdomi']));
    }
    const withFile = body.features.filter((f: { properties: { nomfic: string | null } }) => /^30014_reglement_20171013\.pdf(#page=[0-9]+)?$/.test(f.properties.nomfic ?? ''));
    expect(withFile.length).toBeGreaterThan(0);
  });
});
