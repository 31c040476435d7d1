/**
 * Builds (or reuses) a synthetic département on a local PostgreSQL + PostGIS for the benchmarks:
 * the fictional département 96, laid out in Lambert-93 from (800000, 6500000).
 *
 * - Cadastre: N parcels (default 1,000,000) on a 30 m grid whose nodes are jittered by ±4 m and
 *   whose edges carry two points each, offset by ±2 m: 13-point rings that tile the plane exactly
 *   (neighbours compute their shared vertices with the same expression, so there are no slivers).
 *   Etalab ids '96' + commune(3) + '000' + section(2) + numero(4): communes of 100 × 100 parcels
 *   (96101, 96102, …), sections of 20 × 20 parcels (AA…EE), numeros 0001…0400.
 * - PLU: one PLUi; ~3,000 zones (3 per 1,000 parcels) from a Voronoi tessellation of random seeds,
 *   clipped to the extent and segmentized to 5 m (≈ 450 points each); typezone cycles U/AUc/AUs/A/N.
 * - SUP: ~300 assiettes (3 per 10,000 parcels), buffers of 200–2,000 m around random generators,
 *   segmentized to 2 m (≈ 3,500 points each), in 10 categories (AC1, PM1, I4, …), each with its
 *   gestionnaire, servitude and generateur rows.
 *
 * Zones and assiettes go through the normal tables, so Terrier's triggers fill the _sub tables.
 * Everything is set-based SQL with fixed seeds (setseed/random for seeds and radii, an integer hash
 * for the grid): the same arguments give the same database. Parcels are loaded without indexes on two
 * connections, then indexed. A finished build is recorded in settings('bench_departement'); a second
 * run with the same arguments reuses it (--force rebuilds).
 *
 *   npx tsx bench/make-departement.ts [--parcels 1000000] [--zones N] [--servitudes N]
 *                                     [--seed 0.42] [--force] [--database-url postgres://…/terrier_bench]
 */
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { openDb } from '../server/db.ts';
import { migrate } from '../server/migrate.ts';
import { DEFAULT_DATABASE_URL, parseArgs } from './lib/args.ts';
import { connect, ensureDatabase } from './lib/pg.ts';

const X0 = 800000; // Lambert-93 south-west corner of the grid
const Y0 = 6500000;
const CELL = 30; // m
const NODE_JITTER = 4; // m, grid nodes
const EDGE_JITTER = 2; // m, the two intermediate points of each edge, across the edge
const COMMUNE_CELLS = 100; // a commune is 100 × 100 parcels
const SECTION_CELLS = 20; // a section is 20 × 20 parcels
const IDURBA = '200096000_PLUi_20240115';
const SUP_CATEGORIES = ['AC1', 'PM1', 'I4', 'AS1', 'PT2', 'EL7', 'I3', 'T5', 'AC2', 'PM3'];
const FORMAT_VERSION = 2;

export type Spec = { version: number; parcels: number; zones: number; servitudes: number; seed: number };

const args = parseArgs(process.argv.slice(2), ['parcels', 'zones', 'servitudes', 'seed', 'force', 'database-url']);
const databaseUrl = args.str('database-url', DEFAULT_DATABASE_URL);
const parcels = Math.round(args.num('parcels', 1_000_000));
const spec: Spec = {
  version: FORMAT_VERSION,
  parcels,
  zones: Math.round(args.num('zones', Math.max(10, Math.round((3000 * parcels) / 1_000_000)))),
  servitudes: Math.round(args.num('servitudes', Math.max(5, Math.round((300 * parcels) / 1_000_000)))),
  seed: args.num('seed', 0.42),
};
if (!(parcels >= 400 && parcels <= 8_000_000)) throw new Error('--parcels must be between 400 and 8,000,000');
if (!(spec.seed >= -1 && spec.seed <= 1)) throw new Error('--seed must be in [-1, 1] (setseed)');

// Grid layout: NX columns, NY rows, the last row possibly incomplete.
const NX = Math.ceil(Math.sqrt(parcels));
const NY = Math.ceil(parcels / NX);
const COMMUNES_X = Math.ceil(NX / COMMUNE_CELLS);
const COMMUNES_Y = Math.ceil(NY / COMMUNE_CELLS);
if (COMMUNES_X * COMMUNES_Y > 899) throw new Error('too many communes for 3-digit codes 101…999');
const W = NX * CELL;
const H = NY * CELL;
const EXTENT = `ST_MakeEnvelope(${X0}, ${Y0}, ${X0 + W}, ${Y0 + H}, 2154)`;
/** SQL for the 3-digit commune code of grid cell (i, j), both integer expressions. */
const communeOf = (i: string, j: string) => `lpad((101 + (${i}) / ${COMMUNE_CELLS} + ((${j}) / ${COMMUNE_CELLS}) * ${COMMUNES_X})::text, 3, '0')`;

const t0 = performance.now();
const elapsed = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

// A multiplicative (Knuth) hash in [0, 1) of two integers and a salt, inlined as int8 arithmetic:
// deterministic and order-independent, so that two neighbouring parcels computing the same node or
// edge get the same numbers. (An SQL function with sin() was 6× slower: 12 s per 500k parcels.)
const hash = (a: string, b: string, salt: number) =>
  `((((((${a})::int8 * 7919 + (${b})::int8 * 104729 + ${salt * 1299709}) * 2654435761) >> 16) & 1048575)::float8 / 1048576)`;

export function parcelSql(k0: number, k1: number): string {
  const X = (a: string, b: string) => `${X0} + ${CELL} * (${a}) + ${NODE_JITTER} * (2 * ${hash(a, b, 1)} - 1)`;
  const Y = (a: string, b: string) => `${Y0} + ${CELL} * (${b}) + ${NODE_JITTER} * (2 * ${hash(a, b, 2)} - 1)`;
  const off = (a: string, b: string, s: number) => `${EDGE_JITTER} * (2 * ${hash(a, b, s)} - 1)`;
  const pt = (x: string, y: string) => `ST_MakePoint(${x}, ${y})`;
  // Ring (counter-clockwise): corner 00, bottom edge, corner 10, right edge, corner 11, top edge, corner 01, left edge.
  // Each edge's points are written from its lower node, whichever parcel draws it.
  const ring = [
    pt('x00', 'y00'),
    pt('x00 + (x10 - x00) / 3', 'y00 + (y10 - y00) / 3 + ob1'),
    pt('x00 + 2 * (x10 - x00) / 3', 'y00 + 2 * (y10 - y00) / 3 + ob2'),
    pt('x10', 'y10'),
    pt('x10 + (x11 - x10) / 3 + or1', 'y10 + (y11 - y10) / 3'),
    pt('x10 + 2 * (x11 - x10) / 3 + or2', 'y10 + 2 * (y11 - y10) / 3'),
    pt('x11', 'y11'),
    pt('x01 + 2 * (x11 - x01) / 3', 'y01 + 2 * (y11 - y01) / 3 + ot2'),
    pt('x01 + (x11 - x01) / 3', 'y01 + (y11 - y01) / 3 + ot1'),
    pt('x01', 'y01'),
    pt('x00 + 2 * (x01 - x00) / 3 + ol2', 'y00 + 2 * (y01 - y00) / 3'),
    pt('x00 + (x01 - x00) / 3 + ol1', 'y00 + (y01 - y00) / 3'),
    pt('x00', 'y00'),
  ];
  return `
    INSERT INTO cadastre_parcelles (id, commune, prefixe, section, numero, contenance, geom)
    SELECT '96' || com || '000' || sec || num, '96' || com, '000', sec, num, round(ST_Area(g))::int, g
    FROM (
      SELECT ${communeOf('i', 'j')} AS com,
             chr(65 + (j % ${COMMUNE_CELLS}) / ${SECTION_CELLS}) || chr(65 + (i % ${COMMUNE_CELLS}) / ${SECTION_CELLS}) AS sec,
             lpad((1 + i % ${SECTION_CELLS} + (j % ${SECTION_CELLS}) * ${SECTION_CELLS})::text, 4, '0') AS num,
             ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[${ring.join(', ')}])), 2154)) AS g
      FROM (SELECT k % ${NX} AS i, k / ${NX} AS j FROM generate_series(${k0}, ${k1 - 1}) k) ij,
      LATERAL (SELECT ${X('i', 'j')} AS x00, ${Y('i', 'j')} AS y00,
                      ${X('i + 1', 'j')} AS x10, ${Y('i + 1', 'j')} AS y10,
                      ${X('i + 1', 'j + 1')} AS x11, ${Y('i + 1', 'j + 1')} AS y11,
                      ${X('i', 'j + 1')} AS x01, ${Y('i', 'j + 1')} AS y01,
                      ${off('i', 'j', 3)} AS ob1, ${off('i', 'j', 4)} AS ob2,
                      ${off('i + 1', 'j', 5)} AS or1, ${off('i + 1', 'j', 6)} AS or2,
                      ${off('i', 'j + 1', 3)} AS ot1, ${off('i', 'j + 1', 4)} AS ot2,
                      ${off('i', 'j', 5)} AS ol1, ${off('i', 'j', 6)} AS ol2
              OFFSET 0) c
    ) p`;
}

const ZONES_SQL = () => `
  SELECT setseed(${spec.seed});
  CREATE TEMP TABLE zone_seeds AS
    SELECT k, ST_SetSRID(ST_MakePoint(${X0} + random() * ${W}, ${Y0} + random() * ${H}), 2154) AS p
    FROM generate_series(1, ${spec.zones}) k ORDER BY k;
  CREATE TEMP TABLE zone_cells AS
    SELECT row_number() OVER (ORDER BY ST_Y(ST_PointOnSurface(g)), ST_X(ST_PointOnSurface(g))) - 1 AS n,
           ST_Multi(ST_Segmentize(g, 5)) AS g
    FROM (SELECT ST_CollectionExtract(ST_Intersection(ST_SetSRID(d.geom, 2154), ${EXTENT}), 3) AS g
          FROM (SELECT ST_Collect(p) AS pts FROM zone_seeds) s,
               ST_Dump(ST_VoronoiPolygons(s.pts, 0, ${EXTENT})) d) v
    WHERE NOT ST_IsEmpty(g);
  INSERT INTO plu_zone_urba (idurba, lib_idzone, libelle, libelong, typezone, destdomi, nomfic, urlfic, insee, datappro, datvalid, geom)
  SELECT '${IDURBA}', 'Z' || n, lib, 'Zone ' || lib || ' (synthétique)', tz, CASE tz WHEN 'U' THEN '01' WHEN 'A' THEN '03' WHEN 'N' THEN '04' ELSE '02' END,
         '${IDURBA.split('_')[0]}_reglement_20240115.pdf', NULL, '96' || com, '20240115', '20240115', g
  FROM (SELECT n, g, (ARRAY['U', 'AUc', 'AUs', 'A', 'N'])[1 + n % 5] AS tz,
               (ARRAY['UA', '1AUc', '2AUs', 'A', 'N', 'UB', '1AUb', '2AU', 'Ap', 'Nf'])[1 + n % 10] AS lib,
               ${communeOf(`least(${NX - 1}, greatest(0, floor((ST_X(ST_PointOnSurface(g)) - ${X0}) / ${CELL})))::int`,
                           `least(${NY - 1}, greatest(0, floor((ST_Y(ST_PointOnSurface(g)) - ${Y0}) / ${CELL})))::int`)} AS com
        FROM zone_cells) z
  ORDER BY n;
  DROP TABLE zone_seeds, zone_cells;`;

const SUP_SQL = () => {
  const cats = `(ARRAY[${SUP_CATEGORIES.map((c) => `'${c}'`).join(', ')}])`;
  return `
  INSERT INTO sup_gestionnaire (idgest, nomgest, courriel)
    SELECT '1300000' || lpad(n::text, 2, '0'), 'Gestionnaire ' || c || ' (fictif)', lower(c) || '@gestionnaire.invalid'
    FROM unnest(${cats}) WITH ORDINALITY AS t(c, n);
  SELECT setseed(${spec.seed / 2});
  CREATE TEMP TABLE sup_seeds AS
    SELECT k, ${cats}[1 + (k - 1) % ${SUP_CATEGORIES.length}] AS cat, 1 + (k - 1) % ${SUP_CATEGORIES.length} AS catn,
           ST_SetSRID(ST_MakePoint(${X0} + random() * ${W}, ${Y0} + random() * ${H}), 2154) AS p, 200 + random() * 1800 AS r
    FROM generate_series(1, ${spec.servitudes}) k ORDER BY k;
  INSERT INTO sup_servitude (partition, idsup, idgest, nomsup, nomsuplitt, categorie, datemaj)
    SELECT '172014607_SUP_96_' || cat, 'S' || k, '1300000' || lpad(catn::text, 2, '0'), cat || ' n°' || k, 'Servitude ' || cat || ' n°' || k || ' (fictive)', cat, '20240115'
    FROM sup_seeds ORDER BY k;
  INSERT INTO sup_generateur (partition, nature_geom, idgen, idsup, nomgen, typegen, categorie, attributs, geom)
    SELECT '172014607_SUP_96_' || cat, 'pct', 'G' || k, 'S' || k, 'Générateur ' || cat || ' n°' || k, 'Point', cat,
           jsonb_build_object('rayon', round(r::numeric, 1)), ST_Multi(p)
    FROM sup_seeds ORDER BY k;
  INSERT INTO sup_assiette (partition, nature_geom, idass, idgen, nomass, typeass, modegeoass, paramcalc, categorie, suptype, geom)
    SELECT '172014607_SUP_96_' || cat, 'surf', 'A' || k, 'G' || k, 'Assiette ' || cat || ' n°' || k, 'Zone tampon', 'Zone tampon', round(r::numeric, 1)::text,
           cat, lower(cat), ST_Multi(ST_Segmentize(ST_Buffer(p, r, 8), 2))
    FROM sup_seeds ORDER BY k;
  DROP TABLE sup_seeds;`;
};

const COMMUNES_SQL = () => `
  INSERT INTO communes (insee, nom, geom)
  SELECT '96' || ${communeOf(`cx * ${COMMUNE_CELLS}`, `cy * ${COMMUNE_CELLS}`)}, 'Commune synthétique ' || (101 + cx + cy * ${COMMUNES_X}),
         ST_Multi(ST_Intersection(ST_MakeEnvelope(${X0} + cx * ${COMMUNE_CELLS * CELL}, ${Y0} + cy * ${COMMUNE_CELLS * CELL},
                                                  ${X0} + (cx + 1) * ${COMMUNE_CELLS * CELL}, ${Y0} + (cy + 1) * ${COMMUNE_CELLS * CELL}, 2154), ${EXTENT}))
  FROM generate_series(0, ${COMMUNES_X - 1}) cx, generate_series(0, ${COMMUNES_Y - 1}) cy;
  INSERT INTO plu_doc_urba (idurba, typedoc, etat, nomproc, datappro, siren, nomreg, partition)
    VALUES ('${IDURBA}', 'PLUi', '03', 'Elab', '20240115', '${IDURBA.split('_')[0]}', '${IDURBA.split('_')[0]}_reglement_20240115.pdf', 'DU_${IDURBA.split('_')[0]}');
  INSERT INTO plu_doc_urba_com (idurba, insee) SELECT '${IDURBA}', insee FROM communes;`;

type IndexDef = { name: string; def: string; constraint: boolean };

/** The indexes of a table, to drop them before a bulk load and rebuild them after (same names, same definitions). */
async function tableIndexes(c: pg.Client, table: string): Promise<IndexDef[]> {
  const { rows } = await c.query(`
    SELECT i.relname AS name, coalesce(pg_get_constraintdef(con.oid), pg_get_indexdef(i.oid)) AS def, con.oid IS NOT NULL AS constraint,
           EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = x.indrelid) AS referenced
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
    WHERE x.indrelid = $1::regclass`, [table]);
  // A primary key that foreign keys point to stays (dropping it would need CASCADE on others' constraints).
  return rows.filter((r) => !(r.constraint && r.referenced)).map((r) => ({ name: r.name, def: r.def, constraint: r.constraint }));
}

async function main() {
  const created = await ensureDatabase(databaseUrl);
  log(`${created ? 'created' : 'using'} database ${databaseUrl}`);
  const db = await openDb({ databaseUrl, pool: { min: 0, max: 2 } });
  const applied = await migrate(db);
  await db.close();
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);

  const [a, b] = [await connect(databaseUrl), await connect(databaseUrl)];
  try {
    const prev = (await a.query(`SELECT value FROM settings WHERE key = 'bench_departement'`)).rows[0]?.value as Spec | undefined;
    const same = prev !== undefined && (Object.keys(spec) as (keyof Spec)[]).every((k) => prev[k] === spec[k]) && Object.keys(prev).length === Object.keys(spec).length;
    const count = same ? (await a.query('SELECT count(*)::int AS n FROM cadastre_parcelles')).rows[0].n : -1;
    if (same && count === spec.parcels && !args.flag('force')) {
      log(`already complete with ${JSON.stringify(spec)}: reused (--force rebuilds)`);
    } else {
      if (prev && !same) log(`rebuilding: the database holds ${JSON.stringify(prev)}, asked for ${JSON.stringify(spec)}`);
      await build(a, b);
    }
    await report(a);
  } finally {
    await a.end();
    await b.end();
  }
}

async function build(a: pg.Client, b: pg.Client) {
  const tBuild = performance.now();
  for (const c of [a, b]) await c.query(`SET synchronous_commit = off; SET maintenance_work_mem = '1GB'`);
  await a.query(`DELETE FROM settings WHERE key = 'bench_departement'`);
  await a.query(`TRUNCATE cadastre_parcelles, cadastre_sections, cadastre_batiments, communes, plu_doc_urba, plu_doc_urba_com,
    plu_zone_urba, plu_zone_urba_sub, plu_prescription, plu_prescription_sub, plu_information, plu_information_sub,
    sup_gestionnaire, sup_servitude, sup_acte, sup_servitude_acte, sup_generateur, sup_assiette, sup_assiette_sub
    RESTART IDENTITY CASCADE`);
  log(`emptied the data tables; grid ${NX} × ${NY} cells of ${CELL} m (${(W / 1000).toFixed(1)} × ${(H / 1000).toFixed(1)} km), ${COMMUNES_X * COMMUNES_Y} communes`);

  // Parcels: drop the indexes, load in two halves on two connections (2 cores), rebuild the indexes in parallel.
  let t = performance.now();
  const idx = await tableIndexes(a, 'cadastre_parcelles');
  for (const i of idx) await a.query(i.constraint ? `ALTER TABLE cadastre_parcelles DROP CONSTRAINT "${i.name}"` : `DROP INDEX "${i.name}"`);
  const half = Math.ceil(spec.parcels / 2);
  await Promise.all([a.query(parcelSql(0, half)), b.query(parcelSql(half, spec.parcels))]);
  log(`parcels inserted: ${spec.parcels.toLocaleString('en')} in ${elapsed(t)}`);
  t = performance.now();
  const gist = idx.filter((i) => /USING gist/i.test(i.def));
  const rest = idx.filter((i) => !gist.includes(i));
  const rebuild = async (c: pg.Client, defs: IndexDef[]) => {
    for (const i of defs) await c.query(i.constraint ? `ALTER TABLE cadastre_parcelles ADD CONSTRAINT "${i.name}" ${i.def}` : i.def);
  };
  await Promise.all([rebuild(a, gist), rebuild(b, rest)]);
  log(`parcel indexes rebuilt (${idx.map((i) => i.name).join(', ')}) in ${elapsed(t)}`);
  t = performance.now();
  await a.query('VACUUM (ANALYZE) cadastre_parcelles');
  log(`parcels vacuumed and analyzed in ${elapsed(t)}`);

  t = performance.now();
  await a.query(COMMUNES_SQL());
  await a.query(ZONES_SQL());
  log(`PLU zones inserted (Voronoi, segmentized, subdivided by trigger) in ${elapsed(t)}`);
  t = performance.now();
  await a.query(SUP_SQL());
  log(`SUP assiettes inserted (buffers, segmentized, subdivided by trigger) in ${elapsed(t)}`);
  t = performance.now();
  await a.query(`VACUUM (ANALYZE) communes, plu_doc_urba, plu_doc_urba_com, plu_zone_urba, plu_zone_urba_sub, plu_prescription, plu_prescription_sub,
    plu_information, plu_information_sub, sup_gestionnaire, sup_servitude, sup_generateur, sup_assiette, sup_assiette_sub`);
  log(`layers vacuumed and analyzed in ${elapsed(t)}`);
  await a.query(`INSERT INTO settings (key, value) VALUES ('bench_departement', $1)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [JSON.stringify(spec)]);
  log(`build done in ${elapsed(tBuild)}`);
}

async function report(c: pg.Client) {
  const q = async (sql: string) => (await c.query(sql)).rows[0];
  const size = (t: string) => `pg_size_pretty(pg_total_relation_size('${t}'))`;
  const p = await q(`SELECT count(*)::int AS n, round(avg(ST_NPoints(geom)), 1) AS pts, round(avg(ST_Area(geom))::numeric, 1) AS area,
    count(DISTINCT commune)::int AS communes, ${size('cadastre_parcelles')} AS size FROM cadastre_parcelles`);
  const layer = async (t: string) => q(`SELECT (SELECT count(*)::int FROM ${t}) AS n, (SELECT round(avg(ST_NPoints(geom)), 1) FROM ${t}) AS pts,
    (SELECT round(avg(ST_Area(geom))::numeric / 1e6, 3) FROM ${t}) AS km2,
    (SELECT count(*)::int FROM ${t}_sub) AS sub_n, (SELECT round(avg(ST_NPoints(geom)), 1) FROM ${t}_sub) AS sub_pts, ${size(t)} AS size, ${size(`${t}_sub`)} AS sub_size`);
  const z = await layer('plu_zone_urba');
  const s = await layer('sup_assiette');
  const cov = await q(`SELECT round((100 * sum(ST_Area(geom)) / ${W * H})::numeric, 1) AS pct FROM sup_assiette`);
  console.log(`
synthetic département 96 (${databaseUrl}), spec ${JSON.stringify(spec)}
  parcels          ${p.n.toLocaleString('en').padStart(9)}  avg ${p.pts} points, ${p.area} m²; ${p.communes} communes; ${p.size}
  PLU zones        ${String(z.n).padStart(9)}  avg ${z.pts} points, ${z.km2} km²; ${z.size}
    subdivided     ${String(z.sub_n).padStart(9)}  avg ${z.sub_pts} points; ${z.sub_size}
  SUP assiettes    ${String(s.n).padStart(9)}  avg ${s.pts} points, ${s.km2} km² (sum = ${cov.pct} % of the extent); ${s.size}
    subdivided     ${String(s.sub_n).padStart(9)}  avg ${s.sub_pts} points; ${s.sub_size}
  total time ${elapsed(t0)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
