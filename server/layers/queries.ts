import type { Knex } from 'knex';
import { segment } from '../geometry/bbox.ts';
import type { LayerDef } from './registry.ts';

export type Bbox = [number, number, number, number];

/**
 * One layer's features inside a WGS84 bbox, as a GeoJSON FeatureCollection built by the database
 * (json_agg is far cheaper than building objects row by row in JS). The bbox is projected to
 * Lambert-93 once so the GiST index on the stored geometry is used.
 */
export async function layerGeoJson(knex: Knex, layer: LayerDef, bbox: Bbox, limit: number): Promise<{ json: string; count: number }> {
  const sql = `
    WITH f AS (
      SELECT ${layer.properties} AS properties, ST_AsGeoJSON(ST_Transform(t.geom, 4326), 7)::json AS geometry
      FROM ${layer.from}
      WHERE t.geom && ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 4326), ?), 2154)
      LIMIT ?
    )
    SELECT count(*)::int AS count,
           json_build_object('type', 'FeatureCollection', 'features',
             coalesce(json_agg(json_build_object('type', 'Feature', 'geometry', f.geometry, 'properties', f.properties)), '[]'::json))::text AS json
    FROM f`;
  const { rows } = await knex.raw(sql, [...bbox, segment(bbox), limit + 1]);
  return rows[0];
}
