// API Carto-shaped features, read by one statement per request. When the query geometry is a surface,
// each feature also carries the area (m², in Lambert-93) and share of it that the feature covers.
import type { Knex } from 'knex';
import type { ApiCartoLayer, CadastreLayer } from './layers.ts';

/** An equality or IN filter: SQL with its bindings. */
export type Condition = { sql: string; bindings: Knex.RawBinding[] };
export type Page = { geomEwkb: string | null; limit: number; start: number };

export type Feature = {
  type: 'Feature'; id: string; geometry: unknown; geometry_name: string;
  properties: Record<string, unknown>; bbox?: number[];
};

type Row = { total: number; id: string | null; geometry: unknown; bbox: number[] | null; properties: Record<string, unknown> | null; area: number | null; share: number | null };

// A number to be written with a decimal point even when whole (see `toJson`). The mark starts with
// U+0000, which no text from the database can hold, so no stored value can be taken for one.
const REAL_MARK = '\u0000real:';
const real = (n: number) => ({ toJSON: () => `${REAL_MARK}${n}` });

/**
 * JSON in which Real values keep a decimal point: OGR (QGIS) types a GeoJSON column Integer when all
 * its values are whole, so a share of exactly 100 % would make intersection_share an Integer field.
 */
export const toJson = (value: unknown): string =>
  JSON.stringify(value).replace(/"\\u0000real:(-?[0-9.e+-]+)"/g, (_, n: string) => (/[.e]/.test(n) ? n : `${n}.0`));

/**
 * The total matched (even past the last page) and the page's features. Properties keep API Carto's
 * order (json, not jsonb, which would sort them) and Terrier's intersection fields come last.
 */
export async function layerFeatures(knex: Knex, layer: ApiCartoLayer | CadastreLayer, conditions: Condition[], page: Page): Promise<{ total: number; features: Feature[] }> {
  const where = [layer.where ?? 'true', ...conditions.map((c) => c.sql)];
  if (page.geomEwkb) where.push(layer.intersects ?? `ST_Intersects(${layer.geom}, q.g)`);
  // The filters pick keys only; properties and geometries (a document's union of zones) are built
  // for the page's rows alone.
  const sql = `
    WITH q AS (SELECT ?::geometry AS g),
    qa AS (SELECT g, CASE WHEN ST_Dimension(g) = 2 THEN legal_area(g) END AS area FROM q),
    matched AS (SELECT ${layer.id} AS key FROM ${layer.from}, q WHERE ${where.join(' AND ')}),
    page AS (SELECT key FROM matched ORDER BY key LIMIT ? OFFSET ?),
    rows AS (
      SELECT ${layer.id} AS key, ${layer.properties} AS properties, ${layer.geom} AS geom
      FROM ${layer.from} WHERE ${layer.id} IN (SELECT key FROM page)),
    shown AS (SELECT r.*, ST_Transform(r.geom, 4326) AS g4326,
        CASE WHEN qa.area > 0 THEN legal_area(ST_Intersection(r.geom, qa.g, 1e-8)) END AS area, qa.area AS qarea
      FROM rows r, qa)
    SELECT (SELECT count(*) FROM matched)::int AS total, s.key::text AS id, s.properties,
      ST_AsGeoJSON(s.g4326, 8)::json AS geometry,
      CASE WHEN s.g4326 IS NOT NULL THEN json_build_array(round(ST_XMin(s.g4326)::numeric, 8), round(ST_YMin(s.g4326)::numeric, 8),
        round(ST_XMax(s.g4326)::numeric, 8), round(ST_YMax(s.g4326)::numeric, 8)) END AS bbox,
      round(s.area::numeric, 2) AS area, round((100 * s.area / s.qarea)::numeric, 4) AS share
    FROM (SELECT 1) one LEFT JOIN shown s ON true
    ORDER BY s.key`;
  const { rows } = await knex.raw(sql, [page.geomEwkb, ...conditions.flatMap((c) => c.bindings), page.limit, page.start]);
  const features = (rows as Row[]).filter((r) => r.id !== null).map((r): Feature => {
    const properties = r.area === null ? r.properties! : { ...r.properties, intersection_area: real(Number(r.area)), intersection_share: real(Number(r.share)) };
    const f: Feature = { type: 'Feature', id: `${layer.typeName}.${r.id}`, geometry: r.geometry, geometry_name: layer.geometryName ?? 'the_geom', properties };
    if (r.bbox) f.bbox = r.bbox.map(Number);
    return f;
  });
  return { total: rows[0]?.total ?? 0, features };
}

/** The Etalab communes among `codes` that Terrier knows (communes or parcels). */
export async function knownCommunes(knex: Knex, codes: string[]): Promise<string[]> {
  const marks = codes.map(() => '?').join(', ');
  const { rows } = await knex.raw(
    `SELECT insee FROM communes WHERE insee IN (${marks}) UNION SELECT DISTINCT commune FROM cadastre_parcelles WHERE commune IN (${marks})`,
    [...codes, ...codes]);
  return rows.map((r: { insee: string }) => r.insee);
}
