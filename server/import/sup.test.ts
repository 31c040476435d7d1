import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { runImport, totals } from './index.ts';
import { copyInto, count, invalidGeometries, real, scratch, snapshot, truncatedCopy } from './test-helpers.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

// Extracts (fixtures/SOURCES.md): of the AC1 delivery, the 21 monuments of Bonifacio (2A041) with their
// assiettes, servitudes and actes; of EL10, one parc. The whole deliveries: sup.data.test.ts.
const AC1 = real('sup/ac1_2a_corse-du-sud');
const AC1_PARTITION = '172014607_SUP_2A_AC1';
const tmp = scratch('sup');
const inPartition = (table: string, partition = AC1_PARTITION) => count(db, table, 'partition = ?', [partition]);

describe('AC1 monuments historiques of Bonifacio, Corse-du-Sud (DRAC Corse, CNIG SUP 2016)', () => {
  it('from the shapefiles and dBase tables: 21 générateurs, 41 assiettes, under partition 172014607_SUP_2A_AC1', async () => {
    const report = await runImport(db.knex, 'sup', [path.join(AC1, 'original')]);
    expect(report.partitions).toEqual([AC1_PARTITION]);
    expect(await inPartition('sup_generateur')).toBe(21);
    expect(await inPartition('sup_assiette')).toBe(41);
    expect(await count(db, 'sup_assiette', `partition = ? AND modegeoass = 'Zone tampon'`, [AC1_PARTITION])).toBe(20);
    expect(await db.knex('sup_gestionnaire').pluck('idgest')).toEqual(['172014607']);
  });

  it('the delivery repeats two servitudes (and their actes): kept once, the repeats reported', async () => {
    expect(await inPartition('sup_servitude')).toBe(19);
    expect(await inPartition('sup_acte')).toBe(19);
    expect(await inPartition('sup_servitude_acte')).toBe(19);
    const report = await runImport(db.knex, 'sup', [path.join(AC1, 'original')]);
    expect(report.files.find((f) => f.table === 'sup_servitude')!.rejected).toEqual([
      { feature: 'idsup AC1-172014607-00099077', reason: 'doublon : la même clé apparaît deux fois dans le fichier' },
      { feature: 'idsup AC1-172014607-00099080', reason: 'doublon : la même clé apparaît deux fois dans le fichier' },
    ]);
  });

  it('categorie comes from the servitude, suptype is its lowercase, and the AC1 fields (type, adresse) go to attributs', async () => {
    expect(await db.knex('sup_assiette').where({ partition: AC1_PARTITION }).distinct('categorie', 'suptype').select()).toEqual([{ categorie: 'AC1', suptype: 'ac1' }]);
    const gen = await db.knex('sup_generateur').where({ partition: AC1_PARTITION, idgen: 'AC1-172014607-00099085' })
      .first('idsup', 'nomgen', 'typegen', 'categorie', 'nature_geom', 'attributs');
    expect(gen).toEqual({ idsup: 'AC1-172014607-00099085', nomgen: 'AC1_Maison_gen', typegen: 'Monument', categorie: 'AC1',
      nature_geom: 'surf', attributs: { type: 'Inscrit', adresse: '2A041|Bonifacio|12 rue Saint-Dominique' } });
    // Bonifacio (2A041) has 21 monuments.
    expect(await count(db, 'sup_generateur', `partition = ? AND attributs->>'adresse' LIKE '2A041|%'`, [AC1_PARTITION])).toBe(21);
  });

  it('from the GeoJSON export (WGS 84, GPU partition attribute): same partition, replacing the shapefile import — no duplicates', async () => {
    const files = fs.readdirSync(AC1).filter((f) => /\.(geo)?json$/.test(f)).map((f) => path.join(AC1, f));
    const report = await runImport(db.knex, 'sup', files);
    expect(report.partitions).toEqual([AC1_PARTITION]);
    expect(totals(report).rejected).toBe(6); // the same 2 repeated servitudes, actes and links
    expect(await inPartition('sup_generateur')).toBe(21);
    expect(await inPartition('sup_assiette')).toBe(41);
    expect(await count(db, 'sup_servitude')).toBe(19);
    // GPU exports copy servitude fields onto générateurs: they stay out of attributs.
    expect(await count(db, 'sup_generateur',
      `EXISTS (SELECT 1 FROM jsonb_object_keys(attributs) k WHERE k IN ('partition', 'suptype', 'nomsuplitt', 'idgest', 'fichier'))`)).toBe(0);
  });
});

describe('partitions of the other real deliveries', () => {
  it('PM3 Eure-et-Loir: from the metadata file name fr-110068012_SUP_PM3_28.xml (its idgest "2" is not a SIREN); code_alea in attributs', async () => {
    const report = await runImport(db.knex, 'sup', [real('sup/pm3_28_eure-et-loir/original')]);
    expect(report.partitions).toEqual(['110068012_SUP_28_PM3']);
    expect(await db.knex('sup_generateur').where({ partition: '110068012_SUP_28_PM3' }).orderBy('idgen').pluck('attributs'))
      .toContainEqual({ code_alea: '21', id_gaspar: '28DREAL20140001' });
    expect(await inPartition('sup_assiette', '110068012_SUP_28_PM3')).toBe(3);
  });

  it('INT1 Comps-sur-Artuby and A5 Vosges: <idgest>_SUP_<territoire>_<CAT> from SUP-<CAT>-<territoire>-<idgest>-<date>.xml', async () => {
    const report = await runImport(db.knex, 'sup', [real('sup/int1_83044_comps-sur-artuby/original'), real('sup/a5_088_vosges_FICTIONAL_GESTIONNAIRE/original')]);
    expect(report.partitions).toEqual(['213000896_SUP_83044_INT1', '123456789_SUP_088_A5']);
    expect(await db.knex('sup_generateur').where({ partition: '123456789_SUP_088_A5' }).first('nature_geom', 'categorie', 'attributs'))
      .toEqual({ nature_geom: 'lin', categorie: 'A5', attributs: { type: 'Eau potable' } });
  });

  it('EL10 parcs nationaux (assiettes only; here the Écrins): categorie from suptype, partition from the folder name', async () => {
    const report = await runImport(db.knex, 'sup', [real('sup/el10_fr_parcs-nationaux')]);
    expect(report.partitions).toEqual(['SUP_FR_EL10']);
    expect(await db.knex('sup_assiette').where({ partition: 'SUP_FR_EL10' }).distinct('categorie', 'suptype').select()).toEqual([{ categorie: 'EL10', suptype: 'el10' }]);
    expect(await inPartition('sup_assiette', 'SUP_FR_EL10')).toBe(1);
  });

  it('without servitude table nor attribute, categorie comes from the file name prefix; --partition names the delivery', async () => {
    const dir = real('sup/int1_83044_comps-sur-artuby/original');
    const only = copyInto(path.join(tmp, 'int1'), fs.readdirSync(dir).filter((f) => f.startsWith('INT1_ASSIETTE_SUP_S.')).map((f) => path.join(dir, f)));
    const report = await runImport(db.knex, 'sup', [path.dirname(only[0]!)], { partition: '213000896_SUP_83044_INT1_TEST' });
    expect(report.partitions).toEqual(['213000896_SUP_83044_INT1_TEST']);
    expect(await db.knex('sup_assiette').where({ partition: '213000896_SUP_83044_INT1_TEST' }).first('categorie', 'suptype', 'paramcalc'))
      .toEqual({ categorie: 'INT1', suptype: 'int1', paramcalc: '100' });
  });

  it('nothing invalid reached the tables', async () => {
    expect(await invalidGeometries(db)).toBe(0);
  });
});

describe('deliveries that cannot be imported leave the database exactly as it was', () => {
  it('a truncated GeoJSON assiettes file: error naming the file', async () => {
    const before = await snapshot(db);
    const dir = path.join(tmp, 'cut');
    copyInto(dir, ['servitude.json', 'generateur_sup_s.geojson', 'acte_sup.json'].map((f) => path.join(AC1, f)));
    truncatedCopy(path.join(AC1, 'assiette_sup_s.geojson'), path.join(dir, 'assiette_sup_s.geojson'), 0.7);
    await expect(runImport(db.knex, 'sup', [dir])).rejects.toThrow(/cut\/assiette_sup_s\.geojson: ends unexpectedly inside the "features" array after \d+ complete items/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a file that is not a CNIG SUP table, named explicitly, is refused', async () => {
    await expect(runImport(db.knex, 'sup', [real('plu/41175_pezou/zone_urba.geojson')])).rejects.toThrow(/zone_urba\.geojson: n’est aucune des tables/);
  });
});
