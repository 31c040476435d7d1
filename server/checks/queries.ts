// The spatial check's SQL. Named statements: pg prepares them once per connection, which halves
// the time of a parcel-sized check (its planning costs more than its execution).
import type { Knex } from 'knex';

export async function existingParcels(knex: Knex, ids: string[]): Promise<string[]> {
  const { rows } = await knex.raw('SELECT id FROM cadastre_parcelles WHERE id = ANY(?::text[])', [ids]).options({ name: 'check_parcels' });
  return rows.map((r: { id: string }) => r.id);
}

// For each layer, the subdivided pieces meeting the subject are measured: area for surfaces,
// length for lines, count for points; the common cases (subject inside a piece, piece inside the
// subject) skip the costly ST_Intersection. Pieces are summed back per object, then the object's
// attributes are attached.
// Intersections snap-round to a 10 nm grid (OverlayNG with a fixed precision): the floating-point
// overlay threw a GEOS TopologyException on nearly coincident edges (a prescription of Arpaillargues
// sent back as GeoJSON against the piece of its neighbour, see check-real.test.ts), which PGlite turns
// into a silently empty result. 1e-9 m still failed there (Lambert-93 coordinates × 1e9 near the
// 2^53 limit of doubles); 1e-8 m did not. Pieces and undivided objects agree within 1e-6 m² at the
// same grid, and with the exact overlay within 2e-5 m². It costs ~20 % of the check's database time
// (docs/benchmarks.md).
const MEASURE = (t: string) => `
    CASE ST_Dimension(${t}.geom)
      WHEN 2 THEN CASE WHEN ST_CoveredBy(s.g, ${t}.geom) THEN s.area
                       WHEN ST_CoveredBy(${t}.geom, s.g) THEN ST_Area(${t}.geom)
                       ELSE ST_Area(ST_Intersection(${t}.geom, s.g, 1e-8)) END
      WHEN 1 THEN ST_Length(ST_Intersection(${t}.geom, s.g, 1e-8))
      ELSE ST_NumGeometries(ST_Intersection(${t}.geom, s.g, 1e-8)) END`;

const CHECK_SQL = `
  WITH input AS (
    SELECT geom AS g FROM cadastre_parcelles WHERE id = ANY(?::text[])
    UNION ALL
    SELECT ?::geometry WHERE ?::text IS NOT NULL
  ),
  s AS (
    SELECT g, ST_Area(g) AS area FROM (
      SELECT CASE WHEN count(*) = 1 THEN (array_agg(g))[1] ELSE ST_Union(g) END AS g FROM input) u
  ),
  pieces AS (
    SELECT 'zone_urba' AS layer, z.gid, ${MEASURE('z')} AS m FROM plu_zone_urba_sub z, s WHERE ST_Intersects(z.geom, s.g)
    UNION ALL
    SELECT 'prescription', p.gid, ${MEASURE('p')} FROM plu_prescription_sub p, s WHERE ST_Intersects(p.geom, s.g)
    UNION ALL
    SELECT 'information', i.gid, ${MEASURE('i')} FROM plu_information_sub i, s WHERE ST_Intersects(i.geom, s.g)
    UNION ALL
    SELECT 'servitude', a.gid, ${MEASURE('a')} FROM sup_assiette_sub a, s WHERE ST_Intersects(a.geom, s.g)
  ),
  found AS (SELECT layer, gid, sum(m) AS m FROM pieces GROUP BY layer, gid)
  SELECT f.layer, f.gid, f.m AS measure, s.area AS subject_area,
    CASE f.layer
      WHEN 'zone_urba' THEN (SELECT json_build_object('nature_geom', 'surf', 'idurba', z.idurba, 'libelle', z.libelle,
          'libelong', z.libelong, 'typezone', z.typezone, 'destdomi', z.destdomi, 'formdomi', z.formdomi,
          'nomfic', z.nomfic, 'urlfic', z.urlfic, 'insee', z.insee, 'datappro', z.datappro, 'partition', d.partition)
        FROM plu_zone_urba z JOIN plu_doc_urba d USING (idurba) WHERE z.gid = f.gid)
      WHEN 'prescription' THEN (SELECT json_build_object('nature_geom', p.nature_geom, 'idurba', p.idurba, 'libelle', p.libelle,
          'txt', p.txt, 'typepsc', p.typepsc, 'stypepsc', p.stypepsc, 'nature', p.nature, 'nomfic', p.nomfic, 'urlfic', p.urlfic)
        FROM plu_prescription p WHERE p.gid = f.gid)
      WHEN 'information' THEN (SELECT json_build_object('nature_geom', i.nature_geom, 'idurba', i.idurba, 'libelle', i.libelle,
          'txt', i.txt, 'typeinf', i.typeinf, 'stypeinf', i.stypeinf, 'nomfic', i.nomfic, 'urlfic', i.urlfic)
        FROM plu_information i WHERE i.gid = f.gid)
      ELSE (SELECT json_build_object('nature_geom', a.nature_geom, 'partition', a.partition, 'idass', a.idass, 'idgen', a.idgen,
          'nomass', a.nomass, 'typeass', a.typeass, 'categorie', a.categorie, 'suptype', a.suptype,
          'idsup', a.idsup, 'nomgen', a.nomgen, 'generateur', a.attributs, 'nomsup', a.nomsup, 'nomsuplitt', a.nomsuplitt,
          'idgest', a.idgest, 'nomgest', m.nomgest)
        FROM sup_assiette_detail a
        LEFT JOIN sup_gestionnaire m ON m.idgest = a.idgest
        WHERE a.gid = f.gid)
    END AS properties
  -- One row even when nothing is found, so that the subject's area always comes back.
  FROM s LEFT JOIN found f ON true
  ORDER BY f.layer, f.m DESC, f.gid`;

export type FoundRow = { layer: 'zone_urba' | 'prescription' | 'information' | 'servitude'; gid: number; measure: number; subject_area: number; properties: Record<string, any> };

export async function intersections(knex: Knex, parcels: string[], subjectEwkb: string | null): Promise<{ rows: FoundRow[]; subjectArea: number }> {
  const { rows } = await knex.raw(CHECK_SQL, [parcels, subjectEwkb, subjectEwkb]).options({ name: 'check_intersections' });
  return { rows: rows.filter((r: FoundRow) => r.layer !== null), subjectArea: rows[0].subject_area };
}
