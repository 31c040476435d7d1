// API Carto-shaped FeatureCollections, built by the database. When the query geometry is a surface,
// each feature also carries the area (m², in Lambert-93) and share of it that the feature covers.
import type { Knex } from 'knex';
import type { ApiCartoLayer } from './layers.ts';

export type Filter = { geomEwkb: string | null; partition: string | null; categorie: string | null; limit: number; start: number };

export async function apiCartoFeatures(knex: Knex, layer: ApiCartoLayer, f: Filter): Promise<{ total: number; features: unknown[] }> {
  const where = [layer.where ?? 'true'];
  const bindings: Knex.RawBinding[] = [f.geomEwkb];
  if (f.geomEwkb) where.push(layer.intersects ?? `ST_Intersects(${layer.geom}, q.g)`);
  if (f.partition) { where.push(`${layer.partition} = ?`); bindings.push(f.partition); }
  if (f.categorie && layer.categorie) { where.push('t.suptype = lower(?)'); bindings.push(f.categorie); }
  bindings.push(f.limit, f.start);
  const sql = `
    WITH q AS (SELECT ?::geometry AS g),
    qa AS (SELECT g, CASE WHEN ST_Dimension(g) = 2 THEN ST_Area(g) END AS area FROM q),
    hits AS (
      SELECT properties, geom, count(*) OVER () AS total FROM (
        SELECT ${layer.properties} AS properties, ${layer.geom} AS geom
        FROM ${layer.from}, q
        WHERE ${where.join(' AND ')}) x
      ORDER BY (properties->>'gid')::bigint NULLS LAST, properties->>'name'
      LIMIT ? OFFSET ?
    )
    SELECT h.total::int AS total,
      json_build_object('type', 'Feature',
        'id', '${layer.typeName}.' || coalesce(h.properties->>'gid', h.properties->>'name'),
        'geometry', ST_AsGeoJSON(ST_Transform(h.geom, 4326), 8)::json,
        'geometry_name', 'the_geom',
        'properties', CASE WHEN qa.area > 0 THEN (h.properties::jsonb || jsonb_build_object(
            'intersection_area', round(ST_Area(ST_Intersection(h.geom, qa.g, 1e-8))::numeric, 2),
            'intersection_share', round((100 * ST_Area(ST_Intersection(h.geom, qa.g, 1e-8)) / qa.area)::numeric, 4)))::json
          ELSE h.properties END) AS feature
    FROM hits h, qa`;
  const { rows } = await knex.raw(sql, bindings);
  return { total: rows[0]?.total ?? 0, features: rows.map((r: { feature: unknown }) => r.feature) };
}

const PARCELLE_SQL = `
  WITH q AS (SELECT ?::geometry AS g),
  hits AS (
    SELECT p.*, c.nom AS nom_com, count(*) OVER () AS total
    FROM cadastre_parcelles p LEFT JOIN communes c ON c.insee = p.commune, q
    WHERE (?::text IS NULL OR p.commune = ?)
      AND (?::text IS NULL OR p.section = ?)
      AND (?::text IS NULL OR p.numero = ?)
      AND (?::text IS NULL OR p.prefixe = ?)
      AND (q.g IS NULL OR ST_Intersects(p.geom, q.g))
    ORDER BY p.id
    LIMIT ? OFFSET ?
  )
  SELECT total::int AS total, json_build_object('type', 'Feature', 'id', 'parcelle.' || id,
    'geometry', ST_AsGeoJSON(ST_Transform(geom, 4326), 8)::json, 'geometry_name', 'geom',
    'properties', json_build_object('gid', NULL, 'numero', lpad(numero, 4, '0'), 'feuille', NULL,
      'section', lpad(section, 2, '0'), 'code_dep', left(commune, 2), 'nom_com', nom_com, 'code_com', right(commune, 3),
      'com_abs', prefixe, 'code_arr', '000', 'idu', id, 'contenance', contenance, 'code_insee', commune)) AS feature
  FROM hits`;

export type ParcelleFilter = { commune: string | null; section: string | null; numero: string | null; prefixe: string | null; geomEwkb: string | null; limit: number; start: number };

export async function apiCartoParcelles(knex: Knex, f: ParcelleFilter): Promise<{ total: number; features: unknown[] }> {
  const { rows } = await knex.raw(PARCELLE_SQL, [f.geomEwkb, f.commune, f.commune, f.section, f.section, f.numero, f.numero, f.prefixe, f.prefixe, f.limit, f.start]);
  return { total: rows[0]?.total ?? 0, features: rows.map((r: { feature: unknown }) => r.feature) };
}

export async function communeExists(knex: Knex, insee: string): Promise<boolean> {
  const { rows } = await knex.raw(
    'SELECT EXISTS (SELECT 1 FROM communes WHERE insee = ?) OR EXISTS (SELECT 1 FROM cadastre_parcelles WHERE commune = ?) AS e', [insee, insee]);
  return rows[0].e;
}
