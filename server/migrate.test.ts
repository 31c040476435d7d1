import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.ts';
import { migrate, migrationFiles } from './migrate.ts';
import { testDb } from './testing/db.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db.close(); });

const square = (srid: number, size = 10) =>
  `ST_SetSRID(ST_GeomFromText('MULTIPOLYGON(((700000 6600000,${700000 + size} 6600000,${700000 + size} ${6600000 + size},700000 ${6600000 + size},700000 6600000)))'), ${srid})`;
const parcel = (id: string, geom: string) =>
  db.knex.raw(`INSERT INTO cadastre_parcelles (id, commune, section, numero, geom) VALUES (?, '96001', 'A', '1', ${geom})`, [id]);

describe('migrations', () => {
  it('are all recorded in schema_migrations, in order', async () => {
    const names = await db.knex('schema_migrations').orderBy('name').pluck('name');
    expect(names).toEqual(migrationFiles());
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  it('a second run applies nothing', async () => {
    expect(await migrate(db)).toEqual([]);
  });

  it('the schema is the same on both engines: the CNIG and Etalab fields exist verbatim', async () => {
    const cols = async (table: string) => (await db.knex.raw(
      `SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, [table])).rows.map((r: any) => r.column_name);
    expect(await cols('cadastre_parcelles')).toEqual(
      ['id', 'commune', 'prefixe', 'section', 'numero', 'contenance', 'arpente', 'created', 'updated', 'geom', 'gid']);
    expect(await cols('plu_zone_urba')).toEqual(expect.arrayContaining(['idurba', 'libelle', 'libelong', 'typezone', 'destdomi', 'nomfic', 'datvalid']));
    expect(await cols('sup_assiette')).toEqual(expect.arrayContaining(['idass', 'idgen', 'nomass', 'typeass', 'modegeoass', 'categorie', 'suptype']));
    expect(await cols('sup_servitude')).toEqual(expect.arrayContaining(['idsup', 'idgest', 'nomsup', 'nomsuplitt', 'categorie', 'datemaj']));
  });

  it('every geometry column is in EPSG:2154 and has a GiST index', async () => {
    const { rows } = await db.knex.raw(`
      SELECT f_table_name || '.' || f_geometry_column AS t, srid, EXISTS (
        SELECT 1 FROM pg_indexes i WHERE i.tablename = f_table_name AND i.indexdef ILIKE '%USING gist (' || f_geometry_column || ')%') AS indexed
      FROM geometry_columns c JOIN information_schema.tables t ON t.table_name = c.f_table_name AND t.table_type = 'BASE TABLE'
      WHERE f_table_schema = 'public' ORDER BY 1`);
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const r of rows) expect(r, r.t).toMatchObject({ srid: 2154, indexed: true });
  });
});

describe('geometry rules', () => {
  it('a valid Lambert-93 parcel is stored', async () => {
    await parcel('96001000A00001', square(2154));
    const { rows } = await db.knex.raw(`SELECT ST_Area(geom) AS a FROM cadastre_parcelles WHERE id = '96001000A00001'`);
    expect(rows[0].a).toBe(100);
  });

  it('a self-intersecting (bow-tie) parcel is refused', async () => {
    const bowtie = `ST_SetSRID(ST_GeomFromText('MULTIPOLYGON(((700000 6600000,700010 6600010,700010 6600000,700000 6600010,700000 6600000)))'), 2154)`;
    await expect(parcel('96001000A00002', bowtie)).rejects.toMatchObject({ code: '23514' });
  });

  it('an empty geometry is refused', async () => {
    await expect(parcel('96001000A00003', `ST_SetSRID(ST_GeomFromText('MULTIPOLYGON EMPTY'), 2154)`)).rejects.toMatchObject({ code: '23514' });
  });

  it('a geometry in WGS84 is refused (stored geometries are Lambert-93 only)', async () => {
    await expect(parcel('96001000A00004', square(4326, 0.001))).rejects.toThrow(/SRID/i);
  });

  it('a malformed parcel id is refused', async () => {
    await expect(parcel('96001-A-1', square(2154))).rejects.toMatchObject({ code: '23514' });
  });
});
