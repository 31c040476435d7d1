import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { DEMO_DIR, loadDemo, loadDemoIfEmpty } from '../demo/load.ts';
import { testDb } from '../testing/db.ts';
import { totals } from './index.ts';
import { count, invalidGeometries, snapshot } from './test-helpers.ts';
import { DEMO_ACCOUNTS } from '../accounts/demo.ts';
import { verifyPassword } from '../accounts/password.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db.close(); });

const features = (rel: string) => (JSON.parse(fs.readFileSync(path.join(DEMO_DIR, rel), 'utf8')).features as unknown[]).length;
const sum = (...rels: string[]) => rels.reduce((s, r) => s + features(r), 0);

describe('the demo commune (fixtures/demo, INSEE 96001)', () => {
  it('is loaded at boot into an empty database, through the importer, and recorded in settings.demo', async () => {
    const loaded = await loadDemoIfEmpty(db);
    expect(loaded).toEqual({ parcelles: features('cadastre/cadastre-96001-parcelles.json') });
    const { value } = await db.knex('settings').where({ key: 'demo' }).first('value');
    expect(value).toEqual({ insee: '96001', loadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('every fixture feature is in its table, in Lambert-93, nothing repaired or rejected', async () => {
    expect(await count(db, 'cadastre_parcelles', `commune = '96001'`)).toBe(features('cadastre/cadastre-96001-parcelles.json'));
    expect(await count(db, 'cadastre_sections', `commune = '96001'`)).toBe(features('cadastre/cadastre-96001-sections.json'));
    expect(await db.knex('communes').where({ insee: '96001' }).first(db.knex.raw('GeometryType(geom) AS type'))).toEqual({ type: 'MULTIPOLYGON' });
    expect(await count(db, 'plu_doc_urba', `partition = 'DU_96001'`)).toBe(1);
    expect(await count(db, 'plu_zone_urba')).toBe(features('plu/96001_ZONE_URBA.json'));
    expect(await count(db, 'plu_prescription')).toBe(sum('plu/96001_PRESCRIPTION_SURF.json', 'plu/96001_PRESCRIPTION_LIN.json', 'plu/96001_PRESCRIPTION_PCT.json'));
    expect(await count(db, 'plu_information')).toBe(sum('plu/96001_INFO_SURF.json', 'plu/96001_INFO_LIN.json', 'plu/96001_INFO_PCT.json'));
    expect(await count(db, 'sup_servitude', `partition = 'SUP_96001'`)).toBe(features('sup/SERVITUDE.json'));
    expect(await count(db, 'sup_generateur', `partition = 'SUP_96001'`)).toBe(sum('sup/GENERATEUR_SUP_S.json', 'sup/GENERATEUR_SUP_L.json', 'sup/GENERATEUR_SUP_P.json'));
    expect(await count(db, 'sup_assiette', `partition = 'SUP_96001' AND suptype = lower(categorie)`)).toBe(sum('sup/ASSIETTE_SUP_S.json', 'sup/ASSIETTE_SUP_L.json', 'sup/ASSIETTE_SUP_P.json'));
    expect(await invalidGeometries(db)).toBe(0);
    const { reports } = await loadDemo(db);
    for (const r of reports) expect({ kind: r.kind, ...totals(r) }).toMatchObject({ kind: r.kind, repaired: 0, rejected: 0 });
  });

  it('comes with one demo account per role, whose README passwords log in, and only once', async () => {
    const users = await db.knex('users').orderBy('login').select('login', 'role', 'communes');
    expect(users.map((u: any) => [u.login, u.role])).toEqual(DEMO_ACCOUNTS.map((a) => [a.login, a.role]).sort());
    const readme = fs.readFileSync(path.join(DEMO_DIR, '../../README.md'), 'utf8');
    for (const a of DEMO_ACCOUNTS) {
      expect(readme).toContain(`| \`${a.login}\` | \`${a.password}\` | ${a.role} |`);
      const { password_hash } = await db.knex('users').where({ login: a.login }).first('password_hash');
      expect(await verifyPassword(a.password, password_hash)).toBe(true);
    }
    await loadDemo(db);
    expect(await count(db, 'users')).toBe(DEMO_ACCOUNTS.length);
  });

  it('loading it again replaces it: no duplicates', async () => {
    const before = await snapshot(db);
    await loadDemo(db);
    expect(await snapshot(db)).toEqual(before);
  });

  it('is not loaded again at boot, even once its parcels are deleted (settings.demo remembers)', async () => {
    expect(await loadDemoIfEmpty(db)).toBeNull();
    await db.knex('cadastre_parcelles').where({ commune: '96001' }).delete();
    expect(await loadDemoIfEmpty(db)).toBeNull();
    expect(await count(db, 'cadastre_parcelles')).toBe(0);
  });

  it('a broken fixture leaves the database as it was (one transaction for the three kinds)', async () => {
    const before = await snapshot(db);
    await expect(loadDemo(db, path.join(DEMO_DIR, 'missing'))).rejects.toThrow(/missing\/cadastre: fichier ou dossier introuvable/);
    expect(await snapshot(db)).toEqual(before);
  });
});
