// The spatial check's SQL. Named statements: pg prepares them once per connection, which halves
// the time of a parcel-sized check (its planning costs more than its execution).
import type { Knex } from 'knex';
import { SilentFailure } from '../db.ts';

export type Layer = 'zone_urba' | 'prescription' | 'information' | 'servitude';

export async function existingParcels(knex: Knex, ids: string[]): Promise<string[]> {
  const { rows } = await knex.raw('SELECT id FROM cadastre_parcelles WHERE id = ANY(?::text[])', [ids]).options({ name: 'check_parcels' });
  return rows.map((r: { id: string }) => r.id);
}

// For each layer, the subdivided pieces meeting the subject are measured: area for surfaces,
// length for lines, count for points; the common cases (subject inside a piece, piece inside the
// subject) skip the costly ST_Intersection. Pieces are summed back per object. Measures are taken in
// the legal projection of where they lie (legal_area, migration 024): Lambert-93 in metropolitan
// France, the territory's UTM overseas.
// The statement returns measures only: the objects' attributes come from attributes.ts (kept in
// memory); without them its cost is within 3–12 % of a bare hand-written query (docs/benchmarks.md).
// It also says how many of the asked parcels exist and which version of the layers' attributes it
// read, so that runCheck needs no other query in the common case.
// The parameters sit behind a MATERIALIZED CTE so that custom plans cannot use their values: else
// plan_cache_mode = auto finds custom plans cheaper (a one-element array, the geometry branch pruned
// when it is NULL) and re-plans the statement at every call, which costs more than it executes.
const MEASURE = (t: string, grid: string) => `
    CASE ST_Dimension(${t}.geom)
      WHEN 2 THEN CASE WHEN ST_CoveredBy(s.g, ${t}.geom) THEN s.area
                       WHEN ST_CoveredBy(${t}.geom, s.g) THEN legal_area(${t}.geom)
                       ELSE legal_area(ST_Intersection(${t}.geom, s.g${grid})) END
      WHEN 1 THEN legal_length(ST_Intersection(${t}.geom, s.g${grid}))
      ELSE ST_NumGeometries(ST_Intersection(${t}.geom, s.g${grid})) END`;

const checkSql = (grid: string) => `
  WITH params AS MATERIALIZED (SELECT ?::text[] AS ids, ?::geometry AS g),
  input AS (
    SELECT c.id, c.geom AS g FROM params, cadastre_parcelles c WHERE c.id = ANY(params.ids)
    UNION ALL
    SELECT NULL, g FROM params WHERE g IS NOT NULL
  ),
  s AS (
    SELECT g, legal_area(g) AS area, parcels FROM (
      SELECT CASE WHEN count(*) = 1 THEN (array_agg(g))[1] ELSE ST_Union(g) END AS g, count(id)::int AS parcels FROM input) u
  ),
  pieces AS (
    SELECT 'zone_urba' AS layer, z.gid, ${MEASURE('z', grid)} AS m FROM plu_zone_urba_sub z, s WHERE ST_Intersects(z.geom, s.g)
    UNION ALL
    SELECT 'prescription', p.gid, ${MEASURE('p', grid)} FROM plu_prescription_sub p, s WHERE ST_Intersects(p.geom, s.g)
    UNION ALL
    SELECT 'information', i.gid, ${MEASURE('i', grid)} FROM plu_information_sub i, s WHERE ST_Intersects(i.geom, s.g)
    UNION ALL
    SELECT 'servitude', a.gid, ${MEASURE('a', grid)} FROM sup_assiette_sub a, s WHERE ST_Intersects(a.geom, s.g)
  ),
  found AS (SELECT layer, gid, sum(m) AS m FROM pieces GROUP BY layer, gid)
  SELECT f.layer, f.gid, f.m AS measure, s.area AS subject_area, s.parcels AS parcels_found,
    (SELECT version FROM data_version) AS data_version
  -- One row even when nothing is found, so that the subject's area always comes back.
  FROM s LEFT JOIN found f ON true
  ORDER BY f.layer, f.m DESC, f.gid`;

// Intersections use the floating-point overlay, which is exact up to doubles. On nearly coincident
// edges (two PLU objects digitised along one border) GEOS may fail on robustness: native GEOS
// retries internally (OverlayNG's snapping then snap-rounding fallbacks) and did not fail on any
// real data we have, but PGlite's PostGIS (WebAssembly) failed on Arpaillargues' prescriptions
// sent back as GeoJSON, as a silently empty result (server/db.ts turns it into SilentFailure).
// The statement is then run again with intersections snap-rounded to a 10 nm grid (OverlayNG with
// a fixed precision), which does not fail there: 1e-9 m still did (Lambert-93 coordinates × 1e9
// near the 2^53 limit of doubles). Pieces and undivided objects agree within 1e-6 m² at the same
// precision; the snap-rounded overlay moves areas by up to 2e-5 m², and always costs ~20 % of the
// check's database time, hence floating first (docs/benchmarks.md).
const CHECK_SQL = checkSql('');
const CHECK_SQL_SNAPPED = checkSql(', 1e-8');

/** GEOS failed on robustness: a TopologyException on PostgreSQL, a silently empty answer on PGlite. */
export const isOverlayFailure = (e: unknown) => e instanceof SilentFailure || (e instanceof Error && /TopologyException/.test(e.message));

/**
 * Runs `run` with the floating-point overlay, and again snap-rounded if GEOS failed on robustness.
 * Inside a transaction the first attempt runs in a savepoint: a failed statement aborts a
 * PostgreSQL transaction, and the filing of a dossier runs the check in its own.
 */
export async function withOverlayFallback<T>(knex: Knex, run: (conn: Knex, snapped: boolean) => Promise<T>): Promise<{ result: T; snapped: boolean }> {
  try {
    const result = knex.isTransaction ? await knex.transaction((sp) => run(sp, false)) : await run(knex, false);
    return { result, snapped: false };
  } catch (e) {
    if (!isOverlayFailure(e)) throw e;
    return { result: await run(knex, true), snapped: true };
  }
}

export type Measured = { layer: Layer; gid: number; measure: number };
export type Measures = {
  rows: Measured[];
  subjectArea: number;
  /** How many of the asked parcels exist in the cadastre. */
  parcelsFound: number;
  /** data_version.version as the statement read it. */
  dataVersion: number;
  /** The floating-point overlay failed and the statement was run again snap-rounded. */
  snapped: boolean;
};

/** Measures what the subject (parcels ∪ geometry) meets, in one statement, without attributes. */
export async function measureIntersections(knex: Knex, parcels: string[], subjectEwkb: string | null, opts: { snapped?: boolean } = {}): Promise<Measures> {
  const statement = (conn: Knex, snapped: boolean) => conn.raw(snapped ? CHECK_SQL_SNAPPED : CHECK_SQL, [parcels, subjectEwkb])
    .options({ name: snapped ? 'check_intersections_snapped' : 'check_intersections' })
    .then((r: { rows: any[] }) => r.rows);
  const { result: rows, snapped } = opts.snapped ? { result: await statement(knex, true), snapped: true } : await withOverlayFallback(knex, statement);
  const first = rows[0];
  return {
    rows: rows.filter((r) => r.layer !== null).map((r) => ({ layer: r.layer, gid: Number(r.gid), measure: r.measure })),
    subjectArea: first.subject_area,
    parcelsFound: first.parcels_found,
    dataVersion: Number(first.data_version),
    snapped,
  };
}

// The attributes of found objects, as the check reports them: CNIG fields, the zone's document,
// the assiette's générateur, servitude and gestionnaire. One query for any set of objects.
const ATTRIBUTES_SQL = `
  SELECT v.version AS data_version, x.layer, x.gid, x.properties FROM data_version v LEFT JOIN (
    SELECT 'zone_urba' AS layer, z.gid, json_build_object('nature_geom', 'surf', 'idurba', z.idurba, 'libelle', z.libelle,
        'libelong', z.libelong, 'typezone', z.typezone, 'destdomi', z.destdomi, 'formdomi', z.formdomi,
        'nomfic', z.nomfic, 'urlfic', z.urlfic, 'insee', z.insee, 'datappro', z.datappro, 'partition', d.partition) AS properties
      FROM plu_zone_urba z JOIN plu_doc_urba d USING (idurba) WHERE z.gid = ANY(?::bigint[])
    UNION ALL
    SELECT 'prescription', p.gid, json_build_object('nature_geom', p.nature_geom, 'idurba', p.idurba, 'libelle', p.libelle,
        'txt', p.txt, 'typepsc', p.typepsc, 'stypepsc', p.stypepsc, 'nature', p.nature, 'nomfic', p.nomfic, 'urlfic', p.urlfic)
      FROM plu_prescription p WHERE p.gid = ANY(?::bigint[])
    UNION ALL
    SELECT 'information', i.gid, json_build_object('nature_geom', i.nature_geom, 'idurba', i.idurba, 'libelle', i.libelle,
        'txt', i.txt, 'typeinf', i.typeinf, 'stypeinf', i.stypeinf, 'nomfic', i.nomfic, 'urlfic', i.urlfic)
      FROM plu_information i WHERE i.gid = ANY(?::bigint[])
    UNION ALL
    SELECT 'servitude', a.gid, json_build_object('nature_geom', a.nature_geom, 'partition', a.partition, 'idass', a.idass, 'idgen', a.idgen,
        'nomass', a.nomass, 'typeass', a.typeass, 'categorie', a.categorie, 'suptype', a.suptype,
        'idsup', a.idsup, 'nomgen', a.nomgen, 'generateur', a.attributs, 'nomsup', a.nomsup, 'nomsuplitt', a.nomsuplitt,
        'idgest', a.idgest, 'nomgest', m.nomgest)
      FROM sup_assiette_detail a
      LEFT JOIN sup_gestionnaire m ON m.idgest = a.idgest
      WHERE a.gid = ANY(?::bigint[])
  ) x ON true`;

export type Attributes = { dataVersion: number; rows: { layer: Layer; gid: number; properties: Record<string, any> }[] };

/** The attributes of the given objects, with the data version they were read at. */
export async function fetchAttributes(knex: Knex, gids: Record<Layer, number[]>): Promise<Attributes> {
  const { rows } = await knex.raw(ATTRIBUTES_SQL, [gids.zone_urba, gids.prescription, gids.information, gids.servitude])
    .options({ name: 'check_attributes' });
  return {
    dataVersion: Number(rows[0].data_version),
    rows: rows.filter((r: any) => r.layer !== null).map((r: any) => ({ layer: r.layer, gid: Number(r.gid), properties: r.properties })),
  };
}
